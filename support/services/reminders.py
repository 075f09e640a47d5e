"""Reminders that a condition did not start by its date: an outbox like the hotline's.

On the working day a condition falls overdue (the day after its "start by" date, or the
next working day after a weekend or holiday: ``rules.condition_reminder_day``), the
family's consultant and their manager get one e-mail and a notification each. The sweep
(``support_sweep``, run by beat) first writes a ``ConditionReminder`` row for every
overdue condition that has none (one per condition and date: a unique constraint), then
sends the due ones with the kernel's outbox (``fostercare/outbox.py``: claim → send →
mark, one at a time), so a lost task, a broker outage or a dead worker only delays a
reminder, and two workers never send the same one twice (a repeat after a killed sender
carries the same ``Message-ID``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from families.models import AssessmentCondition, ConsultantAssignment
from fostercare import outbox
from fostercare.accounts.models import User
from fostercare.accounts.selectors import assignment_current_q
from fostercare.mail import DeliveryError, Mailer
from fostercare.outbox import ERROR_LENGTH, Result
from fostercare.workdays.calendar import WorkingCalendar
from hotline.models import Notification
from hotline.services.messages import Audience, fallback_audience, managers_for
from support import rules
from support.models import ConditionReminder, DevelopmentGoal
from support.selectors import LIVE_OUTCOMES

logger = logging.getLogger(__name__)
RELATED = ("condition__assessment__family", "condition__assessment__child")


def _consultant(family_id: int, day: date) -> User | None:
    assignment = (
        ConsultantAssignment.objects.filter(assignment_current_q(day), family_id=family_id)
        .select_related("consultant", "consultant__manager")
        .order_by("-starts_on")
        .first()
    )
    return assignment.consultant if assignment else None


def condition_audience(*, municipality_id: int, consultant: User | None) -> Audience:
    """The consultant (if active) and their manager (or the municipality's managers);
    with nobody, the municipality's fallback address and administrators."""
    users = [consultant] if consultant is not None and consultant.is_active else []
    users += list(managers_for(municipality_id=municipality_id, user=consultant))
    users = list(dict.fromkeys(users))
    if users:
        return Audience(users=tuple(users))
    return fallback_audience(municipality_id=municipality_id)


@dataclass(frozen=True)
class ConditionMessage:
    audience: Audience
    subject: str
    body: str
    link: str
    reminder_public_id: str

    @property
    def message_id(self) -> str:
        return f"<condition-{self.reminder_public_id}.overdue@{settings.HOTLINE_MESSAGE_ID_DOMAIN}>"

    def notifications(self) -> list[Notification]:
        return [
            Notification(user=user, text=self.subject[:300], link=self.link)
            for user in self.audience.users
        ]

    def email(self) -> EmailMessage:
        emails = [u.email for u in self.audience.users if u.is_active and u.email]
        return EmailMessage(
            subject=self.subject,
            body=f"{self.body}\n\n{settings.SITE_URL}{self.link}\n",
            to=list(dict.fromkeys([*emails, *self.audience.addresses])),
            headers={
                "Message-ID": self.message_id,
                "X-Support-Condition-Reminder": self.reminder_public_id,
            },
        )


class _Overdue(outbox.Notice):
    kind = "condition"

    def pending(self, now: datetime) -> QuerySet[ConditionReminder]:
        return ConditionReminder.objects.filter(
            outbox_due_q(now),
            sent_at__isnull=True,
            failed_at__isnull=True,
            due_at__lte=now,
            # Started meanwhile, or moved to another date: nothing to remind of.
            condition__started_on__isnull=True,
            condition__start_by=F("start_by"),
            condition__assessment__outcome__in=LIVE_OUTCOMES,
        )

    def municipality_id(self, reminder: ConditionReminder) -> int:
        return reminder.municipality_id

    def message(self, reminder: ConditionReminder) -> ConditionMessage:
        condition = reminder.condition
        family = condition.assessment.family
        consultant = _consultant(family.pk, timezone.localdate())
        audience = condition_audience(
            municipality_id=reminder.municipality_id, consultant=consultant
        )
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Support condition not started: %(family)s") % {"family": family.name}
            body = _(
                "The approval of %(family)s as a network family depends on support that "
                "had to start by %(date)s and is not recorded as started:\n%(condition)s\n"
                "Consultant: %(consultant)s. Make sure the support starts, or record when "
                "it did."
            ) % {
                "family": family.name,
                "date": condition.start_by.strftime("%d.%m.%Y"),
                "condition": condition.description,
                "consultant": consultant.full_name if consultant else _("nobody"),
            }
            if audience.fallback:
                subject = _("Without recipient: ") + subject
        link = reverse("families:detail", kwargs={"public_id": family.public_id})
        return ConditionMessage(audience, subject, body, link, str(reminder.public_id))

    def sent(self, reminder, now, message, refused) -> Result:
        error = "; ".join(f"{addr} ({reply})" for addr, reply in refused.items())
        return Result(
            changes={
                "sent_at": now,
                "retry_at": None,
                "error": error[:ERROR_LENGTH],
                "without_recipient": message.audience.fallback,
            },
            records=message.notifications(),
            sent=True,
        )

    def refused(self, reminder, now, error: DeliveryError) -> Result:
        attempts = reminder.attempts + 1
        changes = {"attempts": attempts, "error": str(error)[:ERROR_LENGTH]}
        if attempts >= settings.HOTLINE_REMINDER_MAX_ATTEMPTS:
            # Given up: the in-app notifications still reach everyone named.
            changes |= {"failed_at": now, "retry_at": None}
            return Result(changes=changes, records=self.message(reminder).notifications())
        changes["retry_at"] = now + outbox.backoff(attempts)
        return Result(changes=changes)

    def nobody(self, reminder, now) -> Result:
        return Result(
            changes={"without_recipient": True, "retry_at": now + outbox.backoff(99)},
        )

    def server_down(self, reminder, now, error) -> Result:
        return Result(
            changes={"retry_at": now + outbox.backoff(1), "error": str(error)[:ERROR_LENGTH]},
            stop=True,
        )

    def broken(self, reminder, error, now) -> Result:
        attempts = reminder.attempts + 1
        return Result(
            changes={
                "attempts": attempts,
                "error": f"{type(error).__name__}: {error}"[:ERROR_LENGTH],
                "retry_at": now + outbox.backoff(attempts),
            }
        )


def outbox_due_q(now: datetime) -> Q:
    return Q(retry_at__isnull=True) | Q(retry_at__lte=now)


OVERDUE = _Overdue()


class _Review(outbox.Notice):
    """The consultant is reminded on a development goal's review day (office opening)."""

    kind = "review"

    def pending(self, now: datetime) -> QuerySet[DevelopmentGoal]:
        return DevelopmentGoal.objects.filter(
            Q(reminder_retry_at__isnull=True) | Q(reminder_retry_at__lte=now),
            reminder_sent_at__isnull=True,
            review_on__lte=timezone.localdate(now),
            status__in=(DevelopmentGoal.Status.OPEN, DevelopmentGoal.Status.IN_PROGRESS),
        )

    def municipality_id(self, goal: DevelopmentGoal) -> int:
        return goal.municipality_id

    def message(self, goal: DevelopmentGoal) -> ConditionMessage:
        consultant = _consultant(goal.family_id, timezone.localdate())
        audience = condition_audience(municipality_id=goal.municipality_id, consultant=consultant)
        if consultant is not None and consultant.is_active:
            audience = Audience(users=(consultant,))
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Development goal to review: %(family)s") % {"family": goal.family.name}
            body = _('The goal "%(goal)s" is due for review on %(date)s.') % {
                "goal": goal.goal,
                "date": goal.review_on.strftime("%d.%m.%Y"),
            }
        link = reverse("families:detail", kwargs={"public_id": goal.family.public_id})
        return ConditionMessage(audience, subject, body, link, f"goal-{goal.public_id}")

    def sent(self, goal, now, message, refused) -> Result:
        return Result(
            changes={"reminder_sent_at": now, "reminder_retry_at": None},
            records=message.notifications(),
            sent=True,
        )

    def _later(self, goal, now, error) -> Result:
        attempts = goal.reminder_attempts + 1
        return Result(
            changes={
                "reminder_attempts": attempts,
                "reminder_error": str(error)[:ERROR_LENGTH],
                "reminder_retry_at": now + outbox.backoff(attempts),
            }
        )

    def refused(self, goal, now, error) -> Result:
        return self._later(goal, now, error)

    def broken(self, goal, error, now) -> Result:
        return self._later(goal, now, error)

    def nobody(self, goal, now) -> Result:
        return Result(changes={"reminder_retry_at": now + outbox.backoff(99)})

    def server_down(self, goal, now, error) -> Result:
        return Result(changes={"reminder_retry_at": now + outbox.backoff(1)}, stop=True)


REVIEW = _Review()


class _Run(outbox.Run):
    def __init__(self, *, related=RELATED, **kwargs):
        super().__init__(**kwargs)
        self.related = related

    def claim(self, queryset, limit):
        return outbox.claim(queryset, now=self.clock(), limit=limit, related=self.related)


def condition_reminders_plan(*, now: datetime | None = None) -> int:
    """Write the outbox row of every overdue, unstarted condition of a live assessment
    that has none for its date; due at office opening on the reminder day. Returns how
    many it found to write (a second run finds none; two at once write each once)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    calendars: dict[int, WorkingCalendar] = {}
    rows = []
    overdue = (
        AssessmentCondition.objects.filter(
            started_on__isnull=True,
            start_by__lt=today,
            assessment__outcome__in=LIVE_OUTCOMES,
            # Older than a year: a forgotten record, not a reminder to send now.
            start_by__gte=today - timedelta(days=365),
        )
        .exclude(reminders__start_by=F("start_by"))
        .values_list("pk", "start_by", "assessment__family__municipality_id")
    )
    for pk, start_by, municipality_id in overdue:
        if municipality_id not in calendars:
            calendars[municipality_id] = WorkingCalendar.for_municipality(municipality_id)
        calendar = calendars[municipality_id]
        day = rules.condition_reminder_day(
            start_by, working_day_on_or_after=calendar.working_day_on_or_after
        )
        rows.append(
            ConditionReminder(
                condition_id=pk,
                start_by=start_by,
                municipality_id=municipality_id,
                due_at=calendar.opening(day),
            )
        )
    created = ConditionReminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created)


def condition_reminders_send_due(*, now: datetime | None = None) -> int:
    """Send every due, unsent reminder, one at a time over one connection."""
    with Mailer() as mailer:
        return _Run(mailer=mailer, now=now).drain(OVERDUE)


def development_goal_reminders_send_due(*, now: datetime | None = None) -> int:
    """Remind the consultant of every goal whose review day has come, once."""
    with Mailer() as mailer:
        return _Run(mailer=mailer, now=now, related=("family",)).drain(REVIEW)


def support_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """What beat runs every few minutes: plan the reminders of conditions that fell
    overdue, send the due ones, then the development goals' review reminders."""
    planned = outbox.db(lambda: condition_reminders_plan(now=now))
    return {
        "planned": planned,
        "reminders": condition_reminders_send_due(now=now),
        "reviews": development_goal_reminders_send_due(now=now),
    }
