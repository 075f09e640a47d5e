"""Planning's pages: the child's page links to them; matching ranks the child's
network families first and says per criterion met or not and why; the placement
form arrives pre-filled and refuses what lacks a reason, saving nothing."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Placement
from families.services import network_assessment_start
from fostercare.audit.models import AccessLog
from planning import services
from planning.models import PlacementDecision
from tests.factories import ApprovalFactory, ChildFactory, FamilyFactory
from tests.planning.conftest import approved_family

pytestmark = pytest.mark.django_db


def url(name, child, **kwargs):
    return reverse(f"planning:{name}", kwargs={"public_id": child.public_id, **kwargs})


@pytest.fixture
def network_family(home, child):
    family = FamilyFactory(municipality=home, name="Familien Holm")
    consultant = family.consultant_assignments.get().consultant
    network_assessment_start(
        actor=consultant, family=family, child=child, assessors=[consultant],
        relation_to_child="Mormor", relation_rating=1, started_on=date(2026, 1, 5),
    )  # fmt: skip
    ApprovalFactory(
        family=family, type="netvaerk", child=child, approving_body="municipality",
        capacity_full_time=1,
    )  # fmt: skip
    return family


def test_the_childs_page_links_to_network_and_matching(client, planner, child):
    client.force_login(planner)
    page = client.get(reverse("cases:detail", kwargs={"public_id": child.public_id}))
    assert url("network", child) in page.content.decode()
    assert url("matching", child) in page.content.decode()


def test_matching_asks_for_the_needs_first(client, planner, child):
    client.force_login(planner)
    page = client.get(url("matching", child))
    assert "Barnet har ingen behovsprofil" in page.content.decode()


def test_matching_ranks_the_network_first_and_explains_each_criterion(
    client, planner, child, home, network_family, django_assert_max_num_queries
):
    services.needs_profile_save(actor=planner, child=child, level="moderate")
    reinforced = approved_family(home, name="Familien Berg", type="forstaerket")
    general = approved_family(home, name="Familien Alm")
    full = approved_family(home, name="Familien Fuld", places=1)
    Placement.objects.create(
        child=ChildFactory(municipality=home), family=full, kind="doegnpleje",
        legal_basis="§ 46", consent="with", start_date=date(2025, 1, 1),
    )  # fmt: skip
    other_childs = FamilyFactory(municipality=home, name="Familien Anden")
    ApprovalFactory(
        family=other_childs, type="netvaerk", child=ChildFactory(municipality=home),
        approving_body="municipality",
    )  # fmt: skip
    client.force_login(planner)
    with django_assert_max_num_queries(25):
        page = client.get(url("matching", child))
    matches = page.context["matches"]
    assert [m.family.name for m in matches] == ["Familien Holm", "Familien Berg", "Familien Alm"]
    approval = {m.family.name: next(c for c in m.criteria if c.name == "approval") for m in matches}
    assert approval["Familien Berg"].met is True
    assert approval["Familien Alm"].met is False
    html = page.content.decode()
    assert "Godkendelsen ligger under barnets behovsniveau" in html
    assert f"?familie={general.public_id}" in html
    assert reinforced.name in html
    logged = AccessLog.objects.filter(user=planner, path=url("matching", child))
    assert logged.count() >= 2  # the child, and the families shown


def test_the_placement_form_arrives_prefilled(client, planner, child, home):
    family = approved_family(home)
    client.force_login(planner)
    page = client.get(url("place", child) + f"?familie={family.public_id}")
    assert page.context["form"].initial["family"] == family
    page = client.get(url("place", child) + "?familie=not-an-id")
    assert page.status_code == 200
    assert "family" not in page.context["form"].initial


def _post(client, child, family, **extra):
    data = {
        "family": family.pk,
        "kind": "doegnpleje",
        "legal_basis": "Barnets Lov § 46",
        "consent": "with",
        "start_date": timezone.localdate().isoformat(),
    } | extra
    return client.post(url("place", child), data)


def test_placing_outside_an_unexplored_network_needs_a_reason(client, planner, child, home):
    family = approved_family(home)
    client.force_login(planner)
    page = _post(client, child, family)
    assert page.status_code == 200
    assert "Netværket er ikke afdækket" in page.content.decode()
    assert not Placement.objects.filter(child=child).exists()

    page = _post(client, child, family, outside_network_reason="Akut; mor modsætter sig.")
    assert page.status_code == 302
    decision = PlacementDecision.objects.get(child=child)
    assert decision.outside_network_reason == "Akut; mor modsætter sig."


def test_placing_below_the_needs_needs_reasons(client, planner, child, home):
    services.needs_profile_save(actor=planner, child=child, level="severe")
    services.network_meeting_record(
        actor=planner, child=child, kind="family_group_conference",
        held_on=timezone.localdate(), participants="Mor, mormor", outcome="Ingen kan.",
    )  # fmt: skip
    family = approved_family(home)
    other = approved_family(home, name="Familien Dal")
    client.force_login(planner)
    page = _post(client, child, family, alternatives=[other.pk])
    assert "ligger under barnets behovsniveau" in page.content.decode()
    assert not PlacementDecision.objects.exists()
    page = _post(client, child, family, alternatives=[other.pk], reasons="Kender Emma.")
    assert page.status_code == 302
    decision = PlacementDecision.objects.get()
    assert decision.approval_below_needs
    assert list(decision.alternatives.all()) == [other]


def test_another_municipalitys_child_is_not_found(client, outsider, child):
    client.force_login(outsider)
    for name in ("network", "matching", "place", "needs", "person_add", "meeting_add"):
        assert client.get(url(name, child)).status_code == 404


def test_the_family_profile_on_the_family_page(client, home, consultant):
    family = FamilyFactory(municipality=home, consultant=consultant)
    client.force_login(consultant)
    profile_url = reverse("planning:family_profile", kwargs={"public_id": family.public_id})
    page = client.post(
        profile_url,
        {"age_min": 12, "age_max": 3, "years_experience": 4, "courses_completed": 2},
    )
    assert "Den laveste alder kan ikke være over den højeste" in page.content.decode()
    page = client.post(
        profile_url,
        {"age_min": 3, "age_max": 12, "needs_taken": ["trauma"], "takes_siblings": "on",
         "years_experience": 4, "courses_completed": 2},
    )  # fmt: skip
    assert page.status_code == 302
    detail = client.get(
        reverse("families:detail", kwargs={"public_id": family.public_id}) + "?del=matching-profile"
    )
    assert "Traumer eller omsorgssvigt" in detail.content.decode()


def test_matching_shows_only_the_municipalitys_families(
    client, planner, child, home, other_municipality
):
    services.needs_profile_save(actor=planner, child=child, level="light")
    approved_family(home, name="Familien Aarhus")
    approved_family(other_municipality, name="Familien Odense")
    client.force_login(planner)
    page = client.get(url("matching", child))
    assert [m.family.name for m in page.context["matches"]] == ["Familien Aarhus"]
    assert "Familien Odense" not in page.content.decode()
