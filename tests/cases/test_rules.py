"""The law behind the cases rules (issue 16, item 8): every rule text shown to users
names the current provision (Barnets Lov or plejefamiliebekendtgørelsen) and, where it
was verified, the former SEL number; the known wrong citations are gone. The sources
are noted beside each rule in cases/rules.py, families/rules.py and supervision/rules.py."""

import inspect
from datetime import date

import pytest
from django.utils import translation

from cases import rules as case_rules
from cases.rules import CONTACT_CITATION, STEP_REASONS, VISIT_CITATION
from families import rules as family_rules
from supervision import rules as supervision_rules
from supervision.rules import SUPERVISION_CITATION

TEXTS = {
    "action_plan": (STEP_REASONS["action_plan_revised_on"], "§ 91", "SEL § 140"),
    "conversation": (STEP_REASONS["child_conversation_on"], "§ 5, stk. 3", "SEL § 48"),
    "statement": (STEP_REASONS["family_statement_on"], "§ 98, stk. 2", None),
    "visit": (VISIT_CITATION, "§ 156, stk. 5", None),  # the former number: not verified
    "supervision": (SUPERVISION_CITATION, "plejefamiliebekendtgørelsen § 5", "SEL § 66 c, stk. 1"),
    "contact": (CONTACT_CITATION, "§§ 103-107", "SEL § 71"),
}


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize(("text", "current", "former"), TEXTS.values(), ids=TEXTS.keys())
def test_each_rule_text_names_the_current_provision_and_the_former(language, text, current, former):
    with translation.override(language):
        shown = str(text)
    assert current in shown
    if former:
        assert former in shown
    assert "Barnets Lov § 48" not in shown and "68 b" not in shown


@pytest.mark.parametrize(
    ("wrong", "right"),
    [
        pytest.param("SEL § 66, stk. 1, nr. 2", "SEL § 66, stk. 1, nr. 4", id="network-family"),
        pytest.param("Lov nr. 1547", "Lov nr. 1530", id="reform-act"),
    ],
)
def test_the_known_wrong_family_citations_are_corrected(wrong, right):
    source = inspect.getsource(family_rules)
    assert wrong not in source
    assert right in source


@pytest.mark.parametrize("module", [case_rules, family_rules, supervision_rules])
def test_barnets_lov_is_dated_as_the_act_is(module):
    """Lov nr. 721 is of 13 June 2023 (socialjura.dk, themis.dk), not 14 June."""
    source = inspect.getsource(module)
    assert "14 June 2023" not in source
    assert "lov nr. 721 af 13. juni 2023" in source


D = date  # short, for the table
ON = D(2026, 3, 1)


@pytest.mark.parametrize(
    ("periods", "most"),
    [
        ([], 0),
        ([(D(2025, 1, 1), None)], 1),  # open, from before
        ([(D(2025, 1, 1), D(2026, 2, 1))], 0),  # ended before the day
        ([(D(2025, 1, 1), ON)], 0),  # ends on the day: a move hands the place on
        ([(D(2025, 1, 1), D(2026, 3, 20))], 1),  # left since: was there on the day
        ([(D(2025, 1, 1), D(2026, 3, 20)), (D(2026, 3, 20), None)], 1),  # one after the other
        ([(D(2025, 1, 1), D(2026, 3, 21)), (D(2026, 3, 20), None)], 2),  # one day together
        ([(D(2026, 5, 1), None)], 1),  # planned, later
        ([(D(2025, 1, 1), D(2026, 4, 1)), (D(2026, 5, 1), None)], 1),  # never together
    ],
)
def test_most_placed_at_once_from_the_day_on(periods, most):
    assert case_rules.most_placed_at_once(periods, on=ON) == most
