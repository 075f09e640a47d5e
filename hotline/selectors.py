"""Every read of the emergency hotline, limited to the user's municipality."""

from __future__ import annotations

import operator
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import reduce

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TimeField,
    Value,
)
from django.db.models.functions import (
    Coalesce,
    TruncDate,
    TruncTime,
)
from django.db.models.lookups import LessThan
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Child, Placement
from families.models import Family
from families.selectors import placement_active_on_q
from fostercare.accounts.models import User
from fostercare.figures import Span, covering, for_periods, period_counts
from fostercare.workdays.calendar import ClosedReason, WorkingCalendar, local_day_start
from fostercare.workdays.models import CalendarSettings
from hotline.models import (
    ConsultantAbsence,
    FollowUp,
    FollowUpReassignment,
    HotlineCall,
    Notification,
    Topic,
)

RECENT_DAYS = 7
WEEKDAYS = (
    _("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"),
    _("Sunday"),
)  # fmt: skip


def call_scope(*, user: User) -> QuerySet[HotlineCall]:
    return HotlineCall.objects.filter(municipality_id=user.municipality_id)


def office_closes(municipality_id) -> Coalesce:
    """When the municipality's office closes, in SQL (a subquery of the query that
    needs it, not a query of its own; ``WorkingCalendar`` has it too, with the closures
    a list does not need)."""
    setting = CalendarSettings.objects.filter(municipality_id=municipality_id).order_by("pk")
    return Coalesce(
        Subquery(setting.values("office_closes")[:1]),
        Value(WorkingCalendar.office_closes),
        output_field=TimeField(),
    )


def call_child_choices(*, user: User, family: Family, today: date | None = None) -> QuerySet[Child]:
    """The user's municipality's children placed in ``family`` now: those a call about
    it may concern (another municipality's child is that municipality's case)."""
    today = today or timezone.localdate()
    placed = Placement.objects.filter(
        placement_active_on_q(today), family=family, child=OuterRef("pk")
    )
    return Child.objects.filter(Exists(placed), municipality_id=user.municipality_id).order_by(
        "birth_date", "first_name", "pk"
    )


def _with_parts(queryset: QuerySet[HotlineCall]) -> QuerySet[HotlineCall]:
    return queryset.select_related("family", "child", "registered_by", "follow_up__owner")


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


class TimeOfCall:
    """When a call came, as the office sees it: in office hours, on a working day's
    evening or night, at a weekend, on a public holiday or customary closed day, or on a
    day the municipality declared the office closed (seed 001: the calls clustered in
    the holiday closures)."""

    OFFICE_HOURS = "office_hours"
    EVENING = "evening"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    CLOSURE = "closure"


def _day_kind(calendar: WorkingCalendar, day: date) -> str:
    closed = calendar.closed_reason(day)
    if closed is None:
        return "working"
    return {
        ClosedReason.WEEKEND: TimeOfCall.WEEKEND,
        ClosedReason.CLOSURE: TimeOfCall.CLOSURE,
    }.get(closed.kind, TimeOfCall.HOLIDAY)


def _days(since: date, until: date):
    return (since + timedelta(days=n) for n in range((until - since).days + 1))


def _local_parts(queryset: QuerySet[HotlineCall]) -> QuerySet[HotlineCall]:
    tz = timezone.get_current_timezone()
    return queryset.annotate(
        local_day=TruncDate("called_at", tzinfo=tz), local_time=TruncTime("called_at", tzinfo=tz)
    )


def _in_office_hours(calendar: WorkingCalendar) -> Q:
    return Q(local_time__gte=calendar.office_opens, local_time__lt=calendar.office_closes)


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
    owner: User | None = None,
    hour: int | None = None,
    weekday: int | None = None,
    time_of_call: str = "",
) -> QuerySet[HotlineCall]:
    """All calls of the municipality with the manager's filters, newest first. ``hour``
    (0-23) and ``weekday`` (1 Monday - 7 Sunday) are local time; ``time_of_call`` (a
    ``TimeOfCall``) needs both dates. The managers' figures count with the same filters."""
    now = timezone.now()
    closes = office_closes(user.municipality_id)
    queryset = _with_parts(call_scope(user=user)).annotate(
        follow_up_deadline=_EndOfDueDay(F("follow_up__due_at"), closes=closes)
    )
    queryset = queryset.annotate(
        follow_up_overdue=ExpressionWrapper(
            Q(follow_up__isnull=False, follow_up__done_at__isnull=True)
            & Q(follow_up_deadline__lt=now),
            output_field=BooleanField(),
        )
    )
    if q:
        # The families first (one small query), so each condition below has an index
        # of its own (the trigram indexes on the call's columns) and PostgreSQL ORs
        # their bitmaps instead of scanning every call of the municipality.
        families = Family.objects.filter(municipality_id=user.municipality_id, name__icontains=q)
        queryset = queryset.filter(
            Q(family_id__in=list(families.values_list("pk", flat=True)))
            | Q(caller_name__icontains=q)
            | Q(caller_details__icontains=q)
            | Q(topic_text__icontains=q)
        )
    if date_from:
        queryset = queryset.filter(called_at__gte=local_day_start(date_from))
    if date_to:
        queryset = queryset.filter(called_at__lt=local_day_start(date_to + timedelta(days=1)))
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
    elif status == FollowUpState.OVERDUE:
        queryset = queryset.filter(follow_up_overdue=True)
    elif status == "unassigned":
        queryset = queryset.filter(
            follow_up__isnull=False, follow_up__owner__isnull=True, follow_up__done_at__isnull=True
        )
    if owner is not None:
        queryset = queryset.filter(follow_up__owner=owner)
    if hour is not None:
        queryset = queryset.filter(called_at__hour=hour)
    if weekday is not None:
        queryset = queryset.filter(called_at__iso_week_day=weekday)
    if time_of_call and date_from and date_to:
        calendar = WorkingCalendar.for_municipality(user.municipality_id)
        wanted = (
            "working"
            if time_of_call in (TimeOfCall.OFFICE_HOURS, TimeOfCall.EVENING)
            else time_of_call
        )
        days = [day for day in _days(date_from, date_to) if _day_kind(calendar, day) == wanted]
        queryset = _local_parts(queryset).filter(local_day__in=days)
        if time_of_call == TimeOfCall.OFFICE_HOURS:
            queryset = queryset.filter(_in_office_hours(calendar))
        elif time_of_call == TimeOfCall.EVENING:
            queryset = queryset.exclude(_in_office_hours(calendar))
    return queryset.order_by("-called_at", "-pk")


# --- follow-ups --------------------------------------------------------------------------
class _EndOfDueDay(Func):
    """The end of a follow-up's due working day: the office's closing time (``closes``,
    an expression: ``office_closes``) on the local day it fell due
    (``WorkingCalendar.closing``), in SQL."""

    output_field = DateTimeField()

    def __init__(self, expression, *, closes):
        super().__init__(expression, closes)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        closes_sql, closes_params = compiler.compile(self.source_expressions[1])
        zone = settings.TIME_ZONE
        return (
            f"(((({sql}) AT TIME ZONE %s)::date + ({closes_sql})::time) AT TIME ZONE %s)",
            [*params, zone, *closes_params, zone],
        )


class _DueDayStartingBefore(Func):
    """The first moment of the first local day whose end (``_EndOfDueDay``: the
    office's closing time, ``closes``) is at or after ``moment``: a follow-up's due
    working day ended before ``moment`` if, and only if, it fell due before this
    moment. One value per query, so the comparison is a plain one of ``due_at``."""

    output_field = DateTimeField()

    def __init__(self, moment: datetime, *, closes):
        super().__init__(closes)
        self.moment = moment

    def as_sql(self, compiler, connection, **extra_context):
        closes_sql, closes_params = compiler.compile(self.source_expressions[0])
        day = timezone.localtime(self.moment).date()
        zone = settings.TIME_ZONE
        return (
            f"(CASE WHEN ((%s::date + ({closes_sql})::time) AT TIME ZONE %s) >= %s "
            "THEN %s::timestamp AT TIME ZONE %s ELSE %s::timestamp AT TIME ZONE %s END)",
            [day, *closes_params, zone, self.moment, day, zone, day + timedelta(days=1), zone],
        )


class FollowUpState:
    """What the follow-up list and figures look for."""

    OPEN = "open"
    OVERDUE = "overdue"  # open after the end of its due working day (on a day)
    ON_TIME = "on_time"  # done by the end of its due working day
    LATE = "late"  # done after it, or still open after it


def follow_up_list(*, user: User) -> QuerySet[FollowUp]:
    """Follow-ups of the municipality's calls, with the call, family and owner, and the
    end of their due working day as ``deadline``."""
    closes = office_closes(user.municipality_id)
    return (
        FollowUp.objects.filter(call__municipality_id=user.municipality_id)
        .select_related("call__family", "owner")
        .annotate(deadline=_EndOfDueDay(F("due_at"), closes=closes))
    )


def _end_of(day: date) -> datetime:
    """The first moment after ``day`` (local time), or now if that is later than now."""
    return min(local_day_start(day + timedelta(days=1)), timezone.now())


def follow_up_filter(
    queryset: QuerySet[FollowUp],
    *,
    state: str = "",
    owner: User | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    on: date | None = None,
) -> QuerySet[FollowUp]:
    """The follow-up list's filters (and the figures'): ``date_from``/``date_to`` is
    the day of the call; ``OVERDUE`` is taken at the end of ``on`` (today: now)."""
    if date_from:
        queryset = queryset.filter(call__called_at__gte=local_day_start(date_from))
    if date_to:
        queryset = queryset.filter(call__called_at__lt=local_day_start(date_to + timedelta(days=1)))
    if owner is not None:
        queryset = queryset.filter(owner=owner)
    now = timezone.now()
    if state == FollowUpState.OPEN:
        queryset = queryset.filter(done_at__isnull=True)
    elif state == FollowUpState.OVERDUE:
        moment = _end_of(on or timezone.localdate())
        queryset = queryset.filter(
            Q(done_at__isnull=True) | Q(done_at__gt=moment),
            call__called_at__lt=moment,
            deadline__lt=moment,
        )
    elif state == FollowUpState.ON_TIME:
        queryset = queryset.filter(done_at__lte=F("deadline"))
    elif state == FollowUpState.LATE:
        queryset = queryset.filter(
            Q(done_at__gt=F("deadline")) | Q(done_at__isnull=True, deadline__lte=now)
        )
    return queryset


# --- figures for managers ------------------------------------------------------------------
# Each function is one indicator of the managers' dashboard (DOMAIN.md §3). It takes the
# acting user, the periods (each ``since`` to ``until``, both included, by the local day
# of the call; ``until`` is not after today; ``fostercare.figures.for_periods``: asked
# for one period, it takes ``since`` and ``until``) and, where it makes sense, one
# consultant: the calls whose follow-up they own. Figures count the user's whole
# municipality and name no one; the lists behind them (``call_list``,
# ``follow_up_filter``) apply the same filters. A fixed number of queries each, for all
# the periods together.
def _figure_calls(*, user: User, periods: list[Span], consultant: User | None):
    """The calls from the first period's first day to the last one's last day:
    ``call_list``'s filters, without its annotations (which join every call's
    follow-up, and so keep PostgreSQL from reading the calls' index alone)."""
    calls = call_scope(user=user).filter(_called_in(covering(periods)))
    if consultant is not None:
        calls = calls.filter(follow_up__owner=consultant)
    return calls.order_by()


def _called_in(span: Span, prefix: str = "") -> Q:
    """Calls (``prefix``: "call__" for follow-ups) made from ``since`` to ``until``."""
    since, until = span
    return Q(
        **{
            f"{prefix}called_at__gte": local_day_start(since),
            f"{prefix}called_at__lt": local_day_start(until + timedelta(days=1)),
        }
    )


class _LocalHourOfWeek(Func):
    """The hour of the week a moment falls in on the local clock, 0-167 counted from
    Thursday 00:00 (1 January 1970 was a Thursday): one time zone conversion a row,
    where the hour and the weekday (``ExtractHour``, ``ExtractIsoWeekDay``) take one
    each, and float arithmetic (``DATE_PART``), where ``EXTRACT`` gives numeric."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"MOD(FLOOR(DATE_PART('epoch', ({sql}) AT TIME ZONE %s) / 3600)::bigint, 168)",
            [*params, timezone.get_current_timezone_name()],
        )


@for_periods
def call_time_figures(
    *, user: User, periods: list[Span], consultant: User | None = None
) -> list[dict]:
    """Calls by hour of day and by weekday (Copenhagen time), and how many of them were
    contacts the family's own consultant took outside office hours. One query."""
    rows = (
        _figure_calls(user=user, periods=periods, consultant=consultant)
        .annotate(hour_of_week=_LocalHourOfWeek("called_at"))
        .values_list("hour_of_week", "taken_by_consultant")
        .annotate(**period_counts([_called_in(span) for span in periods]))
    )
    hours = [Counter() for _span in periods]
    weekdays = [Counter() for _span in periods]
    by_consultant = [0 for _span in periods]
    for hour_of_week, taken_by_consultant, *counts in rows:
        hour, weekday = hour_of_week % 24, (3 + hour_of_week // 24) % 7 + 1  # 0: Thursday
        for i, n in enumerate(counts):
            hours[i][hour] += n
            weekdays[i][weekday] += n
            by_consultant[i] += n if taken_by_consultant else 0
    return [
        {
            "total": sum(hours[i].values()),
            "taken_by_consultant": by_consultant[i],
            "by_hour": [hours[i][h] for h in range(24)],
            "by_weekday": [weekdays[i][d] for d in range(1, 8)],
        }
        for i in range(len(periods))
    ]


@for_periods
def call_closure_figures(
    *, user: User, periods: list[Span], consultant: User | None = None
) -> list[dict]:
    """Calls by when they came (``TimeOfCall``), with how many such days (working days
    for office hours and for evenings) the period had, so a closed day can be set
    against an ordinary evening or weekend day. Three queries (two for the calendar)."""
    calendar = WorkingCalendar.for_municipality(user.municipality_id)
    rows = []
    for day, n, in_hours in (
        _local_parts(_figure_calls(user=user, periods=periods, consultant=consultant))
        .values_list("local_day")
        .annotate(n=Count("pk"), in_hours=Count("pk", filter=_in_office_hours(calendar)))
    ):
        rows += [(day, True, in_hours), (day, False, n - in_hours)]
    return [_closure_figures(calendar, since, until, rows) for since, until in periods]


def _closure_figures(calendar: WorkingCalendar, since: date, until: date, rows) -> dict:
    """``call_closure_figures`` of one period, from the calls per (local day, in office
    hours)."""
    kinds = {day: _day_kind(calendar, day) for day in _days(since, until)}
    calls = dict.fromkeys(TIME_OF_CALL_ORDER, 0)
    for day, in_hours, n in rows:
        if not since <= day <= until:
            continue
        kind = kinds.get(day, "working")
        if kind == "working":
            kind = TimeOfCall.OFFICE_HOURS if in_hours else TimeOfCall.EVENING
        calls[kind] += n
    working = sum(1 for kind in kinds.values() if kind == "working")
    days = {
        TimeOfCall.OFFICE_HOURS: working,
        TimeOfCall.EVENING: working,
        **{
            kind: sum(1 for k in kinds.values() if k == kind)
            for kind in (TimeOfCall.WEEKEND, TimeOfCall.HOLIDAY, TimeOfCall.CLOSURE)
        },
    }
    return {
        "total": sum(calls.values()),
        "calls": calls,
        "days": days,
        "per_day": {
            kind: round(calls[kind] / days[kind], 2) if days[kind] else None for kind in calls
        },
    }


TIME_OF_CALL_ORDER = (
    TimeOfCall.OFFICE_HOURS,
    TimeOfCall.EVENING,
    TimeOfCall.WEEKEND,
    TimeOfCall.HOLIDAY,
    TimeOfCall.CLOSURE,
)


@for_periods
def call_topic_figures(
    *, user: User, periods: list[Span], consultant: User | None = None
) -> list[dict]:
    """Calls by topic (among them contact with birth parents, a conflict theme). One
    query."""
    rows = list(
        _figure_calls(user=user, periods=periods, consultant=consultant)
        .values_list("topic")
        .annotate(**period_counts([_called_in(span) for span in periods]))
    )
    figures = []
    for i in range(len(periods)):
        counts = {topic: found[i] for topic, *found in rows}
        by_topic = {value: counts.get(value, 0) for value in Topic.values}
        figures.append({"total": sum(by_topic.values()), "by_topic": by_topic})
    return figures


@for_periods
def follow_up_on_time_figures(
    *, user: User, periods: list[Span], consultant: User | None = None
) -> list[dict]:
    """Follow-ups of the period's calls whose due working day has ended (or that are
    done), and how many were done by the end of it: the registration is there so the
    fixed consultant follows up on the next working day (seed 001). One query."""
    since, until = covering(periods)
    follow_ups = follow_up_filter(
        FollowUp.objects.filter(call__municipality_id=user.municipality_id),
        date_from=since,
        date_to=until,
        owner=consultant,
    )
    # Late: done after the end of the due working day, or still open after it (now;
    # timestamps count microseconds, so "at or before now" is "before now and a
    # microsecond"); done and not late: on time. Grouped by the two, so the end of the
    # due day is computed once a row.
    deadline = _EndOfDueDay(F("due_at"), closes=office_closes(user.municipality_id))
    done_or_now = Coalesce(F("done_at"), Value(timezone.now() + timedelta(microseconds=1)))
    rows = (
        follow_ups.annotate(
            open=ExpressionWrapper(Q(done_at__isnull=True), output_field=BooleanField()),
            late=ExpressionWrapper(LessThan(deadline, done_or_now), output_field=BooleanField()),
        )
        .values_list("open", "late")
        .annotate(**period_counts([_called_in(span, "call__") for span in periods]))
    )
    on_time, late = [0] * len(periods), [0] * len(periods)
    for is_open, is_late, *counts in rows:
        for i, n in enumerate(counts):
            if is_late:
                late[i] += n
            elif not is_open:
                on_time[i] += n
    return [
        {"on_time": on_time[i], "late": late[i], "settled": on_time[i] + late[i]}
        for i in range(len(periods))
    ]


@for_periods
def follow_up_overdue_figures(
    *, user: User, periods: list[Span], consultant: User | None = None
) -> list[dict]:
    """Follow-ups open at the end of the period's last day (now, if that is today), and
    those of them past the end of their due working day. One query."""
    moments = [_end_of(until) for _since, until in periods]
    open_at = [
        (Q(done_at__isnull=True) | Q(done_at__gt=moment)) & Q(call__called_at__lt=moment)
        for moment in moments
    ]
    closes = office_closes(user.municipality_id)
    counts = (
        follow_up_filter(
            FollowUp.objects.filter(call__municipality_id=user.municipality_id), owner=consultant
        )
        .filter(reduce(operator.or_, open_at))
        .aggregate(
            **{f"open{i}": Count("pk", filter=q) for i, q in enumerate(open_at)},
            **{
                # Past the end of the due working day at ``moment``.
                f"overdue{i}": Count(
                    "pk", filter=q & Q(due_at__lt=_DueDayStartingBefore(moment, closes=closes))
                )
                for i, (q, moment) in enumerate(zip(open_at, moments, strict=True))
            },
        )
    )
    return [
        {"open": counts[f"open{i}"], "overdue": counts[f"overdue{i}"]} for i in range(len(periods))
    ]


def call_list_for_family(*, user: User, family: Family) -> QuerySet[HotlineCall]:
    """The family's calls, newest first (the family page shows the latest of them)."""
    return _with_parts(call_scope(user=user)).filter(family=family).order_by("-called_at", "-pk")


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
