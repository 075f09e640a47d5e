"""The figures page (families/views.py, FamilyStatsView): a manager sees the
municipality's families counted by approval type and status, with nothing of another
municipality's."""

import re
from datetime import date

import pytest

from families.models import Family
from tests.factories import ApprovalFactory, ChildFactory, FamilyFactory
from tests.families.views.support import page, pending_assessment, text

pytestmark = pytest.mark.django_db


def test_stats_page_numbers_for_a_manager(client, w, home, other_municipality, manager):
    Family.objects.filter(pk__in=[w.family.pk, w.other.pk]).delete()
    general = FamilyFactory(municipality=home)
    ApprovalFactory(family=general, capacity_full_time=2)
    suspended = FamilyFactory(municipality=home)
    ApprovalFactory(family=suspended, type="forstaerket", status="suspended", status_reason="x")
    network = FamilyFactory(municipality=home)
    ApprovalFactory(
        family=network,
        type="netvaerk",
        approving_body="municipality",
        capacity_full_time=1,
        child=ChildFactory(municipality=home),
    )
    pending_assessment(network)
    expired = FamilyFactory(municipality=home)
    ApprovalFactory(
        family=expired, valid_from=date(2020, 1, 1), valid_to=date(2023, 12, 31), status="expired"
    )
    ApprovalFactory(family=FamilyFactory(municipality=home, is_active=False))
    FamilyFactory(municipality=home)  # no approval yet
    odense = FamilyFactory(municipality=other_municipality)
    ApprovalFactory(family=odense, capacity_full_time=5)

    client.force_login(manager)
    response = client.get(page("stats"))
    assert response.status_code == 200
    counts = response.context["counts"]
    assert {k: counts[k] for k in ("active", "approved", "general", "network", "places")} == {
        "active": 5,
        "approved": 3,
        "general": 2,
        "network": 1,
        "places": 3,
    }
    assert counts["share_general"] == 67
    assert counts["pending_assessments"] == 1
    # In the order of ApprovalType and ApprovalStatus; the inactive family is left out.
    assert [n for _, n in counts["by_type"]] == [1, 1, 0, 1, 0, 0]
    assert [n for _, n in counts["by_status"]] == [0, 2, 1, 1, 0]
    content = text(response)
    assert re.search(r'data-testid="active">\s*5\s*<', content)
    assert "Aktive familier" in content
    assert "67 %" in content
