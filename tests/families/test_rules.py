"""families/rules.py: the citation for placing a child with a generally approved family
registered in another municipality (issue 16, items 3 and 8). The sources are noted
beside the constant."""

import pytest
from django.utils import translation

from families.rules import CROSS_MUNICIPALITY_CITATION


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_cross_municipality_citation_names_the_general_approval(language):
    """A family generally approved by the socialtilsyn may take children placed by other
    municipalities: the citation names the approval's provision and the family types."""
    with translation.override(language):
        shown = str(CROSS_MUNICIPALITY_CITATION)
    assert "lov om socialtilsyn § 5, stk. 1" in shown
    assert "§ 4, stk. 1, nr. 1" in shown
    assert "§ 43, stk. 1, nr. 1-3" in shown


def test_the_cross_municipality_citation_is_translated():
    with translation.override("da"):
        danish = str(CROSS_MUNICIPALITY_CITATION)
    with translation.override("en"):
        english = str(CROSS_MUNICIPALITY_CITATION)
    assert danish != english
    assert "socialtilsynet" in danish and "generelt egnet" in danish
