"""The hotline's figures for the managers' dashboard (hotline/selectors.py, "figures"),
around the edges of the period (Copenhagen's local day), and the lists behind them
(call_list, follow_up_filter) counting the same rows."""

from datetime import date, timedelta

import pytest

from fostercare.workdays.models import OfficeClosure
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
from tests.hotline.conftest import CPH, at

pytestmark = pytest.mark.django_db
MARCH = {"since": date(2026, 3, 1), "until": date(2026, 3, 31)}


@pytest.mark.parametrize(
    ("called_at", "counted"),
    [
        pytest.param(at(2026, 2, 28, 23, 59), False, id="last-minute-before"),
        pytest.param(at(2026, 3, 1, 0, 0), True, id="first-minute"),
        pytest.param(at(2026, 3, 31, 23, 59), True, id="last-minute"),
        pytest.param(at(2026, 4, 1, 0, 0), False, id="first-minute-after"),
        # 23:30 local on 31 March is 21:30 UTC: the local day counts.
        pytest.param(at(2026, 3, 31, 23, 30), True, id="late-evening-local-day"),
    ],
)
def test_calls_are_counted_by_their_local_day(manager, home, called_at, counted):
    HotlineCallFactory(family=FamilyFactory(municipality=home), called_at=called_at)
    figures = call_time_figures(user=manager, **MARCH)
    assert figures["total"] == (1 if counted else 0)
    local = called_at.astimezone(CPH)
    assert figures["by_hour"][local.hour] == (1 if counted else 0)
    assert figures["by_weekday"][local.weekday()] == (1 if counted else 0)
    assert call_list(user=manager, date_from=MARCH["since"], date_to=MARCH["until"]).count() == (
        1 if counted else 0
    )


def test_hour_and_weekday_match_the_call_list(manager, home):
    family = FamilyFactory(municipality=home)
    for called_at in (at(2026, 3, 13, 0, 5), at(2026, 3, 13, 22, 15), at(2026, 3, 14, 22, 40)):
        HotlineCallFactory(family=family, called_at=called_at)
    figures = call_time_figures(user=manager, **MARCH)
    assert (figures["by_hour"][0], figures["by_hour"][22]) == (1, 2)
    assert figures["by_weekday"] == [0, 0, 0, 0, 2, 1, 0]
    listed = call_list(user=manager, date_from=MARCH["since"], date_to=MARCH["until"], hour=0)
    assert listed.count() == 1
    saturday = call_list(user=manager, date_from=MARCH["since"], date_to=MARCH["until"], weekday=6)
    assert saturday.count() == 1


EASTER_WEEK = {"since": date(2026, 3, 30), "until": date(2026, 4, 5)}


@pytest.mark.parametrize(
    ("called_at", "kind"),
    [
        pytest.param(at(2026, 3, 30, 10, 0), TimeOfCall.OFFICE_HOURS, id="monday-morning"),
        pytest.param(at(2026, 3, 30, 8, 0), TimeOfCall.OFFICE_HOURS, id="opening-minute"),
        pytest.param(at(2026, 3, 30, 15, 0), TimeOfCall.EVENING, id="closing-minute"),
        pytest.param(at(2026, 3, 31, 7, 59), TimeOfCall.EVENING, id="before-opening"),
        pytest.param(at(2026, 4, 1, 11, 0), TimeOfCall.CLOSURE, id="declared-closure"),
        pytest.param(at(2026, 4, 2, 11, 0), TimeOfCall.HOLIDAY, id="maundy-thursday"),
        pytest.param(at(2026, 4, 4, 11, 0), TimeOfCall.WEEKEND, id="saturday"),
        pytest.param(at(2026, 4, 5, 11, 0), TimeOfCall.HOLIDAY, id="easter-sunday"),
    ],
)
def test_calls_by_time_of_call_set_against_the_days_of_each_kind(manager, home, called_at, kind):
    OfficeClosure.objects.create(municipality=home, date=date(2026, 4, 1), reason="Lukket")
    HotlineCallFactory(family=FamilyFactory(municipality=home), called_at=called_at)
    figures = call_closure_figures(user=manager, **EASTER_WEEK)
    assert figures["calls"] == {k: int(k == kind) for k in figures["calls"]}
    # Mon-Tue working; Wed declared closed; Thu, Fri and Sun holidays; Sat weekend.
    assert figures["days"] == {
        TimeOfCall.OFFICE_HOURS: 2,
        TimeOfCall.EVENING: 2,
        TimeOfCall.WEEKEND: 1,
        TimeOfCall.HOLIDAY: 3,
        TimeOfCall.CLOSURE: 1,
    }
    expected_rate = round(1 / figures["days"][kind], 2)
    assert figures["per_day"][kind] == expected_rate
    listed = call_list(
        user=manager,
        date_from=EASTER_WEEK["since"],
        date_to=EASTER_WEEK["until"],
        time_of_call=kind,
    )
    assert listed.count() == 1


def test_topics_and_the_consultant_whose_follow_ups_they_are(manager, home):
    mine = consultant_of(home)
    ours = FamilyFactory(municipality=home, consultant=mine)
    other = FamilyFactory(municipality=home)
    FollowUpFactory(
        call__family=ours, call__called_at=at(2026, 3, 2, 20), call__topic="birth_parents"
    )
    FollowUpFactory(call__family=other, call__called_at=at(2026, 3, 3, 20), call__topic="illness")
    figures = call_topic_figures(user=manager, **MARCH)
    assert (figures["total"], figures["by_topic"]["birth_parents"]) == (2, 1)
    narrowed = call_topic_figures(user=manager, consultant=mine, **MARCH)
    assert narrowed["total"] == 1 and narrowed["by_topic"]["birth_parents"] == 1


def test_another_municipalitys_calls_are_never_counted(manager, home, other_municipality):
    HotlineCallFactory(
        family=FamilyFactory(municipality=other_municipality), called_at=at(2026, 3, 2, 20)
    )
    assert call_time_figures(user=manager, **MARCH)["total"] == 0


# Monday 16 March 2026: the office opens 08:00 and closes 15:00.
DUE = at(2026, 3, 16, 8, 0)
END_OF_DAY = at(2026, 3, 16, 15, 0)


@pytest.mark.parametrize(
    ("done_at", "now", "state"),
    [
        pytest.param(END_OF_DAY - timedelta(minutes=1), END_OF_DAY, "on_time", id="last-minute"),
        pytest.param(END_OF_DAY, END_OF_DAY, "on_time", id="at-closing"),
        pytest.param(END_OF_DAY + timedelta(minutes=1), END_OF_DAY, "late", id="minute-late"),
        pytest.param(None, END_OF_DAY - timedelta(minutes=1), "open", id="open-day-not-over"),
        pytest.param(None, END_OF_DAY + timedelta(minutes=1), "late", id="open-day-over"),
    ],
)
def test_follow_up_on_time_by_the_end_of_its_due_working_day(
    manager, home, time_machine, done_at, now, state
):
    time_machine.move_to(now, tick=False)
    follow_up = FollowUpFactory(
        call__family=FamilyFactory(municipality=home),
        call__called_at=at(2026, 3, 13, 22),
        due_at=DUE,
        done_at=done_at,
        outcome="contacted" if done_at else "",
    )
    figures = follow_up_on_time_figures(user=manager, **MARCH)
    assert (figures["on_time"], figures["late"]) == (int(state == "on_time"), int(state == "late"))
    assert figures["settled"] == int(state != "open")
    rows = follow_up_list(user=manager)
    for wanted in (FollowUpState.ON_TIME, FollowUpState.LATE):
        listed = follow_up_filter(rows, state=wanted, date_from=date(2026, 3, 1))
        assert list(listed) == ([follow_up] if state == wanted else [])


@pytest.mark.parametrize(
    ("until", "done_at", "overdue"),
    [
        pytest.param(date(2026, 3, 15), None, False, id="before-it-fell-due"),
        pytest.param(date(2026, 3, 16), None, True, id="end-of-due-day"),
        pytest.param(date(2026, 3, 17), at(2026, 3, 17, 9), False, id="done-that-day"),
        pytest.param(date(2026, 3, 17), at(2026, 3, 18, 9), True, id="done-later"),
    ],
)
def test_follow_ups_overdue_at_the_end_of_the_period(
    manager, home, time_machine, until, done_at, overdue
):
    time_machine.move_to(at(2026, 3, 20, 12), tick=False)
    FollowUpFactory(
        call__family=FamilyFactory(municipality=home),
        call__called_at=at(2026, 3, 13, 22),
        due_at=DUE,
        done_at=done_at,
        outcome="contacted" if done_at else "",
    )
    figures = follow_up_overdue_figures(user=manager, since=date(2026, 3, 1), until=until)
    assert figures["overdue"] == int(overdue)
    listed = follow_up_filter(follow_up_list(user=manager), state=FollowUpState.OVERDUE, on=until)
    assert listed.count() == int(overdue)
