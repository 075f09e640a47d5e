"""Every read of the emergency hotline, limited to the user's municipality."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import Family
from fostercare.accounts.models import User
from fostercare.workdays.calendar import WorkingCalendar
from hotline.models import (
    ConsultantAbsence,
    FollowUp,
    FollowUpReassignment,
    HotlineCall,
    Notification,
)

RECENT_DAYS = 7
WEEKDAYS = (
    _("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"),
    _("Sunday"),
)  # fmt: skip


def call_scope(*, user: User) -> QuerySet[HotlineCall]:
    return HotlineCall.objects.filter(municipality_id=user.municipality_id)


def _with_parts(queryset: QuerySet[HotlineCall]) -> QuerySet[HotlineCall]:
    return queryset.select_related("family", "registered_by", "follow_up__owner")


def call_detail(*, user: User, public_id) -> HotlineCall:
    """One call with its follow-up and the follow-up's reassignments, or 404."""
    queryset = _with_parts(call_scope(user=user)).select_related("follow_up__done_by")
    call = get_object_or_404(queryset, public_id=public_id)
    follow_up = getattr(call, "follow_up", None)
    call.reassignments = (
        list(
            FollowUpReassignment.objects.filter(follow_up=follow_up).select_related(
                "from_user", "to_user", "by"
            )
        )
        if follow_up
        else []
    )
    return call


def follow_up_get(*, user: User, public_id) -> FollowUp:
    """A follow-up of the user's municipality (by its call's public id), or 404."""
    return get_object_or_404(
        FollowUp.objects.select_related("call__family", "owner"),
        call__municipality_id=user.municipality_id,
        call__public_id=public_id,
    )


def call_list_mine(*, user: User, days: int = RECENT_DAYS) -> QuerySet[HotlineCall]:
    """The calls the user registered in the last ``days`` days."""
    since = timezone.now() - timedelta(days=days)
    return _with_parts(call_scope(user=user)).filter(registered_by=user, called_at__gte=since)


@dataclass
class Inbox:
    overdue: list[FollowUp]
    due_today: list[FollowUp]
    upcoming: list[FollowUp]

    def __len__(self) -> int:
        return len(self.overdue) + len(self.due_today) + len(self.upcoming)


def follow_up_inbox(*, user: User, today: date | None = None) -> Inbox:
    """The user's open follow-ups: overdue (due on an earlier day), due today, upcoming."""
    today = today or timezone.localdate()
    inbox = Inbox([], [], [])
    rows = (
        FollowUp.objects.filter(
            owner=user, done_at__isnull=True, call__municipality_id=user.municipality_id
        )
        .select_related("call__family")
        .order_by("-urgent", "due_at", "pk")
    )
    for follow_up in rows:
        day = timezone.localtime(follow_up.due_at).date()
        if day < today:
            inbox.overdue.append(follow_up)
        elif day == today:
            inbox.due_today.append(follow_up)
        else:
            inbox.upcoming.append(follow_up)
    return inbox


def notification_list_unread(*, user: User, limit: int = 10) -> list[Notification]:
    return list(Notification.objects.filter(user=user, read_at__isnull=True)[:limit])


def follow_up_list_unassigned(*, user: User) -> QuerySet[FollowUp]:
    """Open follow-ups without an owner (unknown family or no fixed consultant)."""
    return (
        FollowUp.objects.filter(
            call__municipality_id=user.municipality_id, owner__isnull=True, done_at__isnull=True
        )
        .select_related("call__family", "call__registered_by")
        .order_by("due_at", "pk")
    )


def call_list(
    *,
    user: User,
    q: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    organisation: str = "",
    topic: str = "",
    status: str = "",
    safety_only: bool = False,
) -> QuerySet[HotlineCall]:
    """All calls of the municipality with the manager's filters, newest first."""
    queryset = _with_parts(call_scope(user=user))
    if q:
        queryset = queryset.filter(
            Q(family__name__icontains=q)
            | Q(caller_name__icontains=q)
            | Q(caller_details__icontains=q)
            | Q(topic_text__icontains=q)
        )
    if date_from:
        queryset = queryset.filter(called_at__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(called_at__date__lte=date_to)
    if organisation:
        queryset = queryset.filter(answered_by_organisation=organisation)
    if topic:
        queryset = queryset.filter(topic=topic)
    if safety_only:
        queryset = queryset.filter(child_safety_at_risk=True)
    if status == "open":
        queryset = queryset.filter(follow_up__done_at__isnull=True, follow_up__isnull=False)
    elif status == "done":
        queryset = queryset.filter(follow_up__done_at__isnull=False)
    elif status == "unassigned":
        queryset = queryset.filter(
            follow_up__isnull=False, follow_up__owner__isnull=True, follow_up__done_at__isnull=True
        )
    return queryset.order_by("-called_at", "-pk")


def call_figures(*, user: User, since: date, until: date, now: datetime | None = None) -> dict:
    """Calls by hour of day and weekday (Copenhagen time), and the share of follow-ups
    done by the end of their due working day (among those whose day has ended)."""
    now = now or timezone.now()
    calls = call_scope(user=user).filter(called_at__date__gte=since, called_at__date__lte=until)
    hours: Counter[int] = Counter()
    weekdays: Counter[int] = Counter()
    for called_at in calls.values_list("called_at", flat=True):
        local = timezone.localtime(called_at)
        hours[local.hour] += 1
        weekdays[local.weekday()] += 1
    calendar = WorkingCalendar.for_municipality(user.municipality_id)
    settled = on_time = 0
    for due_at, done_at in FollowUp.objects.filter(call__in=calls).values_list("due_at", "done_at"):
        deadline = calendar.closing(timezone.localtime(due_at).date())
        if done_at is not None and done_at <= deadline:
            settled += 1
            on_time += 1
        elif now >= deadline:
            settled += 1
    total = sum(hours.values())
    peak = max(hours.values(), default=0)
    peak_day = max(weekdays.values(), default=0)
    return {
        "total": total,
        "by_hour": [
            {"hour": h, "count": hours[h], "width": round(100 * hours[h] / peak) if peak else 0}
            for h in range(24)
        ],
        "by_weekday": [
            {
                "label": WEEKDAYS[d],
                "count": weekdays[d],
                "width": round(100 * weekdays[d] / peak_day) if peak_day else 0,
            }
            for d in range(7)
        ],
        "settled": settled,
        "on_time": on_time,
        "share_on_time": round(100 * on_time / settled) if settled else None,
    }


def call_list_for_family(*, user: User, family: Family) -> list[HotlineCall]:
    """The family's calls, newest first (the family page shows them)."""
    return list(
        _with_parts(call_scope(user=user)).filter(family=family).order_by("-called_at", "-pk")
    )


def absence_list(*, user: User) -> QuerySet[ConsultantAbsence]:
    return (
        ConsultantAbsence.objects.filter(municipality_id=user.municipality_id)
        .select_related("consultant", "substitute")
        .order_by("-starts_on", "-pk")
    )


def follow_up_list_delivery_problems(*, user: User) -> QuerySet[FollowUp]:
    """Open follow-ups whose reminder had nobody to go to, is being retried after the
    mail server refused it, or was given up; oldest due first."""
    return (
        FollowUp.objects.filter(
            Q(reminder_without_recipient=True)
            | Q(reminder_failed_at__isnull=False)
            | Q(reminder_attempts__gt=0, reminder_sent_at__isnull=True),
            call__municipality_id=user.municipality_id,
            done_at__isnull=True,
        )
        .select_related("call", "owner")
        .order_by("due_at", "pk")
    )
