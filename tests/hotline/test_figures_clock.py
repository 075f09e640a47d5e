"""The hotline's figures where the local clock is hard (hotline/selectors.py): the
calls' local hour, weekday and day around the changes to and from summer time, the
office's opening and closing to the microsecond, the end of the due working day for
follow-ups due long after or before their call, and a period that ends today. The lists
behind the figures (``call_list``, ``follow_up_filter``) are the measure; and asking for
two periods at once counts as asking for each alone."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from fostercare.workdays.models import CalendarSettings
from hotline.selectors import (
    FollowUpState,
    TimeOfCall,
    call_closure_figures,
    call_list,
    call_time_figures,
    call_topic_figures,
    follow_up_filter,
    follow_up_list,
    follow_up_on_time_figures,
    follow_up_overdue_figures,
)
from tests.factories import FamilyFactory, FollowUpFactory, HotlineCallFactory, consultant_of
from tests.figures import narrowings
from tests.hotline.conftest import at

pytestmark = pytest.mark.django_db
TICK = timedelta(microseconds=1)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# Summer time begins 29 March 2026 at 01:00 UTC (02:00 becomes 03:00) and ends 25
# October 2026 at 01:00 UTC (03:00 becomes 02:00).
AROUND_SUMMER_TIME = [
    utc(2026, 3, 28, 22, 59, 59, 999999),  # Saturday 23:59:59.999999
    utc(2026, 3, 28, 23, 0),  # Sunday 00:00
    utc(2026, 3, 29, 0, 59, 59, 999999),  # 01:59:59.999999 winter time
    utc(2026, 3, 29, 1, 0),  # 03:00 summer time
    utc(2026, 3, 29, 21, 59, 59, 999999),  # Sunday 23:59:59.999999
    utc(2026, 3, 29, 22, 0),  # Monday 00:00
    at(2026, 3, 30, 7, 59, 59, 999999),
    at(2026, 3, 30, 8, 0),
    at(2026, 3, 30, 14, 59, 59, 999999),
    at(2026, 3, 30, 15, 0),
    utc(2026, 10, 25, 0, 30),  # 02:30 summer time
    utc(2026, 10, 25, 1, 30),  # 02:30 winter time
    utc(2026, 10, 25, 22, 59, 59, 999999),  # Sunday 23:59:59.999999
    utc(2026, 10, 25, 23, 0),  # Monday 00:00
    at(2026, 10, 26, 8, 0),
    at(2026, 10, 26, 14, 59, 59, 999999),
]


@pytest.fixture
def around_summer_time(home, time_machine):
    time_machine.move_to(at(2026, 11, 2, 12), tick=False)
    family = FamilyFactory(municipality=home)
    for called_at in AROUND_SUMMER_TIME:
        HotlineCallFactory(family=family, called_at=called_at)


@pytest.mark.parametrize(
    ("since", "until"),
    [
        pytest.param(date(2026, 3, 28), date(2026, 10, 26), id="both-changes"),
        pytest.param(date(2026, 3, 29), date(2026, 3, 29), id="spring-day"),
        pytest.param(date(2026, 3, 30), date(2026, 10, 25), id="to-the-autumn-day"),
        pytest.param(date(2026, 10, 25), date(2026, 10, 31), id="from-the-autumn-day"),
    ],
)
def test_hours_weekdays_and_days_around_summer_time_as_the_call_list(
    manager, around_summer_time, since, until
):
    figures = call_time_figures(user=manager, since=since, until=until)
    calls = call_list(user=manager, date_from=since, date_to=until)
    assert figures["total"] == calls.count()
    assert figures["by_hour"] == [calls.filter(called_at__hour=h).count() for h in range(24)]
    assert figures["by_weekday"] == [
        calls.filter(called_at__iso_week_day=d).count() for d in range(1, 8)
    ]
    closures = call_closure_figures(user=manager, since=since, until=until)
    for kind, n in closures["calls"].items():
        listed = call_list(user=manager, date_from=since, date_to=until, time_of_call=kind)
        assert (kind, n) == (kind, listed.count())


def test_office_hours_of_the_municipalitys_own_to_the_microsecond(manager, home):
    CalendarSettings.objects.create(
        municipality=home, office_opens=time(8, 30), office_closes=time(15, 45)
    )
    family = FamilyFactory(municipality=home)
    for called_at in (
        at(2026, 3, 30, 8, 29, 59, 999999),
        at(2026, 3, 30, 8, 30),
        at(2026, 3, 30, 15, 44, 59, 999999),
        at(2026, 3, 30, 15, 45),
    ):
        HotlineCallFactory(family=family, called_at=called_at)
    week = {"since": date(2026, 3, 30), "until": date(2026, 4, 1)}
    figures = call_closure_figures(user=manager, **week)
    assert figures["calls"][TimeOfCall.OFFICE_HOURS] == 2
    assert figures["calls"][TimeOfCall.EVENING] == 2


@pytest.mark.parametrize(
    ("due_at", "done_at", "state"),
    [
        # The due day begins summer time; the office still closes at 15:00.
        pytest.param(at(2026, 3, 29, 10), at(2026, 3, 29, 15), "on_time", id="spring-closing"),
        pytest.param(at(2026, 3, 29, 10), at(2026, 3, 29, 15) + TICK, "late", id="spring-late"),
        pytest.param(at(2026, 10, 25, 10), at(2026, 10, 25, 15), "on_time", id="autumn-closing"),
        pytest.param(at(2026, 10, 25, 10), at(2026, 10, 25, 15) + TICK, "late", id="autumn-late"),
        # Due long after the call, or before it.
        pytest.param(at(2027, 2, 1, 8), at(2027, 2, 1, 15), "on_time", id="due-far-later"),
        pytest.param(at(2027, 2, 1, 8), at(2027, 2, 2, 8), "late", id="far-later-late"),
        pytest.param(at(2026, 2, 27, 8), at(2026, 2, 27, 14), "on_time", id="due-before"),
        pytest.param(at(2026, 2, 27, 8), None, "late", id="due-before-open"),
        pytest.param(at(2027, 2, 1, 8), None, "open", id="due-far-later-open"),
    ],
)
def test_on_time_by_the_end_of_the_due_day_wherever_it_falls(
    manager, home, time_machine, due_at, done_at, state
):
    time_machine.move_to(at(2026, 11, 2, 12), tick=False)
    follow_up = FollowUpFactory(
        call__family=FamilyFactory(municipality=home),
        call__called_at=at(2026, 3, 2, 22),
        due_at=due_at,
        done_at=done_at,
        outcome="contacted" if done_at else "",
    )
    figures = follow_up_on_time_figures(
        user=manager, since=date(2026, 3, 1), until=date(2026, 3, 31)
    )
    assert (figures["on_time"], figures["late"]) == (int(state == "on_time"), int(state == "late"))
    rows = follow_up_list(user=manager)
    for wanted in (FollowUpState.ON_TIME, FollowUpState.LATE):
        listed = follow_up_filter(rows, state=wanted, date_from=date(2026, 3, 1))
        assert list(listed) == ([follow_up] if state == wanted else [])


@pytest.mark.parametrize(
    ("now", "state"),
    [
        pytest.param(at(2026, 3, 16, 15) - TICK, "open", id="a-microsecond-before-closing"),
        pytest.param(at(2026, 3, 16, 15), "late", id="at-closing"),
    ],
)
def test_an_open_follow_up_is_late_from_the_end_of_its_due_day(
    manager, home, time_machine, now, state
):
    time_machine.move_to(now, tick=False)
    FollowUpFactory(
        call__family=FamilyFactory(municipality=home),
        call__called_at=at(2026, 3, 13, 22),
        due_at=at(2026, 3, 16, 8),
    )
    figures = follow_up_on_time_figures(user=manager, since=date(2026, 3, 1), until=now.date())
    assert figures == {"on_time": 0, "late": int(state == "late"), "settled": int(state == "late")}
    listed = follow_up_filter(follow_up_list(user=manager), state=FollowUpState.LATE)
    assert listed.count() == int(state == "late")


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        pytest.param(at(2026, 3, 16, 14, 59), False, id="due-today-office-open"),
        pytest.param(at(2026, 3, 16, 15, 0), False, id="at-closing"),
        pytest.param(at(2026, 3, 16, 15, 0) + TICK, True, id="after-closing"),
        pytest.param(at(2026, 3, 16, 23, 59), True, id="that-evening"),
    ],
)
def test_overdue_in_a_period_that_ends_today(manager, home, time_machine, now, overdue):
    time_machine.move_to(now, tick=False)
    FollowUpFactory(
        call__family=FamilyFactory(municipality=home),
        call__called_at=at(2026, 3, 13, 22),
        due_at=at(2026, 3, 16, 8),
    )
    figures = follow_up_overdue_figures(user=manager, since=date(2026, 3, 1), until=now.date())
    assert figures == {"open": 1, "overdue": int(overdue)}
    listed = follow_up_filter(follow_up_list(user=manager), state=FollowUpState.OVERDUE)
    assert listed.count() == int(overdue)


PER_PERIOD = [
    call_time_figures,
    call_closure_figures,
    call_topic_figures,
    follow_up_on_time_figures,
    follow_up_overdue_figures,
]


@pytest.mark.parametrize(("selector", "narrowed"), narrowings(PER_PERIOD, "consultant"))
@pytest.mark.parametrize(
    "periods",
    [
        pytest.param(
            [(date(2026, 3, 1), date(2026, 10, 28)), (date(2025, 3, 1), date(2025, 10, 28))],
            id="this-year-and-last",
        ),
        pytest.param(
            [(date(2026, 10, 1), date(2026, 10, 28)), (date(2026, 9, 1), date(2026, 9, 30))],
            id="month-and-the-one-before",
        ),
    ],
)
def test_two_periods_at_once_count_as_each_alone(
    manager, home, time_machine, selector, narrowed, periods
):
    time_machine.move_to(at(2026, 10, 28, 16), tick=False)
    mine = consultant_of(home)
    ours = FamilyFactory(municipality=home, consultant=mine)
    other = FamilyFactory(municipality=home)
    moments = [
        *AROUND_SUMMER_TIME[:12],
        utc(2025, 10, 26, 0, 30),
        utc(2025, 3, 30, 1, 0),
        at(2025, 6, 5, 12),
        at(2026, 9, 30, 23, 59),
        at(2026, 10, 1, 0, 0),
        at(2026, 10, 28, 9),
    ]
    for n, called_at in enumerate(moments):
        family = ours if n % 2 else other
        done = called_at + timedelta(days=n % 4) if n % 3 else None
        FollowUpFactory(
            call__family=family,
            call__called_at=called_at,
            call__topic="birth_parents" if n % 2 else "illness",
            call__taken_by_consultant=n % 5 == 0,
            due_at=called_at + timedelta(hours=10),
            done_at=done,
            outcome="contacted" if done else "",
        )
    scope = {"consultant": mine} if narrowed else {}
    together = selector.for_periods(user=manager, periods=periods, **scope)
    alone = [selector(user=manager, since=since, until=until, **scope) for since, until in periods]
    assert together == alone
