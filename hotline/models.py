"""Emergency-hotline calls (henvendelser til akuttelefonen) and their follow-ups.

The follow-up row is the outbox (DESIGN.md, "Reminders that are never lost"): it is
created in the same transaction as the call. Its ``reminder_*`` fields are the
reminder's delivery state (sent, refused and retried, given up, without recipient);
``send_lease_until`` is the claim of the one sender sending a notice about it
(hotline/services/reminders.py).
"""

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _


class AnsweringOrganisation(models.TextChoices):
    INSTITUTION = "institution", _("Residential institution")
    SOCIAL_ON_CALL = "social_on_call", _("Social on-call service (social døgnvagt)")
    CONSULTANT_ON_DUTY = "consultant_on_duty", _("Consultant on duty")


class Topic(models.TextChoices):
    CHILD_REACTION = "child_reaction", _("The child's reactions or behaviour")
    BIRTH_PARENTS = "birth_parents", _("Contact with birth parents (samvær)")
    CHILD_MISSING = "child_missing", _("Child missing or ran away")
    ILLNESS = "illness", _("Illness or accident")
    FAMILY_CRISIS = "family_crisis", _("Crisis in the foster family")
    SCHOOL = "school", _("School or daycare")
    PRACTICAL = "practical", _("Practical matters")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    LOW = "low", _("Can wait")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("Acute")


class Outcome(models.TextChoices):
    CONTACTED = "contacted", _("Contacted the family")
    VISIT = "visit", _("Visit planned")
    SUPERVISION = "supervision", _("Supervision arranged")
    NO_ACTION = "no_action", _("No action needed")
    OTHER = "other", _("Other")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Not sent yet")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Not delivered yet – trying again")
    FAILED = "failed", _("Could not be delivered")


class HotlineCall(models.Model):
    """One call to the emergency hotline, registered by whoever answered it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The form's key: a double submit or a retry after an outage saves one call.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="hotline_calls",
        verbose_name=_("municipality"),
    )
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_calls",
        verbose_name=_("foster family"),
    )
    child = models.ForeignKey(
        "cases.Child",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_calls",
        verbose_name=_("child the call concerns"),
    )
    caller_details = models.TextField(
        _("caller details"),
        blank=True,
        help_text=_(
            "When the family is not found: who called, phone number, address, the children's "
            "names – everything the caller said."
        ),
    )
    called_at = models.DateTimeField(_("time of call"))
    caller_name = models.CharField(_("caller"), max_length=150, blank=True)
    caller_relation = models.CharField(
        _("caller's relation"), max_length=150, blank=True, help_text=_("E.g. foster mother.")
    )
    caller_phone = models.CharField(_("caller's phone"), max_length=30, blank=True)
    answered_by_organisation = models.CharField(
        _("answering organisation"), max_length=30, choices=AnsweringOrganisation.choices
    )
    answered_by_person = models.CharField(_("answered by"), max_length=150)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    topic_text = models.TextField(_("situation"), blank=True)
    advice = models.TextField(_("advice given"), blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    child_safety_at_risk = models.BooleanField(_("a child's safety is at risk"), default=False)
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=True)
    # A contact the family's own consultant took outside office hours (seed 001: families
    # often call their own consultant after hours), kept in the same register so the
    # hotline figures show the whole demand.
    taken_by_consultant = models.BooleanField(
        _("taken by the consultant outside office hours"), default=False
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="hotline_calls_registered",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["-called_at", "-id"]
        verbose_name = _("hotline call")
        verbose_name_plural = _("hotline calls")
        indexes = [
            models.Index(fields=["municipality", "-called_at"], name="hotline_call_muni_time_idx"),
            models.Index(fields=["registered_by", "-called_at"], name="hotline_call_registrar_idx"),
            # The family page's latest calls.
            models.Index(fields=["family", "-called_at"], name="hotline_call_family_time_idx"),
            # The call list's search (``icontains`` is ``UPPER(column) LIKE UPPER(...)``):
            # trigram indexes on the same expressions (pg_trgm).
            *(
                GinIndex(
                    OpClass(Upper(column), name="gin_trgm_ops"), name=f"hotline_call_{short}_trgm"
                )
                for column, short in (
                    ("caller_name", "caller"),
                    ("caller_details", "details"),
                    ("topic_text", "topic"),
                )
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_label} {self.called_at:%Y-%m-%d %H:%M}"

    @property
    def family_label(self) -> str:
        """The family's name; a call about a family not found says so, with the caller's
        name when they gave one ("Unknown family, caller: Anne")."""
        if self.family_id:
            return self.family.name
        if self.caller_name.strip():
            return _("Unknown family, caller: %(caller)s") % {"caller": self.caller_name.strip()}
        return str(_("Unknown family"))


class FollowUp(models.Model):
    """The fixed consultant's follow-up on a call, due at the next office opening."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    call = models.OneToOneField(
        HotlineCall, on_delete=models.CASCADE, related_name="follow_up", verbose_name=_("call")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_follow_ups",
        verbose_name=_("owner"),
        help_text=_("Empty until a manager assigns a call about an unknown family."),
    )
    due_at = models.DateTimeField(_("due"))
    urgent = models.BooleanField(_("urgent"), default=False)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    reminder_attempts = models.PositiveSmallIntegerField(_("failed delivery attempts"), default=0)
    reminder_error = models.CharField(_("last delivery error"), max_length=500, blank=True)
    reminder_retry_at = models.DateTimeField(_("next delivery attempt"), null=True, blank=True)
    reminder_failed_at = models.DateTimeField(_("reminder given up"), null=True, blank=True)
    reminder_failure_reported_at = models.DateTimeField(
        _("manager told of the undelivered reminder"), null=True, blank=True
    )
    reminder_without_recipient = models.BooleanField(
        _("without recipient"),
        default=False,
        help_text=_(
            "Neither an owner nor an active manager could receive the reminder; it goes to "
            "the municipality's fallback address and its administrators."
        ),
    )
    send_lease_until = models.DateTimeField(_("being sent until"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated to manager"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            # What the sweep looks for: due reminders not sent, open follow-ups not escalated.
            models.Index(
                fields=["due_at"],
                condition=Q(reminder_sent_at__isnull=True, reminder_failed_at__isnull=True),
                name="followup_unsent_due_idx",
            ),
            models.Index(
                fields=["reminder_failed_at"],
                condition=Q(
                    reminder_failed_at__isnull=False, reminder_failure_reported_at__isnull=True
                ),
                name="followup_unreported_fail_idx",
            ),
            models.Index(
                fields=["due_at"],
                condition=Q(done_at__isnull=True, escalated_at__isnull=True),
                name="followup_open_unescalated_idx",
            ),
            models.Index(fields=["owner", "done_at", "due_at"], name="followup_owner_idx"),
            # The follow-up list, newest due first: a page reads the index from its end
            # instead of sorting every follow-up of the municipality (issue 14).
            models.Index(fields=["due_at", "id"], name="followup_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(done_at__isnull=True) & Q(outcome=""))
                | (Q(done_at__isnull=False) & ~Q(outcome="")),
                name="followup_done_has_outcome",
                violation_error_message=_("A follow-up marked done needs an outcome."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.call)

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def get_reminder_status_display(self) -> str:
        return self.reminder_status.label

    @property
    def reminder_status(self) -> ReminderStatus:
        if self.reminder_sent_at is not None:
            return ReminderStatus.SENT
        if self.reminder_failed_at is not None:
            return ReminderStatus.FAILED
        if self.reminder_attempts or self.reminder_without_recipient:
            return ReminderStatus.RETRYING
        return ReminderStatus.PENDING

    @property
    def has_delivery_problem(self) -> bool:
        """What the managers' and admins' pages flag: no recipient, or not delivered."""
        return self.reminder_without_recipient or self.reminder_status in (
            ReminderStatus.RETRYING,
            ReminderStatus.FAILED,
        )


class FollowUpReassignment(models.Model):
    """A change of a follow-up's owner: by a person with a reason, or by the system
    (absence, assignment of a call about an unknown family)."""

    follow_up = models.ForeignKey(
        FollowUp,
        on_delete=models.CASCADE,
        related_name="reassignments",
        verbose_name=_("follow-up"),
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to"),
    )
    reason = models.CharField(_("reason"), max_length=300)
    # The form's key: a double submit or a retry after an outage reassigns once.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("follow-up reassignment")
        verbose_name_plural = _("follow-up reassignments")

    def __str__(self) -> str:
        return f"{self.follow_up}: {self.from_user} → {self.to_user}"


class ConsultantAbsence(models.Model):
    """A consultant's absence; their follow-ups falling due meanwhile go to the substitute."""

    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="absences",
        verbose_name=_("consultant"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="substitutions",
        verbose_name=_("substitute"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("consultant absence")
        verbose_name_plural = _("consultant absences")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="absence_dates_ordered",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(substitute=F("consultant")),
                name="absence_substitute_not_self",
                violation_error_message=_("The substitute must be another consultant."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultant}: {self.starts_on} – {self.ends_on}"


class HotlineSettings(models.Model):
    """A municipality's hotline settings, kept by its admin."""

    municipality = models.OneToOneField(
        "accounts.Municipality",
        on_delete=models.CASCADE,
        related_name="hotline_settings",
        verbose_name=_("municipality"),
    )
    fallback_email = models.EmailField(
        _("fallback e-mail address"),
        blank=True,
        help_text=_(
            "Reminders that nobody else can receive (no owner and no active manager) go "
            "here and to every active administrator. Use a shared mailbox that is read "
            "every working day."
        ),
    )

    class Meta:
        verbose_name = _("hotline settings")
        verbose_name_plural = _("hotline settings")

    def __str__(self) -> str:
        return str(self.municipality)


class Notification(models.Model):
    """An in-app message to a user, shown on the start page until read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    text = models.CharField(_("text"), max_length=300)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["user", "-created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text
