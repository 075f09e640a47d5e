"""The training and supervision obligations (supervision/rules.py), as tables of cases
with dates around the 6- and 12-month limits."""

from datetime import date

import pytest

from supervision.rules import FamilyFacts, PlacementFacts, obligations_from

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
