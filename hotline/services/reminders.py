"""Reminders and escalations.

The follow-up row is the outbox. A reminder task is queued for the due time after
the transaction commits; the sweep (``hotline_sweep``, run by beat) sends whatever
is due and unsent, so a lost message or a broker outage only delays a reminder.
Both claim rows in the database before sending, so each reminder goes out once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fostercare.accounts.models import User
from fostercare.audit.services import log_change
from fostercare.workdays.calendar import WorkingCalendar
from hotline.models import (
    FollowUp,
)
from hotline.services.messages import (
    FOLLOW_UP_RELATED,
    Message,
    call_url,
    deliver,
    family_label,
    local_time,
    managers_for,
)

logger = logging.getLogger(__name__)
SWEEP_BATCH = 500


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


def _reminder_messages(follow_ups: list[FollowUp]) -> list[Message]:
    managers: dict[int, list[User]] = {}
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for follow_up in follow_ups:
            call = follow_up.call
            prefix = _("URGENT: ") if follow_up.urgent else ""
            subject = prefix + _("Follow up on a hotline call: %(family)s") % {
                "family": family_label(call)
            }
            body = _(
                "The emergency hotline registered a call on %(time)s. Your follow-up is due "
                "%(due)s.\nTopic: %(topic)s\nAdvice given: %(advice)s"
            ) % {
                "time": local_time(call.called_at),
                "due": local_time(follow_up.due_at),
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
                    "family": family_label(call)
                }
            messages += [
                Message(r, subject, body, call_url(call), str(follow_up.public_id))
                for r in recipients
            ]
    return messages


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
        follow_up = FollowUp.objects.select_related(*FOLLOW_UP_RELATED).get(pk=follow_up_id)
        _log_system_update([follow_up], "reminder_sent_at", now)
        deliver(_reminder_messages([follow_up]))
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
                    .select_related(*FOLLOW_UP_RELATED)
                    .order_by("due_at", "pk")[:batch_size]
                )
                if not batch:
                    return sent
                FollowUp.objects.filter(pk__in=[f.pk for f in batch]).update(reminder_sent_at=now)
                for follow_up in batch:
                    follow_up.reminder_sent_at = now
                _log_system_update(batch, "reminder_sent_at", now)
                deliver(_reminder_messages(batch))
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
    ).select_related(*FOLLOW_UP_RELATED, "owner__manager")
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
            deliver(_escalation_messages(follow_up))
        escalated += 1
    return escalated


def _escalation_messages(follow_up: FollowUp) -> list[Message]:
    call = follow_up.call
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
