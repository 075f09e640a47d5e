"""The children's figures for the managers' dashboard (cases/selectors.py, "figures"):
each indicator around the edges of its period, narrowed to one caseworker, never
another municipality's, and the list behind it (child_filter, placement_filter,
placement_change_filter) counting the same children or rows."""

from datetime import date, timedelta

import pytest

from cases.models import ActionPlan, CaseworkerAssignment, PlacementChange, StatutoryVisit
from cases.selectors import (
    Legality,
    Situation,
    VisitFinding,
    action_plan_overdue_figures,
    caseworker_change_figures,
    child_caseload_figures,
    child_filter,
    child_list,
    placement_active_figures,
    placement_breakdown_figures,
    placement_change_figures,
    placement_change_filter,
    placement_change_legality_figures,
    placement_filter,
    placement_flow_figures,
    placement_list,
    visit_alone_figures,
    visit_on_time_figures,
    visit_overdue_figures,
)
from fostercare.accounts.models import Role
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    FamilyFactory,
    PlacementChangeFactory,
    PlacementFactory,
    UserFactory,
)
from tests.figures import narrowings

pytestmark = pytest.mark.django_db
YEAR = {"since": date(2025, 1, 1), "until": date(2025, 12, 31)}
TODAY = date(2026, 3, 1)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(date(2026, 3, 1), tick=False)


def placed(home, *, start=date(2024, 6, 1), end=None, reason="", kind="doegnpleje", **fields):
    family = ApprovalFactory(family=FamilyFactory(municipality=home)).family
    return PlacementFactory(
        child=ChildFactory(municipality=home),
        family=family,
        kind=kind,
        start_date=start,
        end_date=end,
        end_reason=reason,
        **fields,
    )


def visit(child, day, *, alone=True):
    return StatutoryVisit.objects.create(
        child=child,
        visited_on=day,
        visitor=UserFactory(role=Role.CASEWORKER, municipality=child.municipality),
        spoken_alone=alone,
    )


# --- placements ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "end", "counted"),
    [
        pytest.param(date(2025, 12, 31), None, True, id="begins-on-the-last-day"),
        pytest.param(date(2026, 1, 1), None, False, id="begins-the-day-after"),
        pytest.param(date(2024, 1, 1), date(2025, 12, 31), False, id="ends-on-the-last-day"),
        pytest.param(date(2024, 1, 1), date(2026, 1, 1), True, id="ends-the-day-after"),
    ],
)
def test_placements_in_force_on_the_periods_last_day(manager, home, start, end, counted):
    placement = placed(home, start=start, end=end, reason="return_home" if end else "")
    figures = placement_active_figures(user=manager, **YEAR)
    assert (figures["total"], figures["by_kind"]["doegnpleje"]) == (int(counted), int(counted))
    listed = placement_filter(placement_list(user=manager), active_on=YEAR["until"])
    assert list(listed) == ([placement] if counted else [])


def test_placements_in_network_families(manager, home):
    network = FamilyFactory(municipality=home)
    child = ChildFactory(municipality=home)
    ApprovalFactory(
        family=network, type="netvaerk", approving_body="municipality", child=child,
        capacity_full_time=1,
    )  # fmt: skip
    in_network = PlacementFactory(child=child, family=network, start_date=date(2025, 2, 1))
    placed(home, kind="aflastning")
    figures = placement_active_figures(user=manager, **YEAR)
    assert (figures["total"], figures["network"]) == (2, 1)
    assert figures["by_kind"] == {"doegnpleje": 1, "aflastning": 1, "akut": 0}
    listed = placement_filter(placement_list(user=manager), active_on=YEAR["until"], network=True)
    assert list(listed) == [in_network]


@pytest.mark.parametrize(
    ("day", "counted"),
    [
        pytest.param(date(2024, 12, 31), False, id="day-before"),
        pytest.param(date(2025, 1, 1), True, id="first-day"),
        pytest.param(date(2025, 12, 31), True, id="last-day"),
        pytest.param(date(2026, 1, 1), False, id="day-after"),
    ],
)
def test_placements_begun_and_ended_in_the_period(manager, home, day, counted):
    placed(home, start=day)
    placed(
        home, start=date(2020, 1, 1), end=day, reason="breakdown", breakdown_reasons=["poor_match"]
    )
    figures = placement_flow_figures(user=manager, **YEAR)
    assert figures["started"] == int(counted)
    assert figures["ended"] == int(counted)
    assert figures["ended_by_reason"]["breakdown"] == int(counted)
    period = (YEAR["since"], YEAR["until"])
    rows = placement_list(user=manager)
    assert placement_filter(rows, started=period).count() == int(counted)
    assert placement_filter(rows, ended=period, end_reason="breakdown").count() == int(counted)


def test_breakdowns_with_reasons_and_per_year(manager, home):
    for day, reasons in (
        (date(2025, 3, 1), ["poor_match", "needs_greater"]),
        (date(2025, 9, 1), ["poor_match"]),
        (date(2023, 5, 1), ["other"]),
        (date(2020, 5, 1), ["other"]),  # more than five years before: not in the series
    ):
        placed(home, start=date(2019, 1, 1), end=day, reason="breakdown", breakdown_reasons=reasons)
    placed(home, start=date(2019, 1, 1), end=date(2025, 4, 1), reason="moved")
    figures = placement_breakdown_figures(user=manager, **YEAR)
    assert figures["total"] == 2
    assert (figures["by_reason"]["poor_match"], figures["by_reason"]["needs_greater"]) == (2, 1)
    assert figures["by_year"] == {2021: 0, 2022: 0, 2023: 1, 2024: 0, 2025: 2}
    rows = placement_filter(
        placement_list(user=manager),
        ended=(YEAR["since"], YEAR["until"]),
        end_reason="breakdown",
        breakdown_reason="needs_greater",
    )
    assert rows.count() == 1


# --- changes of placement ------------------------------------------------------------------
def completed(home, *, moved_on, steps=(20, 10, 5), acute=False, **fields):
    """A change completed on ``moved_on``; ``steps``: days before the move each legal
    step was recorded (negative: after; None: not recorded)."""
    change = PlacementChangeFactory(from_placement=placed(home, start=date(2020, 1, 1)), **fields)
    dates = [None if d is None else moved_on - timedelta(days=d) for d in steps]
    new = placed(home, start=moved_on)
    PlacementChange.objects.filter(pk=change.pk).update(
        status="completed",
        completed_on=moved_on,
        new_placement=new,
        action_plan_revised_on=dates[0],
        child_conversation_on=dates[1],
        family_statement_on=dates[2],
        acute_exception=acute,
        acute_reason="Barnets sikkerhed" if acute else "",
    )
    return change


@pytest.mark.parametrize(
    ("steps", "acute", "legality"),
    [
        pytest.param((20, 10, 5), False, Legality.STEPS_BEFORE, id="all-before"),
        pytest.param((0, 0, 0), False, Legality.STEPS_BEFORE, id="all-on-the-day"),
        pytest.param((20, 10, -1), False, Legality.STEPS_MISSING, id="statement-after"),
        pytest.param((None, 1, None), True, Legality.ACUTE, id="acute"),
        pytest.param((20, 10, 5), True, Legality.STEPS_BEFORE, id="acute-but-all-steps"),
    ],
)
def test_legality_of_completed_changes(manager, home, steps, acute, legality):
    change = completed(home, moved_on=date(2025, 6, 1), steps=steps, acute=acute)
    figures = placement_change_legality_figures(user=manager, **YEAR)
    assert figures["total"] == 1
    assert figures["by_legality"] == {key: int(key == legality) for key in figures["by_legality"]}
    rows = placement_change_filter(
        PlacementChange.objects.filter(child__municipality=home),
        completed=(YEAR["since"], YEAR["until"]),
        legality=legality,
    )
    assert list(rows) == [change]


@pytest.mark.parametrize(
    ("moved_on", "counted"),
    [
        pytest.param(date(2024, 12, 31), False, id="day-before"),
        pytest.param(date(2025, 1, 1), True, id="first-day"),
        pytest.param(date(2025, 12, 31), True, id="last-day"),
        pytest.param(date(2026, 1, 1), False, id="day-after"),
    ],
)
def test_moves_by_initiator_match_and_assessment(manager, home, moved_on, counted):
    completed(home, moved_on=moved_on, initiated_by="foster_family", poor_match=True)
    PlacementChangeFactory(from_placement=placed(home))  # still open: not a move
    figures = placement_change_figures(user=manager, **YEAR)
    assert figures["total"] == int(counted)
    assert figures["by_initiator"]["foster_family"] == int(counted)
    assert (figures["poor_match"], figures["late_assessment"]) == (int(counted), 0)


# --- statutory visits ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("last_visit", "overdue"),
    [
        # Due 182 days after the last visit; overdue once that day has passed.
        pytest.param(date(2025, 12, 31) - timedelta(days=182), False, id="due-on-the-last-day"),
        pytest.param(date(2025, 12, 31) - timedelta(days=183), True, id="due-the-day-before"),
        pytest.param(date(2026, 1, 5), True, id="visit-after-the-period-does-not-count"),
    ],
)
def test_children_overdue_for_a_visit_on_the_last_day(manager, home, last_visit, overdue):
    child = placed(home, start=date(2024, 1, 1)).child
    visit(child, date(2024, 3, 1))
    visit(child, last_visit)
    figures = visit_overdue_figures(user=manager, **YEAR)
    assert figures == {"placed": 1, "overdue": int(overdue)}
    listed = child_filter(
        child_list(user=manager), situation=Situation.VISIT_OVERDUE, on=YEAR["until"]
    )
    assert listed.count() == int(overdue)


def test_a_child_never_visited_is_due_half_a_year_after_placement(manager, home):
    placed(home, start=date(2025, 7, 1))  # due 30 December 2025
    placed(home, start=date(2025, 7, 3))  # due 1 January 2026
    assert visit_overdue_figures(user=manager, **YEAR) == {"placed": 2, "overdue": 1}


@pytest.mark.parametrize(
    ("next_visit", "on_time"),
    [
        pytest.param(date(2025, 3, 1) + timedelta(days=182), True, id="on-the-due-day"),
        pytest.param(date(2025, 3, 1) + timedelta(days=183), False, id="a-day-late"),
        pytest.param(None, False, id="never"),
    ],
)
def test_visits_due_in_the_period_made_on_time(manager, home, next_visit, on_time):
    child = placed(home, start=date(2024, 12, 1)).child
    visit(child, date(2025, 3, 1))  # due 30 August 2025
    if next_visit:
        visit(child, next_visit)
    figures = visit_on_time_figures(user=manager, since=date(2025, 7, 1), until=date(2025, 9, 30))
    assert (figures["due"], figures["on_time"]) == (1, int(on_time))
    late = child_filter(
        child_list(user=manager),
        visit=VisitFinding.LATE,
        since=date(2025, 7, 1),
        until=date(2025, 9, 30),
    )
    assert list(late) == ([] if on_time else [child])


def test_a_placement_without_an_earlier_visit_is_the_first_due_date(manager, home):
    child = placed(home, start=date(2025, 1, 10)).child  # first visit due 11 July 2025
    visit(child, date(2025, 7, 1))
    figures = visit_on_time_figures(user=manager, since=date(2025, 7, 1), until=date(2025, 7, 31))
    assert (figures["due"], figures["on_time"]) == (1, 1)


@pytest.mark.parametrize(
    ("due", "counted"),
    [
        pytest.param(date(2025, 7, 1) - timedelta(days=1), False, id="the-day-before"),
        pytest.param(date(2025, 7, 1), True, id="the-first-day"),
        pytest.param(date(2025, 7, 31), True, id="the-last-day"),
        pytest.param(date(2025, 8, 1), False, id="the-day-after"),
    ],
)
def test_visits_and_placements_fall_due_within_the_period(manager, home, due, counted):
    """A visit falls due in the period by its due day, half a year after the visit or
    after a placement without an earlier visit, counted with both ends included."""
    interval = timedelta(days=182)
    visited = placed(home, start=date(2024, 1, 1)).child
    visit(visited, date(2023, 12, 1))  # visited before: the placement is no anchor
    visit(visited, due - interval)
    placed(home, start=due - interval)  # never visited
    figures = visit_on_time_figures(user=manager, since=date(2025, 7, 1), until=date(2025, 7, 31))
    assert (figures["due"], figures["on_time"]) == (2 * counted, 0)
    late = child_filter(
        child_list(user=manager),
        visit=VisitFinding.LATE,
        since=date(2025, 7, 1),
        until=date(2025, 7, 31),
    )
    assert late.count() == 2 * counted


def test_visits_spoken_with_alone(manager, home):
    child = placed(home).child
    visit(child, date(2024, 12, 31), alone=False)  # before the period
    visit(child, date(2025, 1, 1), alone=True)
    visit(child, date(2025, 12, 31), alone=False)
    assert visit_alone_figures(user=manager, **YEAR) == {"visits": 2, "alone": 1}
    listed = child_filter(child_list(user=manager), visit=VisitFinding.NOT_ALONE, **YEAR)
    assert list(listed) == [child]


# --- caseworkers ---------------------------------------------------------------------------
def history(child, *changes: date, home):
    """The child's caseworkers: one from 2020, then a new one on each of ``changes``."""
    days = [date(2020, 1, 1), *changes]
    staff = [UserFactory(role=Role.CASEWORKER, municipality=home) for _ in days]
    for index, (day, caseworker) in enumerate(zip(days, staff, strict=True)):
        CaseworkerAssignment.objects.create(
            child=child,
            caseworker=caseworker,
            starts_on=day,
            ends_on=days[index + 1] if index + 1 < len(days) else None,
        )
    return staff


@pytest.mark.parametrize(
    ("changes", "counted"),
    [
        pytest.param([date(2024, 12, 31)], 0, id="day-before"),
        pytest.param([date(2025, 1, 1)], 1, id="first-day"),
        pytest.param([date(2025, 12, 31)], 1, id="last-day"),
        pytest.param([date(2025, 3, 1), date(2025, 9, 1)], 2, id="two"),
        pytest.param([date(2025, 2, 1), date(2025, 5, 1), date(2025, 9, 1)], 3, id="three"),
    ],
)
def test_changes_of_caseworker_per_child(manager, home, changes, counted):
    child = placed(home, start=date(2024, 1, 1)).child
    history(child, *changes, home=home)
    placed(home, start=date(2024, 1, 1))  # a child with no change
    placed(home, start=date(2026, 1, 1))  # placed after the period: not among the children
    figures = caseworker_change_figures(user=manager, **YEAR)
    assert (figures["children"], figures["changes"]) == (2, counted)
    expected = {"0": 1, "1": 0, "2": 0, "3+": 0}
    key = "3+" if counted >= 3 else str(counted)
    expected["0" if counted == 0 else key] += 1
    assert figures["distribution"] == expected
    assert figures["two_or_more"] == int(counted >= 2)
    assert figures["per_child_per_year"] == round(counted / 2, 2)
    rows = child_filter(child_list(user=manager), caseworker_changes="2+", **YEAR)
    assert rows.count() == int(counted >= 2)


def test_one_caseworkers_children_on_the_last_day(manager, home):
    child = placed(home, start=date(2024, 1, 1)).child
    first, second = history(child, date(2025, 12, 31), home=home)
    placed(home, start=date(2024, 1, 1))
    visit_figures = visit_overdue_figures(user=manager, caseworker=second, **YEAR)
    assert visit_figures["placed"] == 1
    assert visit_overdue_figures(user=manager, caseworker=first, **YEAR)["placed"] == 0
    earlier = {"since": date(2025, 1, 1), "until": date(2025, 12, 30)}
    assert visit_overdue_figures(user=manager, caseworker=first, **earlier)["placed"] == 1


def plan(child, adopted_on: date, *, review: date, by, goals: str = "x") -> ActionPlan:
    return ActionPlan.objects.create(
        child=child, adopted_on=adopted_on, goals=goals, next_review_on=review, created_by=by
    )


def test_action_plans_overdue_for_review_on_the_last_day(manager, home):
    child = placed(home).child
    author = UserFactory(role=Role.CASEWORKER, municipality=home)
    plan(child, date(2025, 1, 1), review=date(2025, 12, 30), by=author)
    on_time = placed(home).child
    plan(on_time, date(2025, 1, 1), review=date(2025, 12, 31), by=author)
    # Revised after the period: on the last day the old plan was overdue.
    plan(child, date(2026, 1, 5), review=date(2026, 6, 1), by=author, goals="y")
    assert action_plan_overdue_figures(user=manager, **YEAR) == {"with_plan": 2, "overdue": 1}
    listed = child_filter(
        child_list(user=manager), situation=Situation.REVIEW_OVERDUE, on=YEAR["until"]
    )
    assert list(listed) == [child]


def test_children_per_caseworker(manager, home):
    child = placed(home).child
    first, second = history(child, date(2025, 6, 1), home=home)
    idle = UserFactory(role=Role.CASEWORKER, municipality=home, full_name="Åse Uden Sager")
    figures = child_caseload_figures(user=manager, **YEAR)
    rows = dict(figures["per_caseworker"])
    assert (rows[second], rows[first], rows[idle]) == (1, 0, 0)
    assert figures["children"] == 1


def test_another_municipalitys_children_are_never_counted(manager, home, other_municipality):
    placed(other_municipality, start=date(2025, 3, 1))
    assert placement_active_figures(user=manager, **YEAR)["total"] == 0
    assert placement_flow_figures(user=manager, **YEAR)["started"] == 0
    assert visit_overdue_figures(user=manager, **YEAR)["placed"] == 0


PER_PERIOD = [
    placement_active_figures,
    placement_flow_figures,
    placement_breakdown_figures,
    placement_change_figures,
    placement_change_legality_figures,
    visit_overdue_figures,
    visit_on_time_figures,
    visit_alone_figures,
    caseworker_change_figures,
    action_plan_overdue_figures,
    child_caseload_figures,
]


@pytest.mark.parametrize(("selector", "narrowed"), narrowings(PER_PERIOD, "caseworker"))
def test_two_periods_at_once_count_as_each_alone(manager, home, selector, narrowed):
    """The dashboard asks for a period and the one before in one query
    (``fostercare.figures.for_periods``); each must count as if asked alone, the
    caseworker's children taken on each period's own last day."""
    breakdown = placed(
        home, start=date(2024, 3, 1), end=date(2025, 5, 1), reason="breakdown",
        breakdown_reasons=["poor_match", "other"],
    )  # fmt: skip
    child = breakdown.child
    first, second = history(child, date(2024, 12, 31), home=home)
    placed(home, start=date(2023, 2, 1), end=date(2024, 9, 1), reason="breakdown")
    placed(home, start=date(2025, 2, 1), kind="aflastning")
    staying = placed(home, start=date(2024, 10, 1)).child
    history(staying, date(2025, 6, 1), date(2025, 9, 1), home=home)
    completed(home, moved_on=date(2024, 8, 1), initiated_by="foster_family")
    completed(home, moved_on=date(2025, 8, 1), poor_match=True, steps=(20, 10, -3))
    visit(child, date(2024, 5, 1))
    visit(child, date(2025, 3, 1), alone=False)
    visit(staying, date(2025, 2, 1))
    plan(child, date(2024, 4, 1), review=date(2024, 10, 1), by=first)
    plan(staying, date(2024, 11, 1), review=date(2026, 1, 1), by=first)
    periods = [(date(2025, 1, 1), date(2025, 12, 31)), (date(2024, 1, 1), date(2024, 12, 31))]
    for caseworker in (first, second) if narrowed else (None,):
        scope = {"caseworker": caseworker} if narrowed else {}
        alone = [selector(user=manager, since=s, until=u, **scope) for s, u in periods]
        assert selector.for_periods(user=manager, periods=periods, **scope) == alone
        assert alone[0] != alone[1] or narrowed  # the periods count differently
