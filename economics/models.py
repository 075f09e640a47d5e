"""The money of foster care: the national rate tables, a municipality's economics
settings, fees per placed child, a network family's applications for other and
extraordinary costs and for lost earnings, the decisions on them and the letters
that tell the family.

A fee and an application belong to a placement (a child in a family): a family with
two placed children has two fees and two 20,000 kr. allowances. The family is kept on
the row too: it scopes the row to the municipality and keeps a fee agreement that the
move from per-family fees could not give a child (``needs_assignment``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from economics.rules import DEFAULT_RESPONSE_WORKING_DAYS, DailyRates, FeeUnit

MONEY = {"max_digits": 12, "decimal_places": 2}
RATE = {"max_digits": 8, "decimal_places": 2}


# --- national tables (kept by the platform operator, read by every municipality) ----------
class BoardAndLodgingRate(models.Model):
    """One year's national board-and-lodging rates, kroner per day per child (Barnets
    Lov § 197; formerly SEL § 55, stk. 4)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    under_ten = models.DecimalField(_("child under 10 (kr. per day)"), **RATE)
    ten_and_over = models.DecimalField(_("child of 10 and over (kr. per day)"), **RATE)
    third_and_later = models.DecimalField(_("third and later child, any age (kr. per day)"), **RATE)
    is_demo = models.BooleanField(
        _("demo — not the published rates"),
        default=False,
        help_text=_("Entered by the demo data. Never used for real payments."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("board-and-lodging rates")
        verbose_name_plural = _("board-and-lodging rates")
        constraints = [
            models.CheckConstraint(
                condition=Q(under_ten__gt=0, ten_and_over__gt=0, third_and_later__gt=0),
                name="board_rates_positive",
                violation_error_message=_("Rates are positive amounts."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="board_rates_year_sensible",
                violation_error_message=_("Give a year between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def as_rates(self) -> DailyRates:
        return DailyRates(self.under_ten, self.ten_and_over, self.third_and_later)


class FeeUnitRate(models.Model):
    """One year's fee unit (vederlag) as KL publishes it: per day and per month (the
    daily unit × 365/12), regulated every 1 January."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    per_day = models.DecimalField(_("per day (kr.)"), **RATE)
    per_month = models.DecimalField(_("per month (kr.)"), **RATE)
    is_demo = models.BooleanField(
        _("demo — not the published rates"),
        default=False,
        help_text=_("Entered by the demo data. Never used for real payments."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("fee unit")
        verbose_name_plural = _("fee units")
        constraints = [
            models.CheckConstraint(
                condition=Q(per_day__gt=0, per_month__gt=0),
                name="fee_unit_positive",
                violation_error_message=_("Rates are positive amounts."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="fee_unit_year_sensible",
                violation_error_message=_("Give a year between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def as_unit(self) -> FeeUnit:
        return FeeUnit(self.per_day, self.per_month)


# --- a municipality's settings -----------------------------------------------------------
class EconomicsSettings(models.Model):
    """A municipality's own deadline for deciding applications (retssikkerhedsloven
    § 3, stk. 2: each municipality sets its deadlines); without a row the default holds."""

    municipality = models.OneToOneField(
        "accounts.Municipality",
        on_delete=models.CASCADE,
        related_name="economics_settings",
        verbose_name=_("municipality"),
    )
    response_working_days = models.PositiveSmallIntegerField(
        _("deadline for a decision (working days)"),
        default=DEFAULT_RESPONSE_WORKING_DAYS,
        help_text=_(
            "Applications from network families not decided within this many working days "
            "show as late on the worklist and in the figures."
        ),
    )

    class Meta:
        verbose_name = _("economics settings")
        verbose_name_plural = _("economics settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(response_working_days__gte=1, response_working_days__lte=60),
                name="economics_deadline_sensible",
                violation_error_message=_("Give a deadline of 1 to 60 working days."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.municipality)


# --- fees per child -------------------------------------------------------------------------
class RequestedBy(models.TextChoices):
    FAMILY = "family", _("The family")
    MUNICIPALITY = "municipality", _("The municipality")


class FeeAgreement(models.Model):
    """The fee (vederlag) agreed for one placed child in a generally approved family:
    a number of fee units × the year's unit, for a period within the placement.

    An agreement carried over from the time fees were agreed per family keeps what was
    agreed then: the amount per month (``fixed_monthly_amount``, paid as it was until
    a renegotiation sets units) and the level in words (``legacy_level``). One that
    could not be given a child (no child, or several, placed in its period) has no
    placement and says why in ``needs_assignment``; a consultant assigns it.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.PROTECT,
        related_name="fee_agreements",
        verbose_name=_("foster family"),
    )
    placement = models.ForeignKey(
        "cases.Placement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fee_agreements",
        verbose_name=_("placed child"),
    )
    units = models.DecimalField(
        _("fee units"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The number of fee units for the child; the fee is units × the year's unit."),
    )
    fixed_monthly_amount = models.DecimalField(
        _("agreed amount per month (kr.)"),
        null=True,
        blank=True,
        help_text=_("Only for agreements from before fees were agreed per child."),
        **MONEY,
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    legacy_level = models.CharField(_("level agreed per family"), max_length=50, blank=True)
    needs_assignment = models.CharField(_("to be assigned to a child"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("fee agreement")
        verbose_name_plural = _("fee agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(units__isnull=True) | Q(units__gt=0),
                name="fee_units_positive",
                violation_error_message=_("The number of fee units must be more than 0."),
            ),
            models.CheckConstraint(
                condition=Q(fixed_monthly_amount__isnull=True) | Q(fixed_monthly_amount__gte=0),
                name="fee_fixed_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(units__isnull=False) | Q(fixed_monthly_amount__isnull=False),
                name="fee_has_units_or_amount",
                violation_error_message=_("Give the number of fee units."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="fee_agreement_dates_ordered",
                violation_error_message=_("The agreement cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(placement__isnull=False) | ~Q(needs_assignment=""),
                name="fee_agreement_child_or_reason",
                violation_error_message=_("Choose the placed child the fee is for."),
            ),
            models.UniqueConstraint(
                fields=["placement"],
                condition=Q(valid_to__isnull=True, placement__isnull=False),
                name="placement_one_open_fee_agreement",
                violation_error_message=_("The child already has an open fee agreement."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family}: {self.level_text}"

    @property
    def paying_municipality_id(self) -> int:
        """The municipality that pays the fee: the one that placed the child (also with
        another municipality's family); without a child, the family's own, which
        agreed it (``economics.selectors.fees.fee_paid_by_q``)."""
        if self.placement_id is None:
            return self.family.municipality_id
        return self.placement.child.municipality_id

    @property
    def level_text(self) -> str:
        if self.units is not None:
            return _("%(units)s fee units") % {"units": f"{self.units.normalize():f}"}
        return self.legacy_level or str(_("agreed amount"))

    @property
    def is_open(self) -> bool:
        return self.valid_to is None


class FeeRenegotiation(models.Model):
    """A renegotiation of a child's fee: the most frequent cause of conflict (seed 000).
    It may be recorded while it goes on and concluded later; the reason it was asked
    for and the reason for its outcome are both kept."""

    class Result(models.TextChoices):
        PENDING = "pending", _("Ongoing")
        RAISED = "raised", _("Fee raised")
        LOWERED = "lowered", _("Fee lowered")
        UNCHANGED = "unchanged", _("Unchanged")
        NO_AGREEMENT = "no_agreement", _("No agreement")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(
        FeeAgreement,
        on_delete=models.CASCADE,
        related_name="renegotiations",
        verbose_name=_("fee agreement"),
    )
    date = models.DateField(_("date"))
    requested_by = models.CharField(_("requested by"), max_length=20, choices=RequestedBy.choices)
    reason = models.TextField(_("reason"))
    result = models.CharField(
        _("result"), max_length=20, choices=Result.choices, default=Result.PENDING
    )
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    outcome_reason = models.TextField(_("reason for the outcome"), blank=True)
    new_agreement = models.OneToOneField(
        FeeAgreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renegotiated_from",
        verbose_name=_("new agreement"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("fee renegotiation")
        verbose_name_plural = _("fee renegotiations")
        constraints = [
            models.CheckConstraint(
                condition=(Q(result="pending") & Q(concluded_on__isnull=True))
                | (~Q(result="pending") & Q(concluded_on__isnull=False)),
                name="fee_renegotiation_concluded_has_date",
                violation_error_message=_("A concluded renegotiation needs the date it ended."),
            ),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=F("date")),
                name="fee_renegotiation_concluded_after_start",
                violation_error_message=_("The renegotiation cannot end before it was asked for."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} ({self.date})"

    @property
    def is_pending(self) -> bool:
        return self.result == self.Result.PENDING


# --- applications and decisions (network families) ---------------------------------------------
class ApplicationKind(models.TextChoices):
    OTHER_COSTS = "other_costs", _("Other and extraordinary costs")
    LOST_EARNINGS = "lost_earnings", _("Lost earnings")


class CostCategory(models.TextChoices):
    TRANSPORT = "transport", _("Transport and car")
    DRIVING_LICENCE = "driving_licence", _("Driving licence")
    HOUSING = "housing", _("Larger home and rent")
    FURNITURE = "furniture", _("Furniture and equipment")
    LEISURE = "leisure", _("Leisure")
    CLOTHING = "clothing", _("Clothing")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


class ExpenseApplication(models.Model):
    """A network family's application for other and extraordinary costs, or for lost
    earnings, for one placed child. What was applied for is kept as received; the
    decision is a row of its own (``ExpenseDecision``), made once."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.PROTECT,
        related_name="expense_applications",
        verbose_name=_("foster family"),
    )
    placement = models.ForeignKey(
        "cases.Placement",
        on_delete=models.PROTECT,
        related_name="expense_applications",
        verbose_name=_("placed child"),
    )
    kind = models.CharField(_("applied for"), max_length=20, choices=ApplicationKind.choices)
    received_on = models.DateField(_("received on"))
    category = models.CharField(
        _("what for"), max_length=20, choices=CostCategory.choices, blank=True
    )
    description = models.TextField(_("description"))
    amount_applied = models.DecimalField(
        _("amount applied for (kr.)"),
        null=True,
        blank=True,
        help_text=_("For lost earnings: per month."),
        **MONEY,
    )
    agreed_beforehand = models.BooleanField(
        _("agreed with the municipality before it was paid"), default=False
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    documented = models.BooleanField(_("documentation presented"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["municipality", "received_on"], name="application_received_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_applied__isnull=True) | Q(amount_applied__gt=0),
                name="application_amount_positive",
                violation_error_message=_("The amount must be more than 0 kr."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="other_costs")
                | (Q(amount_applied__isnull=False) & ~Q(category="")),
                name="application_costs_have_amount_and_category",
                violation_error_message=_(
                    "An application for other costs needs what it is for and an amount."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(agreed_beforehand=True) & Q(agreed_on__isnull=False))
                | (Q(agreed_beforehand=False) & Q(agreed_on__isnull=True)),
                name="application_agreed_has_date",
                violation_error_message=_(
                    "Give the date the expense was agreed, and only if it was agreed beforehand."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.family} ({self.received_on:%d-%m-%Y})"

    @property
    def child(self):
        return self.placement.child


class DecisionOutcome(models.TextChoices):
    FULL = "full", _("Granted in full")
    PARTIAL = "partial", _("Granted in part")
    REFUSED = "refused", _("Refused")


class DecisionRule(models.TextChoices):
    DOCUMENTED = "documented", _("Documented need (other and extraordinary costs)")
    UNDOCUMENTED = "undocumented", _("Without documentation, agreed beforehand, within 20,000 kr.")
    LOST_EARNINGS = "lost_earnings", _("Lost earnings after a concrete assessment")
    REFUSED = "refused", _("Refused: no need beyond board and lodging shown")


class ExpenseDecision(models.Model):
    """The decision on an application: one per application (a database rule, so two
    people deciding at the same moment cannot both save one). It keeps its reasons,
    since the family may appeal it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.OneToOneField(
        ExpenseApplication,
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("application"),
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=DecisionOutcome.choices)
    amount = models.DecimalField(
        _("amount granted (kr.)"), help_text=_("For lost earnings: per month."), **MONEY
    )
    rule = models.CharField(_("rule applied"), max_length=20, choices=DecisionRule.choices)
    reasons = models.TextField(_("reasons"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("decided on"))
    due_on = models.DateField(
        _("paid out on"),
        null=True,
        blank=True,
        help_text=_("Other costs: the payment list of this month includes the grant."),
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    income_basis = models.DecimalField(
        _("monthly income it is based on (kr.)"), null=True, blank=True, **MONEY
    )
    review_on = models.DateField(_("review on"), null=True, blank=True)
    paid_amount = models.DecimalField(_("paid so far (kr.)"), default=0, **MONEY)
    paid_on = models.DateField(_("last paid on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["due_on"], name="decision_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(outcome="refused") & Q(amount=0))
                | (~Q(outcome="refused") & Q(amount__gt=0)),
                name="decision_amount_matches_outcome",
                violation_error_message=_("A grant is more than 0 kr.; a refusal grants nothing."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | (Q(starts_on__isnull=False) & Q(ends_on__gte=F("starts_on"))),
                name="decision_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__gte=0) & Q(paid_amount__lte=F("amount"))
                | Q(rule="lost_earnings", paid_amount__gte=0),
                name="decision_paid_within_grant",
                violation_error_message=_("More cannot be paid than was granted."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} – {self.application}"

    @property
    def is_grant(self) -> bool:
        return self.outcome != DecisionOutcome.REFUSED


class DecisionLetter(models.Model):
    """The letter that tells the family the decision, kept exactly as issued: a later
    change of the template does not change a letter that has gone out."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.OneToOneField(
        ExpenseDecision,
        on_delete=models.PROTECT,
        related_name="letter",
        verbose_name=_("decision"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("letter"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )

    class Meta:
        verbose_name = _("decision letter")
        verbose_name_plural = _("decision letters")

    def __str__(self) -> str:
        return self.title
