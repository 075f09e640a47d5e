"""support/rules.py: conditions due and overdue (around weekends and holidays), the
mentor requirement at its 3-year edge, the recommended group size."""

from datetime import date

import pytest
from django.utils import translation

from fostercare.workdays.calendar import WorkingCalendar
from support import rules
from support.rules import ConditionState, MentorFacts

START_BY = date(2026, 3, 20)  # a Friday


@pytest.mark.parametrize(
    ("today", "started_on", "state"),
    [
        (date(2026, 3, 5), None, ConditionState.UPCOMING),  # 15 days before
        (date(2026, 3, 6), None, ConditionState.DUE),  # 14 days before
        (date(2026, 3, 20), None, ConditionState.DUE),  # the date itself
        (date(2026, 3, 21), None, ConditionState.OVERDUE),  # the day after (a Saturday)
        (date(2026, 5, 1), None, ConditionState.OVERDUE),
        (date(2026, 3, 25), date(2026, 3, 20), ConditionState.STARTED),
        (date(2026, 3, 1), date(2026, 2, 1), ConditionState.STARTED),  # early
        (date(2026, 3, 25), date(2026, 3, 21), ConditionState.STARTED_LATE),
    ],
)
def test_condition_state(today, started_on, state):
    assert rules.condition_state(start_by=START_BY, started_on=started_on, today=today) == state


@pytest.mark.parametrize(
    ("start_by", "reminded_on"),
    [
        (date(2026, 3, 2), date(2026, 3, 3)),  # Monday: overdue Tuesday
        (date(2026, 3, 5), date(2026, 3, 6)),  # Thursday: overdue Friday
        (date(2026, 3, 6), date(2026, 3, 9)),  # Friday: overdue Saturday, reminded Monday
        (date(2026, 3, 7), date(2026, 3, 9)),  # Saturday
        (date(2026, 3, 8), date(2026, 3, 9)),  # Sunday: overdue Monday
        (date(2026, 4, 1), date(2026, 4, 7)),  # before Easter: Thursday to Monday closed
        (date(2026, 5, 13), date(2026, 5, 15)),  # before Ascension Day (14 May)
        (date(2026, 5, 22), date(2026, 5, 26)),  # Friday before Whit Monday (25 May)
        (date(2026, 6, 4), date(2026, 6, 8)),  # before Constitution Day (Friday 5 June)
        (date(2026, 12, 23), date(2026, 12, 28)),  # Christmas Eve to the weekend
    ],
)
def test_reminder_on_the_working_day_it_falls_overdue(start_by, reminded_on):
    calendar = WorkingCalendar(municipality_id=None)
    day = rules.condition_reminder_day(
        start_by, working_day_on_or_after=calendar.working_day_on_or_after
    )
    assert day == reminded_on


def test_reminder_day_follows_the_municipalitys_own_closures():
    calendar = WorkingCalendar(municipality_id=None, closures={date(2026, 3, 3): "Flytning"})
    day = rules.condition_reminder_day(
        date(2026, 3, 2), working_day_on_or_after=calendar.working_day_on_or_after
    )
    assert day == date(2026, 3, 4)


FIRST = date(2023, 3, 1)


@pytest.mark.parametrize(
    ("facts", "today", "eligible", "missing"),
    [
        (MentorFacts(FIRST, True, True), date(2026, 2, 28), False, ["3 years"]),
        (MentorFacts(FIRST, True, True), date(2026, 3, 1), True, []),  # the third anniversary
        (MentorFacts(FIRST, True, True), date(2026, 3, 2), True, []),
        (MentorFacts(date(2020, 2, 29), True, True), date(2023, 2, 28), True, []),  # leap day
        (MentorFacts(FIRST, False, True), date(2027, 1, 1), False, ["basic course"]),
        (MentorFacts(FIRST, True, False), date(2027, 1, 1), False, ["supervision"]),
        (MentorFacts(None, True, True), date(2027, 1, 1), False, ["general approval"]),
        (
            MentorFacts(date(2025, 1, 1), False, False),
            date(2026, 1, 1),
            False,
            ["3 years", "basic course", "supervision"],
        ),
    ],
)
def test_mentor_eligibility(facts, today, eligible, missing):
    with translation.override("en"):
        result = rules.mentor_eligibility(facts, today=today)
    assert result.eligible is eligible
    assert len(result.reasons) == len(missing)
    for reason, words in zip(result.reasons, missing, strict=True):
        assert words in reason


@pytest.mark.parametrize(
    ("count", "warned"), [(0, True), (3, True), (4, False), (5, False), (6, False), (7, True)]
)
def test_group_size_warning(count, warned):
    assert bool(rules.group_size_warning(count)) is warned


@pytest.mark.parametrize(
    ("code", "prefix"), [("2100", "21"), ("2150", "21"), ("7100", "71"), ("7120", "71")]
)
def test_postal_area_prefix(code, prefix):
    assert rules.postal_area_prefix(code) == prefix
