"""Support around foster families (issue 17): reminders about conditions that did not
start, network groups with their meetings, mentor pairings with their check-ins."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ConditionReminder(models.Model):
    """The outbox row of one reminder that a condition did not start by its date
    (``fostercare/outbox.py``): created by the sweep when the condition falls overdue,
    due at office opening on that working day, sent once to the family's consultant and
    their manager. One per condition and date: a condition moved to a later date that
    again passes gets a new reminder."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    condition = models.ForeignKey(
        "families.AssessmentCondition",
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("condition"),
    )
    start_by = models.DateField(_("must start by"))
    due_at = models.DateTimeField(_("reminder due"))
    sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("failed delivery attempts"), default=0)
    error = models.CharField(_("last delivery error"), max_length=500, blank=True)
    retry_at = models.DateTimeField(_("next delivery attempt"), null=True, blank=True)
    failed_at = models.DateTimeField(_("reminder given up"), null=True, blank=True)
    without_recipient = models.BooleanField(_("sent without recipient"), default=False)
    send_lease_until = models.DateTimeField(_("being sent until"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("condition reminder")
        verbose_name_plural = _("condition reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "start_by"], name="condition_reminder_once_per_date"
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(sent_at__isnull=True, failed_at__isnull=True),
                name="condition_reminder_unsent_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.condition} ({self.start_by})"


class NetworkGroup(models.Model):
    """A fixed group of foster families meeting regularly (seed 001: 4-6 families,
    e.g. monthly), first facilitated, later on its own."""

    class State(models.TextChoices):
        FACILITATED = "facilitated", _("Facilitated")
        OWN = "own", _("On its own")
        ENDED = "ended", _("Ended")

    class Cadence(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        SIX_WEEKS = "six_weeks", _("Every six weeks")
        QUARTERLY = "quarterly", _("Quarterly")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="network_groups",
        verbose_name=_("responsible consultant"),
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilitated_groups",
        verbose_name=_("facilitator"),
        help_text=_("The supervisor or consultant who leads the meetings while facilitated."),
    )
    cadence = models.CharField(
        _("meets"), max_length=20, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.FACILITATED
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("network group")
        verbose_name_plural = _("network groups")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="network_group_ends_after_start",
                violation_error_message=_("The group cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(state="ended") | Q(ended_on__isnull=False),
                name="network_group_ended_has_date",
                violation_error_message=_("An ended group needs the date it ended."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class NetworkGroupMember(models.Model):
    """A family's membership of a group, from when to when."""

    group = models.ForeignKey(
        NetworkGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group")
    )
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.CASCADE,
        related_name="network_group_memberships",
        verbose_name=_("family"),
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["family__name", "id"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "family"],
                name="network_group_family_once",
                violation_error_message=_("The family is already in this group."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="network_group_member_leaves_after_joining",
                violation_error_message=_("A family cannot leave before it joined."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} – {self.group}"


class NetworkGroupMeeting(models.Model):
    """A meeting of a group, with the families who came."""

    group = models.ForeignKey(
        NetworkGroup, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("group")
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=150, blank=True)
    facilitated = models.BooleanField(_("facilitated"), default=True)
    attended = models.ManyToManyField(
        "families.Family", blank=True, related_name="+", verbose_name=_("families present")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("group meeting")
        verbose_name_plural = _("group meetings")

    def __str__(self) -> str:
        return f"{self.group} {self.held_on}"


class MentorPairing(models.Model):
    """A mentor family paired with a new or newly burdened family (seed 001)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    mentor = models.ForeignKey(
        "families.Family",
        on_delete=models.PROTECT,
        related_name="mentoring",
        verbose_name=_("mentor family"),
    )
    mentee = models.ForeignKey(
        "families.Family",
        on_delete=models.PROTECT,
        related_name="mentored_by",
        verbose_name=_("family with a mentor"),
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    started_on = models.DateField(_("starts on"))
    ended_on = models.DateField(_("ends on"), null=True, blank=True)
    exception_reason = models.TextField(
        _("reason for a mentor who does not meet the requirements"), blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("paired by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("mentor pairing")
        verbose_name_plural = _("mentor pairings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=F("mentee")),
                name="mentor_pairing_two_families",
                violation_error_message=_("A family cannot be its own mentor."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="mentor_pairing_ends_after_start",
                violation_error_message=_("The pairing cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"


class MentorCheckIn(models.Model):
    """The consultant's check-in on how a pairing goes."""

    pairing = models.ForeignKey(
        MentorPairing, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("pairing")
    )
    held_on = models.DateField(_("date"))
    notes = models.TextField(_("how it goes"))

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"{self.pairing} {self.held_on}"


class DevelopmentGoal(models.Model):
    """A goal in a foster family's development plan, followed across courses and
    supervision, with a review date (the consultant is reminded on it: the row is its
    own outbox, ``support/services/reminders.py``)."""

    class SetBy(models.TextChoices):
        FAMILY = "family", _("The foster family")
        CONSULTANT = "consultant", _("The consultant")
        SUPERVISOR = "supervisor", _("The supervisor")
        TOGETHER = "together", _("Together")

    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        DROPPED = "dropped", _("Dropped")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.CASCADE,
        related_name="development_goals",
        verbose_name=_("family"),
    )
    goal = models.CharField(_("goal"), max_length=300)
    set_by = models.CharField(_("set by"), max_length=20, choices=SetBy.choices)
    set_on = models.DateField(_("set on"))
    review_on = models.DateField(_("review on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    courses = models.ManyToManyField(
        "supervision.CourseRun", blank=True, related_name="+", verbose_name=_("courses")
    )
    sessions = models.ManyToManyField(
        "supervision.SupervisionSession",
        blank=True,
        related_name="+",
        verbose_name=_("supervision sessions"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    reminder_attempts = models.PositiveSmallIntegerField(default=0)
    reminder_error = models.CharField(max_length=500, blank=True)
    reminder_retry_at = models.DateTimeField(null=True, blank=True)
    send_lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review_on", "id"]
        verbose_name = _("development goal")
        verbose_name_plural = _("development goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(review_on__gte=F("set_on")),
                name="development_goal_review_after_start",
                violation_error_message=_("The review cannot be before the goal is set."),
            ),
        ]

    def __str__(self) -> str:
        return self.goal
