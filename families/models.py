import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.rules import LEGACY_APPROVAL_CUTOFF
from fostercare.accounts.models import DatedAssignment
from fostercare.cpr import mask_cpr, validate_cpr


class Family(models.Model):
    """A foster-family household in the municipality's register."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="families",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("family name"), max_length=150, help_text=_("E.g. Familien Jensen"))
    street = models.CharField(_("address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=4)
    city = models.CharField(_("city"), max_length=100)
    district = models.CharField(_("district"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30)
    phone_secondary = models.CharField(_("other phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    languages = ArrayField(
        models.CharField(max_length=50),
        verbose_name=_("languages"),
        default=list,
        blank=True,
        help_text=_("Separate with commas."),
    )
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("foster family")
        verbose_name_plural = _("foster families")
        indexes = [
            models.Index(fields=["municipality", "name"], name="family_municipality_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(postal_code__regex=r"^[0-9]{4}$"),
                name="family_postal_code_four_digits",
                violation_error_message=_("A postal code has four digits."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postal_code} {self.city}"


class FamilyMember(models.Model):
    class Kind(models.TextChoices):
        FOSTER_PARENT = "foster_parent", _("Foster parent")
        OWN_CHILD = "own_child", _("Own child")
        OTHER_ADULT = "other_adult", _("Other adult in the home")

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="members", verbose_name=_("family")
    )
    kind = models.CharField(_("member"), max_length=20, choices=Kind.choices)
    full_name = models.CharField(_("full name"), max_length=150)
    cpr = models.CharField(_("CPR number"), max_length=11, blank=True, validators=[validate_cpr])
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    occupation = models.CharField(_("occupation"), max_length=150, blank=True)

    class Meta:
        ordering = ["kind", "full_name"]
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="own_child") | Q(birth_year__isnull=False),
                name="member_own_child_has_birth_year",
                violation_error_message=_("Give the birth year of the family's own child."),
            ),
            models.CheckConstraint(
                condition=Q(cpr="") | Q(cpr__regex=r"^[0-9]{6}-[0-9]{4}$"),
                name="member_cpr_format",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def masked_cpr(self) -> str:
        return mask_cpr(self.cpr)


class ConsultantAssignment(DatedAssignment):
    """Who is the family's fixed consultant (fast familieplejekonsulent), from when to when."""

    record_field = "family"
    staff_field = "consultant"
    same_person_message = _("This is already the family's consultant.")
    too_early_message = _("The new consultant cannot start before the current one did.")

    family = models.ForeignKey(
        Family,
        on_delete=models.CASCADE,
        related_name="consultant_assignments",
        verbose_name=_("family"),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="family_assignments",
        verbose_name=_("consultant"),
    )

    class Meta(DatedAssignment.Meta):
        verbose_name = _("consultant assignment")
        verbose_name_plural = _("consultant assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(ends_on__isnull=True),
                name="family_one_current_consultant",
                violation_error_message=_("The family already has a current consultant."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="consultant_assignment_dates_ordered",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]


class PlacementKind(models.TextChoices):
    """The kinds of place an approval offers (its full-time and respite places) and a
    placement (cases) takes."""

    FULL_TIME = "doegnpleje", _("Full-time care (døgnpleje)")
    RESPITE = "aflastning", _("Respite (aflastning)")
    EMERGENCY = "akut", _("Emergency placement (akutanbringelse)")


# A child lives in one place: full-time care and an emergency placement both take a
# full-time place.
FULL_TIME_KINDS = (PlacementKind.FULL_TIME, PlacementKind.EMERGENCY)
RESPITE_KINDS = (PlacementKind.RESPITE,)


class ApprovalType(models.TextChoices):
    GENERAL = "almen", _("General (almen)")
    REINFORCED = "forstaerket", _("Reinforced (forstærket)")
    SPECIALISED = "specialiseret", _("Specialised (specialiseret)")
    NETWORK = "netvaerk", _("Network foster family (netværksplejefamilie)")
    SPECIFIC_LEGACY = "konkret", _("Specific approval (konkret godkendt, before 2019)")
    MUNICIPAL_LEGACY = "kommunal", _("Municipal foster family (kommunal, before 2019)")


GENERAL_TYPES = (ApprovalType.GENERAL, ApprovalType.REINFORCED, ApprovalType.SPECIALISED)
CHILD_SPECIFIC_TYPES = (ApprovalType.NETWORK, ApprovalType.SPECIFIC_LEGACY)
LEGACY_TYPES = (ApprovalType.SPECIFIC_LEGACY, ApprovalType.MUNICIPAL_LEGACY)


class ApprovalStatus(models.TextChoices):
    UNDER_ASSESSMENT = "under_assessment", _("Under assessment")
    APPROVED = "approved", _("Approved")
    SUSPENDED = "suspended", _("Suspended")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


CURRENT_STATUSES = (ApprovalStatus.APPROVED, ApprovalStatus.SUSPENDED)


class Approval(models.Model):
    """An approval (godkendelse) of a family for a type of care."""

    class Body(models.TextChoices):
        SOCIALTILSYN = "socialtilsyn", _("Socialtilsyn")
        MUNICIPALITY = "municipality", _("Municipality")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("family")
    )
    type = models.CharField(_("approval type"), max_length=20, choices=ApprovalType.choices)
    approving_body = models.CharField(_("approved by"), max_length=20, choices=Body.choices)
    approving_municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approving municipality"),
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    capacity_full_time = models.PositiveSmallIntegerField(_("places, full-time care"), default=0)
    capacity_respite = models.PositiveSmallIntegerField(_("places, respite"), default=0)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.UNDER_ASSESSMENT,
    )
    status_reason = models.CharField(_("reason for status"), max_length=300, blank=True)
    child = models.ForeignKey(
        "cases.Child",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="family_approvals",
        verbose_name=_("approved for child"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        indexes = [models.Index(fields=["status", "valid_to"], name="approval_status_valid_to_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(type__in=CHILD_SPECIFIC_TYPES) & Q(child__isnull=False))
                | (~Q(type__in=CHILD_SPECIFIC_TYPES) & Q(child__isnull=True)),
                name="approval_child_only_for_child_specific_types",
                violation_error_message=_(
                    "A network or specific approval is for exactly one child; "
                    "other approvals are not for a named child."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(type__in=LEGACY_TYPES) | Q(decision_date__lt=LEGACY_APPROVAL_CUTOFF),
                name="approval_legacy_only_before_2019_07_01",
                violation_error_message=_(
                    "Specific and municipal approvals cannot be granted after 1 July 2019."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="approval_valid_to_after_from",
                violation_error_message=_("The approval cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=CURRENT_STATUSES)
                | (Q(decision_date__isnull=False) & Q(valid_from__isnull=False)),
                name="approval_granted_has_dates",
                violation_error_message=_(
                    "An approved approval needs a decision date and a start date."
                ),
            ),
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(type__in=GENERAL_TYPES, status__in=CURRENT_STATUSES),
                name="family_one_current_general_approval",
                violation_error_message=_("The family already has a current general approval."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} – {self.family}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (
            self.status in CURRENT_STATUSES
            and (self.valid_from is None or self.valid_from <= today)
            and (self.valid_to is None or self.valid_to >= today)
        )

    @property
    def is_general(self) -> bool:
        return self.type in GENERAL_TYPES


class AssessmentCriterionKind(models.TextChoices):
    """Criteria of the network-family suitability assessment (DOMAIN.md; seed 002)."""

    MENTALISING = "mentalising", _("Mentalising ability")
    HOME = "home", _("Physical home conditions")
    EXTRA_SUPPORT = "extra_support", _("Need for extra support")
    OWN_UPBRINGING = "own_upbringing", _("Own upbringing")
    PARENTING = "parenting", _("Approach to raising children")
    AGE = "age", _("Age")
    PRACTICAL_NEEDS = "practical_needs", _("Practical needs (car, larger home)")
    FAMILY_CONFLICTS = "family_conflicts", _("Family conflicts")
    COOPERATION = "cooperation", _("Ability to cooperate with the municipality")
    LIMITS = "limits", _("Ability to hold limits towards the parents (contact rules)")
    ROBUSTNESS = "robustness", _("Robustness")
    EVERYDAY = "everyday", _("Everyday practicalities")
    EXPECTATIONS = "expectations", _("Expectations")
    OWN_CHILDREN = "own_children", _("Effect on own children")
    RESOURCES = "resources", _("Resources against the child's needs")
    CONFLICT_LEVEL = "conflict_level", _("Conflict level if placed without consent")


class Rating(models.IntegerChoices):
    STRONG = 1, _("Strength")
    ADEQUATE = 2, _("Adequate")
    CONCERN = 3, _("Concern")
    SERIOUS = 4, _("Serious concern")


class NetworkAssessment(models.Model):
    """The suitability assessment of a network family for one child (seed 002)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not decided")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("family")
    )
    child = models.ForeignKey(
        "cases.Child",
        on_delete=models.PROTECT,
        related_name="network_assessments",
        verbose_name=_("child"),
    )
    relation_to_child = models.TextField(
        _("relation to the child"),
        help_text=_("Who the family is to the child and how strong the relation is. Decisive."),
    )
    relation_rating = models.PositiveSmallIntegerField(
        _("strength of the relation"), choices=Rating.choices
    )
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="network_assessments", verbose_name=_("assessors")
    )
    started_on = models.DateField(_("assessment started"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_reason = models.TextField(_("reasons for the outcome"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    alignment_meeting_on = models.DateField(
        _("expectation-alignment meeting"), null=True, blank=True
    )
    alignment_participants = models.CharField(_("participants"), max_length=300, blank=True)
    alignment_notes = models.TextField(_("what was agreed"), blank=True)
    approval = models.OneToOneField(
        Approval,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessment",
        verbose_name=_("resulting approval"),
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("network-family assessment")
        verbose_name_plural = _("network-family assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="pending") | Q(decided_on__isnull=False),
                name="assessment_decided_has_date",
                violation_error_message=_("A decided assessment needs a decision date."),
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("started_on")),
                name="assessment_decided_after_started",
                violation_error_message=_("The decision cannot be before the assessment started."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} / {self.child}"


class AssessmentCriterion(models.Model):
    assessment = models.ForeignKey(
        NetworkAssessment, on_delete=models.CASCADE, related_name="criteria"
    )
    criterion = models.CharField(
        _("criterion"), max_length=30, choices=AssessmentCriterionKind.choices
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=Rating.choices, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="assessment_criterion_once"
            ),
        ]

    def __str__(self) -> str:
        return self.get_criterion_display()


class AssessmentCondition(models.Model):
    """Support the approval depends on, which must actually start by a date."""

    assessment = models.ForeignKey(
        NetworkAssessment, on_delete=models.CASCADE, related_name="conditions"
    )
    description = models.CharField(_("support that must start"), max_length=300)
    start_by = models.DateField(_("must start by"))
    started_on = models.DateField(_("started on"), null=True, blank=True)

    class Meta:
        ordering = ["start_by", "id"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")

    def __str__(self) -> str:
        return self.description
