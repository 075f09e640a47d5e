"""Supervision's figures for the managers' dashboard (supervision/selectors.py,
"figures") around the edges of the period, the family-list filters behind them, and
the SQL overdue rule agreeing with the obligations the consultants see."""

from datetime import date, datetime

import pytest

from families.models import Family
from supervision.models import Enrolment, IntensiveSupportException, SupervisionCadence
from supervision.selectors import (
    FamilyStanding,
    course_basic_figures,
    family_filter_basic_course,
    family_filter_intensive_support,
    family_filter_supervision,
    obligation_list_for_family,
    session_figures,
    session_filter,
    session_list,
    supervision_family_figures,
    supervision_intensive_figures,
)
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    CourseRunFactory,
    FamilyFactory,
    FamilyMemberFactory,
    PlacementFactory,
    SupervisionSessionFactory,
    consultant_of,
)
from tests.supervision.test_selectors import CPH, network_family

pytestmark = pytest.mark.django_db
QUARTER = {"since": date(2025, 4, 1), "until": date(2025, 6, 30)}


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 3, 1, 12, tzinfo=CPH), tick=False)


def general_family(home, *, placed_on=date(2025, 1, 1), consultant=None):
    family = ApprovalFactory(family=FamilyFactory(municipality=home, consultant=consultant)).family
    PlacementFactory(child=ChildFactory(municipality=home), family=family, start_date=placed_on)
    return family


def session(home, family, day: date, hour: int = 10):
    return SupervisionSessionFactory(
        municipality=home,
        families=[family],
        starts_at=datetime(*day.timetuple()[:3], hour, tzinfo=CPH),
    )


@pytest.mark.parametrize(
    ("day", "supervised"),
    [
        pytest.param(date(2025, 3, 31), False, id="day-before"),
        pytest.param(date(2025, 4, 1), True, id="first-day"),
        pytest.param(date(2025, 6, 30), True, id="last-day"),
        pytest.param(date(2025, 7, 1), False, id="day-after"),
    ],
)
def test_coverage_per_family_type(manager, home, day, supervised):
    general = general_family(home)
    session(home, general, day)
    network, _placement = network_family(home, placed_on=date(2025, 3, 1))
    general_family(home, placed_on=date(2025, 7, 1))  # placed after the quarter: not counted
    figures = supervision_family_figures(user=manager, **QUARTER)
    assert (figures["placed"], figures["supervised"]) == (2, int(supervised))
    assert figures["by_type"]["almen"] == (1, int(supervised))
    assert figures["by_type"]["netvaerk"] == (1, 0)
    families = Family.objects.filter(municipality=home)
    with_session = family_filter_supervision(
        families, FamilyStanding.WITH_SESSION, on=QUARTER["until"], **QUARTER
    )
    without = family_filter_supervision(
        families, FamilyStanding.NONE_IN_PERIOD, on=QUARTER["until"], **QUARTER
    )
    assert list(with_session) == ([general] if supervised else [])
    assert set(without) == ({network} if supervised else {general, network})


@pytest.mark.parametrize(
    ("placed_on", "sessions", "cadence", "today"),
    [
        pytest.param(date(2025, 1, 1), [], None, date(2025, 4, 1), id="never-on-the-due-day"),
        pytest.param(date(2025, 1, 1), [], None, date(2025, 4, 2), id="never-a-day-late"),
        pytest.param(
            date(2025, 1, 1), [date(2025, 3, 31)], None, date(2025, 6, 30), id="after-session"
        ),
        pytest.param(
            date(2025, 1, 1), [date(2025, 3, 31)], None, date(2025, 7, 1), id="late-after-session"
        ),
        pytest.param(date(2024, 11, 30), [], None, date(2025, 3, 1), id="month-end"),
        pytest.param(date(2025, 1, 1), [], 6, date(2025, 6, 15), id="municipal-cadence"),
        pytest.param(
            date(2025, 1, 1), [date(2025, 5, 1)], None, date(2025, 4, 15), id="future-session"
        ),
    ],
)
def test_overdue_for_supervision_agrees_with_the_obligations(
    manager, home, placed_on, sessions, cadence, today
):
    family = general_family(home, placed_on=placed_on)
    for day in sessions:
        session(home, family, day)
    if cadence:
        SupervisionCadence.objects.create(municipality=home, family_type="almen", months=cadence)
    obligations = {o.code: o.overdue for o in obligation_list_for_family(family, today)}
    expected = obligations.get("supervision", False)
    figures = supervision_family_figures(user=manager, since=date(2024, 1, 1), until=today)
    assert (figures["placed"], figures["overdue"]) == (1, int(expected))
    listed = family_filter_supervision(
        Family.objects.filter(municipality=home), FamilyStanding.OVERDUE, on=today
    )
    assert list(listed) == ([family] if expected else [])


@pytest.mark.parametrize(
    ("first_session", "exception", "outcome"),
    [
        pytest.param(date(2025, 9, 1), False, "in_time", id="on-the-deadline"),
        pytest.param(date(2025, 9, 2), False, "late", id="a-day-after"),
        pytest.param(None, True, "exception", id="exception"),
        pytest.param(None, False, "late", id="none"),
    ],
)
def test_intensive_support_for_network_placements(manager, home, first_session, exception, outcome):
    family, placement = network_family(home, placed_on=date(2025, 3, 1))  # deadline 1 September
    if first_session:
        session(home, family, first_session)
    if exception:
        IntensiveSupportException.objects.create(
            placement=placement, reason="Barnet skal falde til", recorded_on=date(2025, 3, 5)
        )
    period = {"since": date(2025, 7, 1), "until": date(2025, 9, 30)}
    figures = supervision_intensive_figures(user=manager, **period)
    assert figures["due"] == 1
    assert {k: figures[k] for k in ("in_time", "exception", "late")} == {
        k: int(k == outcome) for k in ("in_time", "exception", "late")
    }
    families = Family.objects.filter(municipality=home)
    late = family_filter_intensive_support(
        families, FamilyStanding.LATE, on=period["until"], **period
    )
    assert list(late) == ([family] if outcome == "late" else [])
    before = supervision_intensive_figures(
        user=manager, since=date(2025, 7, 1), until=date(2025, 8, 31)
    )
    assert before["due"] == 0  # the deadline had not come


def test_basic_course_offered_and_completed(manager, home, consultant):
    offered, _p = network_family(home)
    completed, _p = network_family(home)
    network_family(home)  # never offered
    run = CourseRunFactory(
        course_kind__municipality=home, starts_on=date(2025, 9, 1), ends_on=date(2025, 9, 4)
    )
    Enrolment.objects.create(run=run, member=FamilyMemberFactory(family=offered), status="offered")
    Enrolment.objects.create(run=run, member=FamilyMemberFactory(family=completed), attended=True)
    # An enrolment is the offer: counted from the day it was made.
    Enrolment.objects.update(created_at=datetime(2025, 8, 1, 9, tzinfo=CPH))
    figures = course_basic_figures(user=manager, since=date(2025, 1, 1), until=date(2025, 12, 31))
    assert figures == {"network": 3, "offered": 2, "completed": 1}
    before_the_offer = course_basic_figures(
        user=manager, since=date(2025, 1, 1), until=date(2025, 7, 31)
    )
    assert before_the_offer["offered"] == 0
    before_the_course = course_basic_figures(
        user=manager, since=date(2025, 1, 1), until=date(2025, 9, 3)
    )
    assert before_the_course["completed"] == 0
    families = Family.objects.filter(municipality=home)
    assert list(
        family_filter_basic_course(families, FamilyStanding.COMPLETED, on=date(2025, 12, 31))
    ) == [completed]


def test_sessions_held_individual_and_group(manager, home):
    mine = consultant_of(home)
    ours = general_family(home, consultant=mine)
    theirs = general_family(home)
    session(home, ours, date(2025, 4, 1))
    SupervisionSessionFactory(
        municipality=home, families=[ours, theirs], starts_at=datetime(2025, 6, 30, 19, tzinfo=CPH)
    )
    session(home, theirs, date(2025, 7, 1))
    figures = session_figures(user=manager, **QUARTER)
    assert figures == {"total": 2, "individual": 1, "group": 1, "hours": 3}
    assert session_figures(user=manager, consultant=mine, **QUARTER)["total"] == 2
    listed = session_filter(
        session_list(user=manager),
        date_from=QUARTER["since"],
        date_to=QUARTER["until"],
        kind="group",
    )
    assert listed.count() == 1


@pytest.mark.parametrize(
    "selector",
    [
        supervision_family_figures,
        supervision_intensive_figures,
        course_basic_figures,
        session_figures,
    ],
)
@pytest.mark.parametrize("narrowed", [False, True], ids=["municipality", "one-consultant"])
def test_two_periods_at_once_count_as_each_alone(manager, home, selector, narrowed):
    """The dashboard asks for a period and the one before in the same queries
    (``fostercare.figures.for_periods``); each must count as if asked alone."""
    mine = consultant_of(home)
    overdue_then = general_family(home, placed_on=date(2024, 1, 1), consultant=mine)
    session(home, overdue_then, date(2025, 3, 31), hour=23)  # late evening, local day
    SupervisionCadence.objects.create(municipality=home, family_type="almen", months=6)
    general_family(home, placed_on=date(2024, 10, 1))
    network, _placement = network_family(home, placed_on=date(2024, 9, 1))
    ApprovalFactory(family=network)  # also a general family: the shorter cadence counts
    session(home, network, date(2025, 2, 1))
    periods = [(date(2025, 4, 1), date(2025, 9, 30)), (date(2024, 7, 1), date(2024, 12, 31))]
    scope = {"consultant": mine} if narrowed else {}
    alone = [selector(user=manager, since=s, until=u, **scope) for s, u in periods]
    assert selector.for_periods(user=manager, periods=periods, **scope) == alone


def test_overdue_counts_each_family_on_each_period_s_last_day(manager, home):
    family = general_family(home, placed_on=date(2024, 1, 1))
    session(home, family, date(2025, 3, 31), hour=23)  # due 30 June 2025
    both = supervision_family_figures.for_periods(
        user=manager,
        periods=[(date(2025, 4, 1), date(2025, 6, 30)), (date(2025, 7, 1), date(2025, 7, 1))],
    )
    assert [(f["placed"], f["overdue"]) for f in both] == [(1, 0), (1, 1)]
