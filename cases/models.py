import uuid
from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cases.rules import STEP_REASONS
from families.models import FULL_TIME_KINDS, PlacementKind
from fostercare.accounts.models import DatedAssignment
from fostercare.cpr import mask_cpr, validate_cpr


class Child(models.Model):
    """A child or young person whose case the municipality holds.

    The CPR number is stored once, normalised (DDMMYY-SSSS), and shown masked
    everywhere but the child's own page; the birth date is derived from it.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("placing municipality"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    cpr = models.CharField(_("CPR number"), max_length=11, validators=[validate_cpr])
    birth_date = models.DateField(_("date of birth"))
    school = models.CharField(_("school or daycare"), max_length=200, blank=True)
    needs = models.TextField(_("needs"), blank=True)
    wishes = models.TextField(
        _("the child's wishes"), blank=True, help_text=_("Among others: who to live with.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = _("child")
        verbose_name_plural = _("children")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cpr"],
                name="child_cpr_unique_per_municipality",
                violation_error_message=_("A child with this CPR number is already registered."),
            ),
            models.CheckConstraint(
                condition=models.Q(cpr__regex=r"^[0-9]{6}-[0-9]{4}$"), name="child_cpr_format"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_cpr(self) -> str:
        return mask_cpr(self.cpr)

    def age_on(self, day: date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class CaseworkerAssignment(DatedAssignment):
    """Who is the child's caseworker (rådgiver), from when to when, and why it changed."""

    record_field = "child"
    staff_field = "caseworker"
    same_person_message = _("This is already the child's caseworker.")
    too_early_message = _("The new caseworker cannot start before the current one did.")

    child = models.ForeignKey(
        Child,
        on_delete=models.CASCADE,
        related_name="caseworker_assignments",
        verbose_name=_("child"),
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_assignments",
        verbose_name=_("caseworker"),
    )

    class Meta(DatedAssignment.Meta):
        verbose_name = _("caseworker assignment")
        verbose_name_plural = _("caseworker assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ends_on__isnull=True),
                name="child_one_current_caseworker",
                violation_error_message=_("The child already has a current caseworker."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="caseworker_assignment_dates_ordered",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]


class Consent(models.TextChoices):
    WITH = "with", _("With consent (samtykke)")
    WITHOUT = "without", _("Without consent (tvang)")


class EndReason(models.TextChoices):
    RETURN_HOME = "return_home", _("Return home (hjemgivelse)")
    TURNED_18 = "turned_18", _("Turned 18")
    MOVED = "moved", _("Moved to another placement")
    BREAKDOWN = "breakdown", _("Breakdown (sammenbrud)")
    FAMILY_TERMINATED = "family_terminated", _("The foster family ended the contract")
    OTHER = "other", _("Other")


class BreakdownReason(models.TextChoices):
    NEEDS_GREATER = "needs_greater", _("The child's needs were greater than known")
    NETWORK_CONFLICT = "network_conflict", _("Conflict between the network and the parents")
    POOR_MATCH = "poor_match", _("Poor match")
    LATE_ASSESSMENT = "late_assessment", _("The child's needs were assessed late")
    FAMILY_RESOURCES = "family_resources", _("The family's resources or health")
    OTHER = "other", _("Other")


class Placement(models.Model):
    """A placement (anbringelse) of a child in a foster family."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="placements", verbose_name=_("child")
    )
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("foster family"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PlacementKind.choices)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=200,
        help_text=_("E.g. Barnets Lov § 46 (with consent) or § 47 (without consent)."),
    )
    consent = models.CharField(_("consent"), max_length=10, choices=Consent.choices)
    start_date = models.DateField(_("start"))
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=EndReason.choices, blank=True
    )
    breakdown_reasons = ArrayField(
        models.CharField(max_length=30, choices=BreakdownReason.choices),
        verbose_name=_("breakdown reasons"),
        default=list,
        blank=True,
    )
    end_note = models.CharField(_("note on the end"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        indexes = [
            models.Index(
                fields=["family", "kind"],
                condition=Q(end_date__isnull=True),
                name="placement_active_by_family_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(end_date__isnull=True, kind__in=FULL_TIME_KINDS),
                name="child_one_active_full_time_placement",
                violation_error_message=_(
                    "The child already has an active full-time placement; a child can have "
                    "only one. End it, or record a change of placement."
                ),
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True) | Q(planned_end__gte=F("start_date")),
                name="placement_planned_end_after_start",
                violation_error_message=_("The planned end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="placement_end_after_start",
                violation_error_message=_("The placement cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(end_reason=""))
                | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="placement_end_has_reason",
                violation_error_message=_("An ended placement needs an end date and a reason."),
            ),
            models.CheckConstraint(
                condition=Q(end_reason="breakdown") | Q(breakdown_reasons=[]),
                name="placement_breakdown_reasons_only_for_breakdown",
                violation_error_message=_("Breakdown reasons belong to a breakdown only."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} – {self.family} ({self.get_kind_display()})"

    @property
    def is_active(self) -> bool:
        return self.end_date is None

    @property
    def is_full_time(self) -> bool:
        return self.kind in FULL_TIME_KINDS

    def get_breakdown_reasons_display(self) -> list[str]:
        labels = dict(BreakdownReason.choices)
        return [str(labels.get(r, r)) for r in self.breakdown_reasons]


class Initiator(models.TextChoices):
    MUNICIPALITY = "municipality", _("The municipality")
    FOSTER_FAMILY = "foster_family", _("The foster family")
    CHILD = "child", _("The child")
    PARENTS = "parents", _("The parents")


class PlacementChange(models.Model):
    """A change of placement (ændring af anbringelsessted): the decision to move a child
    from a foster family. It cannot be completed until the three legal steps are
    recorded with dates, or an acute exception is recorded with its reason."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being prepared")
        COMPLETED = "completed", _("Completed: the child has moved")
        CANCELLED = "cancelled", _("Cancelled")

    STEP_FIELDS = tuple(STEP_REASONS)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="placement_changes", verbose_name=_("child")
    )
    from_placement = models.ForeignKey(
        Placement,
        on_delete=models.PROTECT,
        related_name="changes_from",
        verbose_name=_("current placement"),
    )
    to_family = models.ForeignKey(
        "families.Family",
        on_delete=models.PROTECT,
        related_name="incoming_changes",
        verbose_name=_("new foster family"),
    )
    kind = models.CharField(
        _("kind of the new placement"), max_length=20, choices=PlacementKind.choices
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    consent = models.CharField(_("consent"), max_length=10, choices=Consent.choices)
    planned_move_on = models.DateField(_("planned move date"))
    reason = models.TextField(_("reason for the move"))
    initiated_by = models.CharField(_("initiated by"), max_length=20, choices=Initiator.choices)
    poor_match = models.BooleanField(_("a poor match played a part"), default=False)
    late_assessment = models.BooleanField(
        _("a late assessment of the child played a part"), default=False
    )
    old_end_reason = models.CharField(
        _("why the current placement ends"),
        max_length=20,
        choices=[
            (EndReason.MOVED.value, EndReason.MOVED.label),
            (EndReason.BREAKDOWN.value, EndReason.BREAKDOWN.label),
            (EndReason.FAMILY_TERMINATED.value, EndReason.FAMILY_TERMINATED.label),
        ],
        default=EndReason.MOVED,
    )
    breakdown_reasons = ArrayField(
        models.CharField(max_length=30, choices=BreakdownReason.choices),
        verbose_name=_("breakdown reasons"),
        default=list,
        blank=True,
    )
    action_plan_revised_on = models.DateField(_("action plan revised on"), null=True, blank=True)
    child_conversation_on = models.DateField(
        _("conversation with the child held on"), null=True, blank=True
    )
    family_statement_on = models.DateField(
        _("foster family's statement obtained on"), null=True, blank=True
    )
    acute_exception = models.BooleanField(_("acute exception"), default=False)
    acute_reason = models.TextField(_("reason for the acute exception"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    completed_on = models.DateField(_("moved on"), null=True, blank=True)
    new_placement = models.OneToOneField(
        Placement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_into",
        verbose_name=_("new placement"),
    )
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for the cancellation"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("change of placement")
        verbose_name_plural = _("changes of placement")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="completed")
                | (
                    Q(
                        action_plan_revised_on__isnull=False,
                        child_conversation_on__isnull=False,
                        family_statement_on__isnull=False,
                    )
                    | (Q(acute_exception=True) & ~Q(acute_reason=""))
                ),
                name="placement_change_completed_has_steps",
                violation_error_message=_(
                    "A change of placement cannot be completed until the action plan is "
                    "revised, the child is heard and the foster family's statement is "
                    "obtained, or an acute exception is recorded with its reason."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="completed")
                | Q(completed_on__isnull=False, new_placement__isnull=False),
                name="placement_change_completed_has_placement",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled")
                | (Q(cancelled_on__isnull=False) & ~Q(cancel_reason="")),
                name="placement_change_cancelled_has_reason",
                violation_error_message=_("A cancelled change of placement needs its reason."),
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status="open"),
                name="child_one_open_placement_change",
                violation_error_message=_(
                    "The child already has a change of placement in preparation."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} → {self.to_family}"

    @property
    def missing_steps(self) -> list[tuple[str, str, str]]:
        """``(field, label, why)`` for each legal step not yet recorded."""
        if self.acute_exception and self.acute_reason.strip():
            return []
        return [
            (name, str(self._meta.get_field(name).verbose_name), str(why))
            for name, why in STEP_REASONS.items()
            if getattr(self, name) is None
        ]

    @property
    def steps(self) -> list[tuple[str, date | None, str]]:
        return [
            (str(self._meta.get_field(name).verbose_name), getattr(self, name), str(why))
            for name, why in STEP_REASONS.items()
        ]


class ActionPlan(models.Model):
    """An action plan (handleplan) for the child; a revision is a new version."""

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="action_plans", verbose_name=_("child")
    )
    adopted_on = models.DateField(_("adopted or revised on"))
    goals = models.TextField(_("goals"))
    next_review_on = models.DateField(_("next review"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-adopted_on", "-id"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__gt=F("adopted_on")),
                name="action_plan_review_after_adoption",
                violation_error_message=_("The review must be after the plan is adopted."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} ({self.adopted_on})"


class StatutoryVisitQuerySet(models.QuerySet):
    def counting(self) -> "StatutoryVisitQuerySet":
        """The visits that reset the half-year deadline (``rules.visit_resets_deadline``):
        the child was spoken with alone, or the visit says why not."""
        return self.filter(Q(spoken_alone=True) | ~Q(not_alone_reason=""))


class StatutoryVisit(models.Model):
    """A statutory supervision visit (tilsynsbesøg) to a placed child. Only a visit where
    the child was spoken with alone, or with a recorded reason why not, counts for the
    deadline (Barnets Lov § 156, stk. 5; see ``cases.rules``)."""

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="visits", verbose_name=_("child")
    )
    visited_on = models.DateField(_("date"))
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("visitor"),
    )
    spoken_alone = models.BooleanField(_("spoke with the child alone"), default=False)
    not_alone_reason = models.TextField(
        _("why the child was not spoken with alone"),
        blank=True,
        help_text=_(
            "Only when the child was not spoken with alone. Without a reason the visit does "
            "not count: the child stays due for a visit (Barnets Lov § 156, stk. 5)."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = StatutoryVisitQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("statutory visit")
        verbose_name_plural = _("statutory visits")
        indexes = [models.Index(fields=["child", "-visited_on"], name="visit_child_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(spoken_alone=False) | Q(not_alone_reason=""),
                name="visit_not_alone_reason_only_when_not_alone",
                violation_error_message=_(
                    "A reason for not speaking with the child alone belongs only to a visit "
                    "where the child was not spoken with alone."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} ({self.visited_on})"

    @property
    def resets_deadline(self) -> bool:
        from cases.rules import visit_resets_deadline

        return visit_resets_deadline(
            spoken_alone=self.spoken_alone, not_alone_reason=self.not_alone_reason
        )


def next_visit_due(last_visit: date | None, placed_since: date | None) -> date | None:
    """The next statutory visit is due half a year after the last (or after the start of
    the placement); a child not placed is not due a visit."""
    from cases.rules import VISIT_INTERVAL_DAYS

    since = last_visit or placed_since
    return since + timedelta(days=VISIT_INTERVAL_DAYS) if since else None


class ContactArrangement(models.Model):
    """Contact between a placed child and the birth parents or network (samvær): with
    whom, how often, supervised or not, where, the decision and its date. A new
    arrangement ends the previous one the day before it starts, so the history stays
    (Barnets Lov §§ 103-107, "Samvær og kontakt"; see ``cases.rules``)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(
        Child,
        on_delete=models.CASCADE,
        related_name="contact_arrangements",
        verbose_name=_("child"),
    )
    with_whom = models.CharField(
        _("contact with"), max_length=200, help_text=_("E.g. the mother, the father, a sibling.")
    )
    frequency = models.CharField(
        _("how often"), max_length=200, help_text=_("E.g. every other weekend, Saturday 10-14.")
    )
    supervised = models.BooleanField(_("supervised contact"), default=False)
    place = models.CharField(_("where"), max_length=200)
    decision = models.CharField(
        _("the decision"),
        max_length=300,
        help_text=_(
            "Who decided, and on what basis, e.g. by agreement or a decision on supervised contact."
        ),
    )
    decided_on = models.DateField(_("decided on"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("contact arrangement")
        verbose_name_plural = _("contact arrangements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="contact_arrangement_end_after_start",
                violation_error_message=_("The arrangement cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ends_on__isnull=True),
                name="child_one_open_contact_arrangement",
                violation_error_message=_("The child already has a current contact arrangement."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child}: {self.with_whom} ({self.starts_on})"


class InformationItem(models.TextChoices):
    """What the foster family is told about the child when the placement starts."""

    HISTORY = "history", _("The child's history")
    PLAN = "plan", _("The action plan (the child's plan)")
    HEALTH = "health", _("Health")
    SCHOOL = "school", _("School or daycare")
    CONTACT = "contact", _("The contact arrangement")


class InformationGiven(models.Model):
    """A log row: information about the child given to the foster family of a placement,
    what, when and by whom (issue 16: missing information is a main cause of conflict)."""

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="information_given",
        verbose_name=_("placement"),
    )
    item = models.CharField(_("information"), max_length=20, choices=InformationItem.choices)
    given_on = models.DateField(_("given on"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("given by"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["given_on", "id"]
        verbose_name = _("information given")
        verbose_name_plural = _("information given")

    def __str__(self) -> str:
        return f"{self.placement}: {self.get_item_display()} ({self.given_on})"
