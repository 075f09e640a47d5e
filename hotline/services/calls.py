"""Registering a call and its follow-up (the outbox row), routed to the fixed consultant on
the day of the call and due at the next office opening."""

from __future__ import annotations

import logging
import uuid
from datetime import date, datetime, timedelta

import kombu.exceptions
import redis.exceptions
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.models import Child
from families.models import ConsultantAssignment, Family
from fostercare.accounts.models import User
from fostercare.accounts.selectors import assignment_current_q
from fostercare.audit.services import log_change
from fostercare.validation import only_fields, validated_save
from fostercare.workdays.calendar import WorkingCalendar
from hotline.models import (
    ConsultantAbsence,
    FollowUp,
    HotlineCall,
)
from hotline.selectors import call_child_choices
from hotline.services.follow_ups import follow_up_hand_over
from hotline.services.messages import (
    Message,
    call_url,
    deliver_after_commit,
    family_label,
    local_time,
    manager_audience,
)

logger = logging.getLogger(__name__)

# What a broker outage looks like to a publisher (Redis down, socket gone, refused).
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError)

# Calls may be registered a little after they ended, never ahead of time.
FUTURE_TOLERANCE = timedelta(minutes=5)
CALL_FIELDS = (
    "caller_details", "caller_name", "caller_relation", "caller_phone",
    "answered_by_organisation", "answered_by_person", "topic", "topic_text", "advice",
    "urgency", "child_safety_at_risk", "follow_up_needed", "taken_by_consultant",
)  # fmt: skip


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


def _call_with_key(actor: User, key: uuid.UUID) -> HotlineCall | None:
    call = HotlineCall.objects.filter(idempotency_key=key).first()
    if call is not None and call.registered_by_id != actor.pk:
        raise ValidationError(_("This form was already used by someone else. Open a new form."))
    return call


def _lock_key(key: uuid.UUID) -> None:
    """Serialise two submits of one form: the second waits for the first's commit."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key.int & (2**63 - 1)])


@transaction.atomic
def hotline_call_register(
    *,
    actor: User,
    family: Family | None = None,
    child: Child | None = None,
    called_at: datetime | None = None,
    idempotency_key: uuid.UUID | None = None,
    **fields,
) -> HotlineCall:
    """Register a call and, when a follow-up is needed, its follow-up, in one transaction.

    ``idempotency_key`` is the form's: a call already registered with it (a double
    submit, a retry after an outage whose first try did commit) is returned as it is,
    and nothing new is saved.

    The owner is the family's fixed consultant on the day of the call (a recorded
    absence on the due day hands it to the substitute); a call about an unknown family,
    or a family without a consultant, has no owner and goes to the managers for
    assignment. It is due at the municipality's next office opening at or after the
    call. A child's safety at risk makes it urgent and tells the manager at once.
    """
    fields = only_fields(fields, CALL_FIELDS)
    if idempotency_key is not None:
        _lock_key(idempotency_key)
        existing = _call_with_key(actor, idempotency_key)
        if existing is not None:
            return existing
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
    if child is not None and (
        family is None
        or not call_child_choices(user=actor, family=family).filter(pk=child.pk).exists()
    ):
        raise ValidationError({"child": _("The child is not placed in this family now.")})

    call = HotlineCall(
        municipality_id=actor.municipality_id,
        family=family,
        child=child,
        called_at=called_at,
        registered_by=actor,
        idempotency_key=idempotency_key,
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
            follow_up_hand_over(
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
    deliver_after_commit(messages)
    return call


def _unassigned_messages(follow_up: FollowUp) -> list[Message]:
    call = follow_up.call
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Hotline call needs a consultant: %(family)s") % {"family": family_label(call)}
        body = _(
            "A call to the emergency hotline on %(time)s could not be routed to a fixed "
            "consultant. Assign the follow-up to a consultant; it is due %(due)s."
        ) % {"time": local_time(call.called_at), "due": local_time(follow_up.due_at)}
    audience = manager_audience(municipality_id=call.municipality_id)
    return [
        Message(audience, subject, body, call_url(call), str(follow_up.public_id), "unassigned")
    ]


def _urgent_messages(
    call: HotlineCall, follow_up: FollowUp | None, owner: User | None
) -> list[Message]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Urgent: a child's safety is at risk – %(family)s") % {
            "family": family_label(call)
        }
        body = _(
            "The emergency hotline registered a call on %(time)s where a child's safety is "
            "at risk.\nTopic: %(topic)s\nAdvice given: %(advice)s"
        ) % {
            "time": local_time(call.called_at),
            "topic": call.get_topic_display(),
            "advice": call.advice or "–",
        }
    public_id = str(follow_up.public_id) if follow_up else str(call.public_id)
    audience = manager_audience(municipality_id=call.municipality_id, user=owner)
    return [Message(audience, subject, body, call_url(call), public_id, "urgent")]
