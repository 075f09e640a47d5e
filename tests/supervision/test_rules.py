"""The training and supervision obligations (supervision/rules.py), as tables of cases
with dates around the 6- and 12-month limits."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import translation

from supervision.rules import (
    SESSION_MAX_MINUTES,
    FamilyFacts,
    PlacementFacts,
    course_run_capacity_problem,
    deadlines_passed_before,
    intervals_overlap,
    months_later,
    obligations_from,
    session_length_problem,
)

START = date(2025, 3, 1)  # a network placement starts; 6 months = 1 Sep, 12 = 1 Mar 2026


def _codes(facts: FamilyFacts, today: date) -> dict[str, tuple[date, bool]]:
    return {o.code: (o.due_on, o.overdue) for o in obligations_from(facts, today)}


@pytest.mark.parametrize(
    ("today", "started_on", "expected"),
    [
        (date(2025, 3, 2), None, None),  # far from the limit: nothing shown yet
        (date(2025, 8, 1), None, None),  # 31 days before
        (date(2025, 8, 2), None, (date(2025, 9, 1), False)),  # due within 30 days
        (date(2025, 9, 1), None, (date(2025, 9, 1), False)),  # the last day: still in time
        (date(2025, 9, 2), None, (date(2025, 9, 1), True)),  # the day after: overdue
        (date(2025, 9, 2), date(2025, 8, 31), None),  # support started in time
        (date(2025, 12, 1), date(2025, 11, 1), None),  # started late: no longer open
    ],
)
def test_network_intensive_support_within_6_months(today, started_on, expected):
    facts = FamilyFacts(
        network_approved_on=date(2025, 2, 1),
        basic_course_offered=True,
        placements=(PlacementFacts(START, network=True, support_started_on=started_on),),
        last_supervision_on=today,
    )
    assert _codes(facts, today).get("intensive_support") == expected


@pytest.mark.parametrize(
    ("today", "completed_on", "expected"),
    [
        (date(2025, 9, 2), None, None),  # with an exception the 6-month limit does not apply
        (date(2026, 1, 29), None, None),
        (date(2026, 1, 30), None, (date(2026, 3, 1), False)),
        (date(2026, 3, 1), None, (date(2026, 3, 1), False)),
        (date(2026, 3, 2), None, (date(2026, 3, 1), True)),
        (date(2026, 3, 2), date(2026, 2, 27), None),
    ],
)
def test_exception_start_up_course_within_12_months(today, completed_on, expected):
    facts = FamilyFacts(
        network_approved_on=date(2025, 2, 1),
        basic_course_offered=True,
        placements=(
            PlacementFacts(START, network=True, exception=True, start_up_completed_on=completed_on),
        ),
        last_supervision_on=today,
    )
    codes = _codes(facts, today)
    assert "intensive_support" not in codes
    assert codes.get("start_up_course") == expected


@pytest.mark.parametrize(
    ("approved_on", "offered", "today", "expected"),
    [
        (date(2025, 2, 1), False, date(2025, 1, 1), None),  # approval ahead: not yet due
        (date(2025, 2, 1), False, date(2025, 1, 15), (date(2025, 2, 1), False)),
        (date(2025, 2, 1), False, date(2025, 2, 1), (date(2025, 2, 1), False)),
        (date(2025, 2, 1), False, date(2025, 2, 2), (date(2025, 2, 1), True)),
        (date(2025, 2, 1), True, date(2025, 2, 2), None),
        (None, False, date(2025, 2, 2), None),  # not a network family
    ],
)
def test_network_family_offered_basic_course(approved_on, offered, today, expected):
    facts = FamilyFacts(network_approved_on=approved_on, basic_course_offered=offered)
    assert _codes(facts, today).get("basic_course_offer") == expected


@pytest.mark.parametrize(
    ("last", "cadence", "today", "expected"),
    [
        (None, 3, date(2025, 5, 1), None),  # placed 1 Mar, due 1 Jun
        (None, 3, date(2025, 5, 2), (date(2025, 6, 1), False)),
        (None, 3, date(2025, 6, 2), (date(2025, 6, 1), True)),
        (date(2025, 5, 20), 3, date(2025, 6, 2), None),  # supervised: next due 20 Aug
        (date(2025, 5, 20), 3, date(2025, 8, 21), (date(2025, 8, 20), True)),
        (date(2025, 5, 20), 6, date(2025, 8, 21), None),  # the type's own cadence
        (date(2025, 5, 20), 6, date(2025, 11, 21), (date(2025, 11, 20), True)),
    ],
)
def test_supervision_at_the_cadence(last, cadence, today, expected):
    facts = FamilyFacts(
        placements=(PlacementFacts(START),), last_supervision_on=last, cadence_months=cadence
    )
    assert _codes(facts, today).get("supervision") == expected


def test_no_placement_no_supervision_obligation():
    assert obligations_from(FamilyFacts(), date(2030, 1, 1)) == []


def test_general_family_has_no_network_obligations():
    facts = FamilyFacts(placements=(PlacementFacts(START, network=False),))
    codes = _codes(facts, date(2026, 6, 1))
    assert set(codes) == {"supervision"}


def test_obligations_carry_their_citation():
    facts = FamilyFacts(
        network_approved_on=date(2025, 2, 1),
        placements=(PlacementFacts(START, network=True),),
    )
    obligations = obligations_from(facts, date(2025, 12, 1))
    assert {o.code for o in obligations} == {
        "basic_course_offer",
        "intensive_support",
        "supervision",
    }
    assert all("§" in o.citation or "bekendtgørelsen" in o.citation for o in obligations)


# --- a session's length and overlap ------------------------------------------------------
CPH = ZoneInfo("Europe/Copenhagen")


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=CPH)


@pytest.mark.parametrize(
    ("starts_at", "minutes", "problem"),
    [
        (_at(10, 9), 90, None),
        (_at(10, 9), 1, None),
        (_at(10, 9), SESSION_MAX_MINUTES, None),  # a full working day
        (_at(10, 9), SESSION_MAX_MINUTES + 1, "at most 8 hours"),
        (_at(10, 9), 99_999_999, "at most 8 hours"),  # the value the issue saved
        (_at(10, 9), 0, "more than zero"),
        (_at(10, 9), -30, "more than zero"),
        (_at(10, 9), None, "more than zero"),
        (_at(10, 22), 120, None),  # ends at midnight: still its own day
        (_at(10, 22), 121, "ends on the day it starts"),
        (_at(10, 23, 30), 60, "ends on the day it starts"),
    ],
)
def test_a_session_lasts_at_most_a_working_day_within_its_day(starts_at, minutes, problem):
    with translation.override("en"):
        found = session_length_problem(starts_at=starts_at, duration_minutes=minutes)
        if problem is None:
            assert found is None
        else:
            assert problem in str(found)


@pytest.mark.parametrize(
    ("first", "first_minutes", "second", "second_minutes", "overlap"),
    [
        (_at(10, 9), 60, _at(10, 10), 60, False),  # back to back
        (_at(10, 9), 61, _at(10, 10), 60, True),
        (_at(10, 9), 480, _at(10, 16, 59), 30, True),  # inside a long one
        (_at(10, 12), 30, _at(10, 9), 480, True),  # the other way round
        (_at(10, 9), 60, _at(11, 9), 60, False),  # another day
        (_at(10, 9), 60, _at(10, 8), 60, False),  # ends as this begins
    ],
)
def test_sessions_overlap_when_their_intervals_share_a_moment(
    first, first_minutes, second, second_minutes, overlap
):
    assert intervals_overlap(first, first_minutes, second, second_minutes) is overlap


@pytest.mark.parametrize(("capacity", "refused"), [(None, True), (-1, True), (0, True), (1, False)])
def test_a_course_run_has_at_least_one_place(capacity, refused):
    assert (course_run_capacity_problem(capacity) is not None) is refused


@pytest.mark.parametrize(
    ("facts", "day", "codes"),
    [
        # A general placement from 1 March 2025: supervision every 3 months, by 1 June.
        (FamilyFacts(placements=(PlacementFacts(START),)), date(2025, 6, 1), []),
        (FamilyFacts(placements=(PlacementFacts(START),)), date(2025, 6, 2), ["supervision"]),
        (
            FamilyFacts(placements=(PlacementFacts(START),), last_supervision_on=date(2025, 5, 1)),
            date(2025, 8, 1),
            [],
        ),
        # A network placement: intensive support to start within 6 months (1 Sep).
        (
            FamilyFacts(placements=(PlacementFacts(START, network=True),)),
            date(2025, 9, 2),
            ["intensive_support", "supervision"],
        ),
        # The basic-course offer is no session's deadline.
        (FamilyFacts(network_approved_on=date(2025, 1, 1)), date(2025, 9, 2), []),
        (FamilyFacts(), date(2030, 1, 1), []),
    ],
)
def test_a_planned_session_after_a_deadline_is_flagged(facts, day, codes):
    assert sorted(o.code for o in deadlines_passed_before(facts, day)) == codes


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 3, 1), 6, date(2025, 9, 1)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),  # clipped to the month's end
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # a leap year
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),  # over the year's end
        (date(2025, 12, 15), 12, date(2026, 12, 15)),
        (date(2025, 5, 31), 0, date(2025, 5, 31)),
    ],
)
def test_months_later_clips_to_the_month_s_end(day, months, expected):
    assert months_later(day, months) == expected


def test_months_later_counts_as_relativedelta_every_day_of_four_years():
    day = date(2023, 1, 1)
    while day < date(2027, 1, 1):
        for months in (1, 3, 6, 12, 13):
            assert months_later(day, months) == day + relativedelta(months=months), (day, months)
        day += timedelta(days=1)
