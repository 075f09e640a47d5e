"""The matching rules and the decision record's reasons, table-driven."""

import pytest

from planning import rules
from planning.rules import ChildFacts, FamilyFacts


@pytest.mark.parametrize(
    ("approval", "level", "covers"),
    [
        ("almen", "light", True),
        ("almen", "moderate", False),
        ("almen", "severe", False),
        ("forstaerket", "light", True),
        ("forstaerket", "moderate", True),
        ("forstaerket", "severe", False),
        ("specialiseret", "severe", True),
        ("kommunal", "moderate", False),
        ("netvaerk", "severe", True),  # approved for this very child
        ("konkret", "moderate", True),
        ("", "light", False),
    ],
)
def test_approval_covers_the_level_of_needs(approval, level, covers):
    assert rules.approval_covers(approval, level) is covers


CHILD = ChildFacts(age=8, level="moderate")
FAMILY = FamilyFacts(approval_type="forstaerket", free_places=1)


def _verdict(child: ChildFacts, family: FamilyFacts, name: str) -> bool | None:
    return {c.name: c.met for c in rules.criteria_evaluate(child, family)}[name]


@pytest.mark.parametrize(
    ("child", "family", "criterion", "met"),
    [
        (CHILD, FAMILY, rules.PLACE, True),
        (ChildFacts(age=8, level="moderate", places_needed=2), FAMILY, rules.PLACE, False),
        (CHILD, FAMILY, rules.APPROVAL, True),
        (ChildFacts(age=8, level="severe"), FAMILY, rules.APPROVAL, False),
        (CHILD, FamilyFacts(approval_type="", free_places=1), rules.APPROVAL, False),
        (CHILD, FAMILY, rules.NETWORK, None),
        (CHILD, FamilyFacts(approval_type="netvaerk", free_places=1, in_network=True),
         rules.NETWORK, True),
        (CHILD, FAMILY, rules.AGE, None),  # no profile: not known
        (CHILD, FamilyFacts("almen", 1, has_profile=True, age_min=0, age_max=8), rules.AGE, True),
        (CHILD, FamilyFacts("almen", 1, has_profile=True, age_min=10, age_max=17), rules.AGE,
         False),
        (CHILD, FAMILY, rules.SIBLINGS, None),
        (ChildFacts(8, "light", places_needed=2), FamilyFacts("almen", 2, takes_siblings=True),
         rules.SIBLINGS, True),
        (ChildFacts(8, "light", places_needed=2), FamilyFacts("almen", 2), rules.SIBLINGS, False),
        (CHILD, FAMILY, rules.NEEDS, None),
        (ChildFacts(8, "light", special_needs=frozenset({"trauma"})),
         FamilyFacts("almen", 1, needs_taken=frozenset({"trauma", "learning"})), rules.NEEDS, True),
        (ChildFacts(8, "light", special_needs=frozenset({"trauma", "physical"})),
         FamilyFacts("almen", 1, needs_taken=frozenset({"trauma"})), rules.NEEDS, False),
        (CHILD, FAMILY, rules.LANGUAGE, None),
        (ChildFacts(8, "light", languages=frozenset({"Arabisk"})),
         FamilyFacts("almen", 1, languages=frozenset({"dansk", "arabisk"})), rules.LANGUAGE, True),
        (ChildFacts(8, "light", languages=frozenset({"tyrkisk"})),
         FamilyFacts("almen", 1, languages=frozenset({"dansk"})), rules.LANGUAGE, False),
        (CHILD, FAMILY, rules.SCHOOL, None),
        (ChildFacts(8, "light", school_city="Viby J"), FamilyFacts("almen", 1, city="viby j"),
         rules.SCHOOL, True),
        (ChildFacts(8, "light", school_city="Viby J"), FamilyFacts("almen", 1, city="Odense"),
         rules.SCHOOL, False),
    ],
)  # fmt: skip
def test_each_criterion_met_not_met_or_not_relevant(child, family, criterion, met):
    assert _verdict(child, family, criterion) is met


def test_every_criterion_says_why():
    criteria = rules.criteria_evaluate(CHILD, FAMILY)
    assert [c.name for c in criteria] == list(rules.CRITERIA)
    assert all(c.why for c in criteria)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # (in_network, failed, met, years, name): the first ranks before the second.
        ((True, 3, 1, 0, "Å"), (False, 0, 8, 30, "A")),  # the network first, always
        ((False, 0, 2, 0, "B"), (False, 1, 5, 0, "A")),  # then the fewest not met
        ((False, 0, 5, 0, "B"), (False, 0, 2, 0, "A")),  # then the most met
        ((False, 0, 2, 9, "B"), (False, 0, 2, 1, "A")),  # then the most experienced
        ((False, 0, 2, 1, "A"), (False, 0, 2, 1, "B")),  # then by name
    ],
)
def test_ranking(a, b):
    def key(in_network, failed, met, years, name):
        criteria = [rules.Criterion(rules.PLACE, False, "x")] * failed + [
            rules.Criterion(rules.AGE, True, "x")
        ] * met
        return rules.match_rank_key(criteria, in_network=in_network, years=years, name=name)

    assert key(*a) < key(*b)


BASE = {
    "approval_below_needs": False,
    "reasons": "",
    "in_network": False,
    "network_explored": True,
    "outside_network_reason": "",
    "siblings_split": False,
    "siblings_reason": "",
}


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({}, set()),
        ({"approval_below_needs": True}, {"reasons"}),
        ({"approval_below_needs": True, "reasons": "  "}, {"reasons"}),
        ({"approval_below_needs": True, "reasons": "Kender barnet godt."}, set()),
        ({"network_explored": False}, {"outside_network_reason"}),
        ({"network_explored": False, "in_network": True}, set()),
        ({"network_explored": False, "outside_network_reason": "Akut; ingen i netværket."}, set()),
        ({"siblings_split": True}, {"siblings_reason"}),
        ({"siblings_split": True, "siblings_reason": "Storebror bor på efterskole."}, set()),
        ({"approval_below_needs": True, "network_explored": False, "siblings_split": True},
         {"reasons", "outside_network_reason", "siblings_reason"}),
    ],
)  # fmt: skip
def test_decision_reasons_required(changes, missing):
    assert set(rules.decision_errors(**(BASE | changes))) == missing
