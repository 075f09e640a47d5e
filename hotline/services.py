"""Every write of the emergency hotline: registering calls, sending reminders,
escalating, completing and reassigning follow-ups, recording absences.

The follow-up row is the outbox. A reminder task is queued for the due time after
the transaction commits; the sweep (``hotline_sweep``, run by beat) sends whatever
is due and unsent, so a lost message or a broker outage only delays a reminder.
Both claim rows in the database before sending, so each reminder goes out once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import kombu.exceptions
import redis.exceptions
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from families.models import ConsultantAssignment, Family
from fostercare.accounts.models import Role, User
from fostercare.accounts.selectors import assignment_current_q, staff_list
from fostercare.accounts.services import staff_check
from fostercare.audit.services import log_change, snapshot
from fostercare.validation import only_fields, validated_save
from fostercare.workdays.calendar import WorkingCalendar
from hotline.models import (
    ConsultantAbsence,
    FollowUp,
    FollowUpReassignment,
    HotlineCall,
    Notification,
    Outcome,
)

logger = logging.getLogger(__name__)

# What a broker outage looks like to a publisher (Redis down, socket gone, refused).
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError)

# Calls may be registered a little after they ended, never ahead of time.
FUTURE_TOLERANCE = timedelta(minutes=5)
SWEEP_BATCH = 500

CALL_FIELDS = (
    "caller_details", "caller_name", "caller_relation", "caller_phone",
    "answered_by_organisation", "answered_by_person", "topic", "topic_text", "advice",
    "urgency", "child_safety_at_risk", "follow_up_needed",
)  # fmt: skip


# --- small helpers ----------------------------------------------------------------------
def call_url(call: HotlineCall) -> str:
    return reverse("hotline:call_detail", kwargs={"public_id": call.public_id})


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def _family_label(call: HotlineCall) -> str:
    if call.family_id:
        return call.family.name
    return _("unknown family (%(caller)s)") % {"caller": call.caller_name or _("caller not named")}


def managers_for(*, municipality_id: int, user: User | None = None) -> list[User]:
    """Who hears about escalations: the user's own manager, or else every active
    manager of the municipality (so nothing waits for a manager nobody named)."""
    if user is not None and user.manager_id and user.manager.is_active:
        return [user.manager]
    return list(staff_list(roles=Role.MANAGER, municipality_id=municipality_id))


@dataclass(frozen=True)
class Message:
    """One notice to one user: an in-app notification and an e-mail."""

    user: User
    subject: str
    body: str
    link: str
    follow_up_public_id: str

    def notification(self) -> Notification:
        return Notification(user=self.user, text=self.subject[:300], link=self.link)

    def email(self) -> EmailMessage:
        return EmailMessage(
            subject=self.subject,
            body=f"{self.body}\n\n{_absolute(self.link)}\n",
            to=[self.user.email],
            headers={"X-Hotline-Follow-Up": self.follow_up_public_id},
        )


def _deliver(messages: list[Message]) -> None:
    """Write the notifications and send the e-mails over one connection. Raises when
    the mail server fails, so a caller inside a transaction rolls back its claim."""
    if not messages:
        return
    Notification.objects.bulk_create([m.notification() for m in messages])
    get_connection(fail_silently=False).send_messages([m.email() for m in messages])


def _deliver_after_commit(messages: list[Message]) -> None:
    """For notices that must not undo the change that caused them: the notifications
    are written now, the e-mails go after commit and a mail failure is only logged."""
    if not messages:
        return
    Notification.objects.bulk_create([m.notification() for m in messages])
    emails = [m.email() for m in messages]

    def send() -> None:
        try:
            get_connection(fail_silently=False).send_messages(emails)
        except Exception:
            logger.exception("hotline: could not send %d e-mail(s)", len(emails))

    transaction.on_commit(send)


def _log_system_update(follow_ups: Iterable[FollowUp], field: str, value: datetime) -> None:
    """The change-log row of each follow-up for a field the system set."""
    for follow_up in follow_ups:
        log_change(
            actor=None,
            instance=follow_up,
            action="update",
            changes={field: [None, value.isoformat()]},
            municipality_id=follow_up.call.municipality_id,
        )


def _queue_reminder(follow_up_id: int, due_at: datetime) -> None:
    """Queue the reminder for its due time. A broker outage is logged and swallowed:
    the row is saved and the sweep sends the reminder when the broker is back."""
    from hotline.tasks import send_reminder

    options = {"queue": settings.HOTLINE_TASK_QUEUE} if settings.HOTLINE_TASK_QUEUE else {}
    try:
        send_reminder.apply_async(args=[follow_up_id], eta=due_at, **options)
    except BROKER_ERRORS:
        logger.warning(
            "hotline: broker unreachable; follow-up %s is left to the sweep",
            follow_up_id,
            exc_info=True,
        )


def _substitute_on(consultant: User | None, day: date) -> ConsultantAbsence | None:
    if consultant is None:
        return None
    return (
        ConsultantAbsence.objects.filter(
            consultant=consultant, starts_on__lte=day, ends_on__gte=day
        )
        .select_related("substitute")
        .order_by("-created_at")
        .first()
    )


def fixed_consultant_at(family: Family, moment: datetime) -> User | None:
    """The family's fixed consultant on the (local) day of ``moment``."""
    assignment = (
        ConsultantAssignment.objects.filter(
            assignment_current_q(timezone.localtime(moment).date()), family=family
        )
        .select_related("consultant", "consultant__manager")
        .order_by("-starts_on")
        .first()
    )
    return assignment.consultant if assignment else None


# --- registering a call -------------------------------------------------------------------
@transaction.atomic
def hotline_call_register(
    *,
    actor: User,
    family: Family | None = None,
    called_at: datetime | None = None,
    **fields,
) -> HotlineCall:
    """Register a call and, when a follow-up is needed, its follow-up, in one transaction.

    The owner is the family's fixed consultant on the day of the call (a recorded
    absence on the due day hands it to the substitute); a call about an unknown family,
    or a family without a consultant, has no owner and goes to the managers for
    assignment. It is due at the municipality's next office opening at or after the
    call. A child's safety at risk makes it urgent and tells the manager at once.
    """
    fields = only_fields(fields, CALL_FIELDS)
    now = timezone.now()
    called_at = called_at or now
    if called_at > now + FUTURE_TOLERANCE:
        raise ValidationError({"called_at": _("The time of the call cannot be in the future.")})
    if family is not None and family.municipality_id != actor.municipality_id:
        raise ValidationError({"family": _("The family is not in your municipality.")})
    if family is None and not (
        fields.get("caller_details", "").strip() or fields.get("caller_name", "").strip()
    ):
        raise ValidationError(
            {
                "caller_details": _(
                    "The family was not found: write who called and what they told you."
                )
            }
        )

    call = HotlineCall(
        municipality_id=actor.municipality_id,
        family=family,
        called_at=called_at,
        registered_by=actor,
        **fields,
    )
    validated_save(call)
    log_change(actor=actor, instance=call, action="create", municipality_id=call.municipality_id)

    owner = fixed_consultant_at(family, called_at) if family is not None else None
    messages: list[Message] = []
    follow_up = None
    if call.follow_up_needed:
        calendar = WorkingCalendar.for_municipality(call.municipality_id)
        due_at = calendar.next_office_opening(called_at)
        follow_up = FollowUp(
            call=call, owner=owner, due_at=due_at, urgent=call.child_safety_at_risk
        )
        validated_save(follow_up)
        log_change(
            actor=actor, instance=follow_up, action="create", municipality_id=call.municipality_id
        )
        absence = _substitute_on(owner, timezone.localtime(due_at).date())
        if absence is not None:
            _reassign(
                follow_up,
                to_user=absence.substitute,
                reason=_("Absent on the due day; the substitute follows up."),
                by=None,
            )
        if follow_up.owner_id is None:
            messages += _unassigned_messages(follow_up)
        transaction.on_commit(lambda: _queue_reminder(follow_up.pk, follow_up.due_at))
    if call.child_safety_at_risk:
        messages += _urgent_messages(call, follow_up, owner)
    _deliver_after_commit(messages)
    return call


def _unassigned_messages(follow_up: FollowUp) -> list[Message]:
    call = follow_up.call
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Hotline call needs a consultant: %(family)s") % {"family": _family_label(call)}
        body = _(
            "A call to the emergency hotline on %(time)s could not be routed to a fixed "
            "consultant. Assign the follow-up to a consultant; it is due %(due)s."
        ) % {"time": _local(call.called_at), "due": _local(follow_up.due_at)}
    return [
        Message(m, subject, body, call_url(call), str(follow_up.public_id))
        for m in managers_for(municipality_id=call.municipality_id)
    ]


def _urgent_messages(
    call: HotlineCall, follow_up: FollowUp | None, owner: User | None
) -> list[Message]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Urgent: a child's safety is at risk – %(family)s") % {
            "family": _family_label(call)
        }
        body = _(
            "The emergency hotline registered a call on %(time)s where a child's safety is "
            "at risk.\nTopic: %(topic)s\nAdvice given: %(advice)s"
        ) % {
            "time": _local(call.called_at),
            "topic": call.get_topic_display(),
            "advice": call.advice or "–",
        }
    public_id = str(follow_up.public_id) if follow_up else str(call.public_id)
    return [
        Message(m, subject, body, call_url(call), public_id)
        for m in managers_for(municipality_id=call.municipality_id, user=owner)
    ]


# --- reminders and escalation ------------------------------------------------------------
def _reminder_messages(follow_ups: list[FollowUp]) -> list[Message]:
    managers: dict[int, list[User]] = {}
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for follow_up in follow_ups:
            call = follow_up.call
            prefix = _("URGENT: ") if follow_up.urgent else ""
            subject = prefix + _("Follow up on a hotline call: %(family)s") % {
                "family": _family_label(call)
            }
            body = _(
                "The emergency hotline registered a call on %(time)s. Your follow-up is due "
                "%(due)s.\nTopic: %(topic)s\nAdvice given: %(advice)s"
            ) % {
                "time": _local(call.called_at),
                "due": _local(follow_up.due_at),
                "topic": call.get_topic_display(),
                "advice": call.advice or "–",
            }
            if follow_up.owner_id:
                recipients = [follow_up.owner]
            else:
                if call.municipality_id not in managers:
                    managers[call.municipality_id] = managers_for(
                        municipality_id=call.municipality_id
                    )
                recipients = managers[call.municipality_id]
                subject = _("Unassigned hotline follow-up is due: %(family)s") % {
                    "family": _family_label(call)
                }
            messages += [
                Message(r, subject, body, call_url(call), str(follow_up.public_id))
                for r in recipients
            ]
    return messages


_REMINDER_RELATED = ("call__family", "call__municipality", "owner")


def follow_up_reminder_send(*, follow_up_id: int, now: datetime | None = None) -> bool:
    """Send one follow-up's reminder if it is due, not sent and not already done;
    ``True`` if this call sent it. The conditional UPDATE claims the row: of two
    workers (or a worker and the sweep) exactly one gets ``1``; the others wait for
    its commit and get ``0``. A failing mail server rolls the claim back, so the
    sweep tries again."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = FollowUp.objects.filter(
            pk=follow_up_id, reminder_sent_at__isnull=True, due_at__lte=now, done_at__isnull=True
        ).update(reminder_sent_at=now)
        if claimed != 1:
            return False
        follow_up = FollowUp.objects.select_related(*_REMINDER_RELATED).get(pk=follow_up_id)
        _log_system_update([follow_up], "reminder_sent_at", now)
        _deliver(_reminder_messages([follow_up]))
    return True


def follow_up_reminders_send_due(
    *, now: datetime | None = None, batch_size: int = SWEEP_BATCH
) -> int:
    """Send every due, unsent reminder (the sweep). Rows are claimed in batches with
    ``SELECT ... FOR UPDATE SKIP LOCKED``: rows another worker is sending are skipped
    (and are sent once by it), and a batch's claim commits only with its e-mails.
    If a batch fails (say the mail server refuses one address), its rows are sent one
    by one, so one bad row never holds back the others; rows that still fail stay
    unsent for the next sweep."""
    now = now or timezone.now()
    sent = 0
    failed: set[int] = set()
    while True:
        batch: list[FollowUp] = []
        try:
            with transaction.atomic():
                batch = list(
                    FollowUp.objects.select_for_update(skip_locked=True, of=("self",))
                    .filter(reminder_sent_at__isnull=True, due_at__lte=now, done_at__isnull=True)
                    .exclude(pk__in=failed)
                    .select_related(*_REMINDER_RELATED)
                    .order_by("due_at", "pk")[:batch_size]
                )
                if not batch:
                    return sent
                FollowUp.objects.filter(pk__in=[f.pk for f in batch]).update(reminder_sent_at=now)
                for follow_up in batch:
                    follow_up.reminder_sent_at = now
                _log_system_update(batch, "reminder_sent_at", now)
                _deliver(_reminder_messages(batch))
            sent += len(batch)
        except Exception:
            if not batch:
                raise  # the database itself failed: let the task retry
            logger.exception("hotline: a reminder batch failed; sending its rows one by one")
            for follow_up in batch:
                try:
                    sent += follow_up_reminder_send(follow_up_id=follow_up.pk, now=now)
                except Exception:
                    logger.exception("hotline: reminder for follow-up %s failed", follow_up.pk)
                    failed.add(follow_up.pk)
                else:
                    failed.add(follow_up.pk)  # sent (or taken by another worker): done


def follow_ups_escalate_due(*, now: datetime | None = None) -> int:
    """Tell the manager about every follow-up not done by the end of its due working
    day (the office's closing time that day). Off when ``HOTLINE_ESCALATE`` is false."""
    if not settings.HOTLINE_ESCALATE:
        return 0
    now = now or timezone.now()
    calendars: dict[int, WorkingCalendar] = {}
    escalated = 0
    candidates = FollowUp.objects.filter(
        done_at__isnull=True, escalated_at__isnull=True, due_at__lte=now
    ).select_related(*_REMINDER_RELATED, "owner__manager")
    for follow_up in candidates.iterator(chunk_size=500):
        municipality_id = follow_up.call.municipality_id
        if municipality_id not in calendars:
            calendars[municipality_id] = WorkingCalendar.for_municipality(municipality_id)
        calendar = calendars[municipality_id]
        if now < calendar.closing(timezone.localtime(follow_up.due_at).date()):
            continue
        with transaction.atomic():
            claimed = FollowUp.objects.filter(
                pk=follow_up.pk, escalated_at__isnull=True, done_at__isnull=True
            ).update(escalated_at=now)
            if claimed != 1:
                continue
            _log_system_update([follow_up], "escalated_at", now)
            _deliver(_escalation_messages(follow_up))
        escalated += 1
    return escalated


def _escalation_messages(follow_up: FollowUp) -> list[Message]:
    call = follow_up.call
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Hotline follow-up not done on time: %(family)s") % {
            "family": _family_label(call)
        }
        body = _(
            "The follow-up on a call to the emergency hotline on %(time)s was due %(due)s "
            "and is not marked done. Owner: %(owner)s."
        ) % {
            "time": _local(call.called_at),
            "due": _local(follow_up.due_at),
            "owner": follow_up.owner.full_name if follow_up.owner_id else _("nobody"),
        }
    return [
        Message(m, subject, body, call_url(call), str(follow_up.public_id))
        for m in managers_for(municipality_id=call.municipality_id, user=follow_up.owner)
    ]


def hotline_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """What beat runs every few minutes: due reminders, then escalations."""
    now = now or timezone.now()
    return {
        "reminders": follow_up_reminders_send_due(now=now),
        "escalations": follow_ups_escalate_due(now=now),
    }


# --- working on a follow-up ----------------------------------------------------------------
def _reassign(follow_up: FollowUp, *, to_user: User, reason: str, by: User | None) -> None:
    before = snapshot(follow_up)
    FollowUpReassignment.objects.create(
        follow_up=follow_up, from_user=follow_up.owner, to_user=to_user, reason=reason, by=by
    )
    follow_up.owner = to_user
    follow_up.save(update_fields=["owner"])
    log_change(
        actor=by,
        instance=follow_up,
        action="update",
        before=before,
        changes={"reason": reason},
        municipality_id=follow_up.call.municipality_id,
    )


@transaction.atomic
def follow_up_reassign(*, actor: User, follow_up: FollowUp, to_user: User, reason: str) -> FollowUp:
    """Give the follow-up to another consultant, with the reason (also how a manager
    assigns a call about an unknown family). The new owner is told at once."""
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related(*_REMINDER_RELATED)
        .get(pk=follow_up.pk)
    )
    if follow_up.done_at is not None:
        raise ValidationError(_("The follow-up is done and cannot be reassigned."))
    staff_check(
        to_user,
        roles=Role.CONSULTANT,
        municipality_id=follow_up.call.municipality_id,
        field="to_user",
    )
    if follow_up.owner_id == to_user.pk:
        raise ValidationError({"to_user": _("The follow-up already belongs to this consultant.")})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the reassignment.")})
    _reassign(follow_up, to_user=to_user, reason=reason, by=actor)
    call = follow_up.call
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("A hotline follow-up was given to you: %(family)s") % {
            "family": _family_label(call)
        }
        body = _("%(by)s gave you the follow-up on a call on %(time)s, due %(due)s.") % {
            "by": actor.full_name,
            "time": _local(call.called_at),
            "due": _local(follow_up.due_at),
        }
    _deliver_after_commit(
        [Message(to_user, subject, body, call_url(call), str(follow_up.public_id))]
    )
    return follow_up


@transaction.atomic
def follow_up_complete(
    *, actor: User, follow_up: FollowUp, outcome: str, notes: str = ""
) -> FollowUp:
    """Mark the follow-up done with its outcome; the reminders about it are read."""
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",)).select_related("call").get(pk=follow_up.pk)
    )
    if follow_up.done_at is not None:
        raise ValidationError(_("The follow-up is already marked done."))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if outcome == Outcome.OTHER and not notes.strip():
        raise ValidationError({"notes": _("Describe what was done.")})
    before = snapshot(follow_up)
    now = timezone.now()
    follow_up.done_at = now
    follow_up.done_by = actor
    follow_up.outcome = outcome
    follow_up.notes = notes.strip()
    validated_save(follow_up)
    log_change(
        actor=actor,
        instance=follow_up,
        action="update",
        before=before,
        municipality_id=follow_up.call.municipality_id,
    )
    Notification.objects.filter(link=call_url(follow_up.call), read_at__isnull=True).update(
        read_at=now
    )
    return follow_up


# --- absences -------------------------------------------------------------------------------
@transaction.atomic
def consultant_absence_record(
    *, actor: User, consultant: User, starts_on: date, ends_on: date, substitute: User
) -> ConsultantAbsence:
    """Record an absence with the substitute the manager names; the consultant's open
    follow-ups falling due in the period go to the substitute now."""
    staff_check(
        consultant, roles=Role.CONSULTANT, municipality_id=actor.municipality_id, field="consultant"
    )
    staff_check(
        substitute, roles=Role.CONSULTANT, municipality_id=actor.municipality_id, field="substitute"
    )
    absence = ConsultantAbsence(
        municipality_id=actor.municipality_id,
        consultant=consultant,
        starts_on=starts_on,
        ends_on=ends_on,
        substitute=substitute,
        created_by=actor,
    )
    validated_save(absence)
    log_change(
        actor=actor, instance=absence, action="create", municipality_id=actor.municipality_id
    )
    start = timezone.make_aware(datetime.combine(starts_on, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(ends_on + timedelta(days=1), datetime.min.time()))
    affected = FollowUp.objects.select_for_update(of=("self",)).filter(
        owner=consultant, done_at__isnull=True, due_at__gte=start, due_at__lt=end
    )
    for follow_up in affected.select_related("call", "owner"):
        _reassign(
            follow_up,
            to_user=substitute,
            reason=_("Absent on the due day; the substitute follows up."),
            by=actor,
        )
    return absence


@transaction.atomic
def notification_mark_read(*, user: User, notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id, user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
