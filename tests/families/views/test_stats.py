"""The figures page (families/views.py, FamilyStatsView) moved to the managers'
dashboard: old links land on its page about foster families, which counts the
municipality's families by approval type and nothing of another municipality's."""

from datetime import date

import pytest

from families.models import Family
from tests.factories import ApprovalFactory, ChildFactory, FamilyFactory
from tests.families.views.support import page, pending_assessment

pytestmark = pytest.mark.django_db


def test_the_figures_page_leads_to_the_dashboard(client, w, home, other_municipality, manager):
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
    FamilyFactory(municipality=home)  # no approval yet
    ApprovalFactory(family=FamilyFactory(municipality=other_municipality), capacity_full_time=5)

    client.force_login(manager)
    response = client.get(page("stats"), follow=True)
    assert response.redirect_chain == [("/overblik/plejefamilier/", 302)]
    sections = response.context["sections"]
    general_share = next(f for s in sections for f in s.figures if f.key == "families.general")
    assert (general_share.now.part, general_share.now.whole, general_share.now.number) == (2, 3, 67)
    by_type = next(c for s in sections for c in s.charts if c.key == "families.by_type")
    assert [row.now.number for row in by_type.rows] == [1, 1, 0, 1, 0, 0]
    assert "67 %" in response.content.decode()
