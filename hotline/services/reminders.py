"""Reminders, reports of undelivered reminders and escalations: the hotline's outbox.

The follow-up row is the outbox. A reminder task is queued for the due time after
the transaction commits; the sweep (``hotline_sweep``, run by beat) sends whatever is
due and unsent, so a lost message, a broker outage or a dead worker only delays a
reminder.

Every notice goes out on its own, one at a time (claim → send → mark; the mechanics
are the kernel's outbox, ``fostercare/outbox.py``, shared with other reminders):

1. claim: a short transaction locks the next few due rows (``FOR UPDATE SKIP
   LOCKED``: rows another sender holds are passed over), gives them a lease
   (``send_lease_until``, ``HOTLINE_SEND_LEASE_SECONDS``) and commits;
2. send: one e-mail over the connection the run reuses, outside any transaction;
3. mark: a transaction of its own records what happened to that one message (sent;
   refused and when to try again; given up; without recipient) with its notifications
   and change-log rows, and releases its lease. A database that is away (a restart)
   is waited for, up to ``HOTLINE_DB_RETRY_SECONDS``.

A sender never sends a message whose lease could run out before it is marked
(another sender may have it by then); it gives such leases back.

So what happens to one message touches only its own row: a refused address, a
``421``, a killed worker or a database restart never un-marks or re-sends another
reminder.

What remains at-least-once, exactly: the mail server accepted a message (its reply to
the end of DATA) and the sender died (SIGKILL, power loss) before the mark committed,
or the database stayed away longer than ``HOTLINE_DB_RETRY_SECONDS`` at that moment.
That is one message, in a window of one reply from the mail server plus one COMMIT
(milliseconds). When the lease runs out, the notice is sent again with the same
``Message-ID`` (``<followup-<id>.reminder@...>``), so a mail server or client can drop
the repeat. A sender that dies after the claim and before the server accepted the
message only delays that one notice by the lease; nothing is lost.

A refused address (``4xx`` or ``5xx`` for the recipient) is tried again after
``HOTLINE_REMINDER_RETRY_SECONDS``, doubling up to ``HOTLINE_REMINDER_RETRY_MAX_SECONDS``;
after ``HOTLINE_REMINDER_MAX_ATTEMPTS`` refusals the reminder is given up and the
manager is told (e-mail and notification). A mail server that is down (or ``421``
twice) is nobody's address: the run stops and the next sweep tries again, without
counting it. A reminder nobody can receive is never marked sent (see
``owner_audience``): it goes to the fallback address and the admins, or waits.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fostercare import outbox
from fostercare.outbox import ERROR_LENGTH, Result
from fostercare.workdays.calendar import WorkingCalendar
from hotline.models import FollowUp
from hotline.services.messages import (
    FOLLOW_UP_RELATED,
    Audience,
    DeliveryError,
    Mailer,
    Message,
    call_url,
    family_label,
    local_time,
    manager_audience,
    owner_audience,
)

logger = logging.getLogger(__name__)
ESCALATION_BATCH = 5000
_backoff = outbox.backoff
_Result = Result


def _claim(queryset: QuerySet[FollowUp], *, now: datetime, limit: int) -> list[FollowUp]:
    """Lock and lease up to ``limit`` due follow-ups (``fostercare.outbox.claim``)."""
    return outbox.claim(
        queryset, now=now, limit=limit, related=FOLLOW_UP_RELATED, order_by=("due_at", "pk")
    )


class _Notice(outbox.Notice):
    """One kind of notice about a follow-up."""

    def municipality_id(self, follow_up: FollowUp) -> int:
        return follow_up.call.municipality_id

    def nobody(self, follow_up: FollowUp, now: datetime) -> _Result:
        return _Result(changes={"reminder_retry_at": now + _backoff(99)})

    def server_down(self, follow_up: FollowUp, now: datetime, error: DeliveryError) -> _Result:
        return _Result(changes={"reminder_retry_at": now + _backoff(1)}, stop=True)

    def broken(self, follow_up: FollowUp, error: Exception, now: datetime) -> _Result:
        """A fault of the row itself (a bug, bad data): counted, and tried again later."""
        attempts = follow_up.reminder_attempts + 1
        return _Result(
            changes={
                "reminder_attempts": attempts,
                "reminder_error": f"{type(error).__name__}: {error}"[:ERROR_LENGTH],
                "reminder_retry_at": now + _backoff(attempts),
            }
        )


class _Run(outbox.Run):
    def claim(self, queryset: QuerySet[FollowUp], limit: int) -> list[FollowUp]:
        return _claim(queryset, now=self.clock(), limit=limit)


def _due_or_retry(now: datetime) -> Q:
    return Q(reminder_retry_at__isnull=True) | Q(reminder_retry_at__lte=now)


def _refused_text(refused: dict[str, str]) -> str:
    if not refused:
        return ""
    text = _("Not accepted for %(addresses)s") % {
        "addresses": "; ".join(f"{addr} ({reply})" for addr, reply in refused.items())
    }
    return text[:ERROR_LENGTH]


class _Reminder(_Notice):
    """The reminder to the owner when the follow-up falls due."""

    kind = "reminder"

    def pending(self, now):
        return FollowUp.objects.filter(
            _due_or_retry(now),
            reminder_sent_at__isnull=True,
            reminder_failed_at__isnull=True,
            done_at__isnull=True,
            due_at__lte=now,
        )

    def message(self, follow_up):
        call = follow_up.call
        audience = owner_audience(municipality_id=call.municipality_id, owner=follow_up.owner)
        with translation.override(settings.LANGUAGE_CODE):
            family = family_label(call)
            body = _(
                "The emergency hotline registered a call on %(time)s. Your follow-up is due "
                "%(due)s.\nTopic: %(topic)s\nAdvice given: %(advice)s"
            ) % {
                "time": local_time(call.called_at),
                "due": local_time(follow_up.due_at),
                "topic": call.get_topic_display(),
                "advice": call.advice or "–",
            }
            if audience.fallback:
                subject = _("Hotline follow-up without recipient: %(family)s") % {"family": family}
                body = (
                    _(
                        "Nobody in charge can receive this reminder: the follow-up has no "
                        "owner who can, and the municipality has no active manager. Give "
                        "the follow-up to a consultant."
                    )
                    + "\n\n"
                    + body
                )
            elif follow_up.owner_id and audience.users == (follow_up.owner,):
                subject = _("Follow up on a hotline call: %(family)s") % {"family": family}
            elif follow_up.owner_id:
                subject = _(
                    "Hotline follow-up is due; its owner is no longer active: %(family)s"
                ) % {"family": family}
            else:
                subject = _("Unassigned hotline follow-up is due: %(family)s") % {"family": family}
            if follow_up.urgent:
                subject = _("URGENT: ") + subject
        return Message(audience, subject, body, call_url(call), str(follow_up.public_id), self.kind)

    def sent(self, follow_up, now, message, refused):
        return _Result(
            changes={
                "reminder_sent_at": now,
                "reminder_retry_at": None,
                "reminder_error": _refused_text(refused),
                "reminder_without_recipient": message.audience.fallback,
            },
            records=message.notifications(),
            sent=True,
        )

    def refused(self, follow_up, now, error):
        attempts = follow_up.reminder_attempts + 1
        changes: dict[str, Any] = {
            "reminder_attempts": attempts,
            "reminder_error": str(error)[:ERROR_LENGTH],
        }
        if attempts >= settings.HOTLINE_REMINDER_MAX_ATTEMPTS:
            changes |= {"reminder_failed_at": now, "reminder_retry_at": None}
        else:
            changes["reminder_retry_at"] = now + _backoff(attempts)
        return _Result(changes=changes)

    def nobody(self, follow_up, now):
        with translation.override(settings.LANGUAGE_CODE):
            text = _(
                "Nobody can receive the reminder: no owner, no active manager, no fallback "
                "address and no active administrator."
            )
        return _Result(
            changes={
                "reminder_without_recipient": True,
                "reminder_error": text,
                "reminder_retry_at": now + _backoff(99),
            }
        )

    def server_down(self, follow_up, now, error):
        result = super().server_down(follow_up, now, error)
        result.changes["reminder_error"] = str(error)[:ERROR_LENGTH]
        return result


class _Undelivered(_Notice):
    """The manager is told that a reminder was given up."""

    kind = "undelivered"

    def pending(self, now):
        return FollowUp.objects.filter(
            _due_or_retry(now),
            reminder_failed_at__isnull=False,
            reminder_failure_reported_at__isnull=True,
            done_at__isnull=True,
        )

    def message(self, follow_up):
        call = follow_up.call
        audience = manager_audience(municipality_id=call.municipality_id, user=follow_up.owner)
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Hotline reminder not delivered: %(family)s") % {
                "family": family_label(call)
            }
            body = _(
                "The reminder about a call to the emergency hotline on %(time)s could not be "
                "delivered to %(owner)s. The mail server answered: %(error)s\n"
                "The follow-up was due %(due)s. Make sure somebody follows up, and have "
                "the e-mail address checked."
            ) % {
                "time": local_time(call.called_at),
                "owner": follow_up.owner.full_name if follow_up.owner_id else _("nobody"),
                "error": follow_up.reminder_error or "–",
                "due": local_time(follow_up.due_at),
            }
        return Message(audience, subject, body, call_url(call), str(follow_up.public_id), self.kind)

    def sent(self, follow_up, now, message, refused):
        return _Result(
            changes={"reminder_failure_reported_at": now, "reminder_retry_at": None},
            records=message.notifications(),
            sent=True,
        )

    def refused(self, follow_up, now, error):
        # The managers' own address refused too: they still get the notification.
        message = self.message(follow_up)
        return _Result(
            changes={"reminder_failure_reported_at": now, "reminder_retry_at": None},
            records=message.notifications(),
        )


class _Escalation(_Notice):
    """The manager is told that a follow-up is not done by the end of its due day."""

    kind = "escalation"

    def pending(self, now):
        return FollowUp.objects.filter(
            done_at__isnull=True, escalated_at__isnull=True, due_at__lte=now
        )

    def message(self, follow_up):
        call = follow_up.call
        audience = manager_audience(municipality_id=call.municipality_id, user=follow_up.owner)
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Hotline follow-up not done on time: %(family)s") % {
                "family": family_label(call)
            }
            body = _(
                "The follow-up on a call to the emergency hotline on %(time)s was due %(due)s "
                "and is not marked done. Owner: %(owner)s."
            ) % {
                "time": local_time(call.called_at),
                "due": local_time(follow_up.due_at),
                "owner": follow_up.owner.full_name if follow_up.owner_id else _("nobody"),
            }
        return Message(audience, subject, body, call_url(call), str(follow_up.public_id), self.kind)

    def sent(self, follow_up, now, message, refused):
        return _Result(changes={"escalated_at": now}, records=message.notifications(), sent=True)

    def refused(self, follow_up, now, error):
        message = self.message(follow_up)
        return _Result(changes={"escalated_at": now}, records=message.notifications())

    def nobody(self, follow_up, now):
        return _Result()  # nobody to tell yet: the next sweep looks again

    def server_down(self, follow_up, now, error):
        return _Result(stop=True)


REMINDER, UNDELIVERED, ESCALATION = _Reminder(), _Undelivered(), _Escalation()


def follow_up_reminder_send(*, follow_up_id: int, now: datetime | None = None) -> bool:
    """Send one follow-up's reminder if it is due, not sent, not given up, not done and
    nobody else is sending it; ``True`` if this call sent it (the task queued for the
    due time calls this)."""
    with Mailer() as mailer:
        run = _Run(mailer=mailer, now=now)
        return any(run.batch(REMINDER, REMINDER.pending(run.clock()).filter(pk=follow_up_id), 1))


def follow_up_reminders_send_due(*, now: datetime | None = None) -> int:
    """Send every due, unsent reminder, one at a time over one connection (the sweep)."""
    with Mailer() as mailer:
        return _Run(mailer=mailer, now=now).drain(REMINDER)


def _escalate_due(run: _Run) -> int:
    if not settings.HOTLINE_ESCALATE:
        return 0
    now = run.clock()
    calendars: dict[int, WorkingCalendar] = {}
    escalated = 0
    # Read at once (no cursor held across the sends); a longer list is the next sweep's.
    candidates = list(
        ESCALATION.pending(now)
        .values_list("pk", "due_at", "call__municipality_id")
        .order_by("due_at", "pk")[:ESCALATION_BATCH]
    )
    for pk, due_at, municipality_id in candidates:
        if municipality_id not in calendars:
            calendars[municipality_id] = WorkingCalendar.for_municipality(municipality_id)
        if now < calendars[municipality_id].closing(timezone.localtime(due_at).date()):
            continue
        if run.over():
            break
        escalated += sum(run.batch(ESCALATION, ESCALATION.pending(now).filter(pk=pk), 1))
    return escalated


def follow_ups_escalate_due(*, now: datetime | None = None) -> int:
    """Tell the manager about every follow-up not done by the end of its due working
    day (the office's closing time that day). Off when ``HOTLINE_ESCALATE`` is false."""
    with Mailer() as mailer:
        return _escalate_due(_Run(mailer=mailer, now=now))


def hotline_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """What beat runs every few minutes, over one mail connection: due reminders,
    reports of reminders given up, then escalations."""
    with Mailer() as mailer:
        run = _Run(mailer=mailer, now=now)
        return {
            "reminders": run.drain(REMINDER),
            "undelivered": run.drain(UNDELIVERED),
            "escalations": _escalate_due(run),
        }


__all__ = [
    "Audience",
    "follow_up_reminder_send",
    "follow_up_reminders_send_due",
    "follow_ups_escalate_due",
    "hotline_sweep",
]
