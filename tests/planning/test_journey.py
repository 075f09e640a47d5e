"""In Chromium: a caseworker maps a child's network, records a family group
conference, records the needs, opens matching, and places the child with the
reinforced family ranked first — a family of the neighbouring municipality (issue 16,
item 3) — giving the alternatives considered and the reasons, then records the contact
arrangement and the information given. The other municipality's consultant sees the
place taken and nothing more."""

import pytest
from django.utils import timezone

from cases.models import Placement
from cases.services import caseworker_change
from fostercare.accounts.models import Role
from planning.models import NetworkMeeting, NetworkPerson, PlacementDecision
from tests.conftest import log_in
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    FamilyFactory,
    UserFactory,
    municipality,
)
from tests.picker import pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_explores_the_network_matches_and_places(page, home):
    caseworker = UserFactory(role=Role.CASEWORKER, municipality=home, full_name="Sara Lund")
    child = ChildFactory(municipality=home, first_name="Emma", last_name="Holm", cpr="120318-4321")
    caseworker_change(
        actor=caseworker, child=child, caseworker=caseworker, starts_on=child.birth_date, reason=""
    )
    silkeborg = municipality("740")  # the neighbouring municipality, same region
    reinforced = ApprovalFactory(
        family=FamilyFactory(municipality=silkeborg, name="Familien Berg"), type="forstaerket"
    ).family
    theirs = UserFactory(role=Role.CONSULTANT, municipality=silkeborg, full_name="Ole Krog")
    general = ApprovalFactory(family=FamilyFactory(municipality=home, name="Familien Alm")).family
    today = timezone.localdate()
    log_in(page, caseworker)
    page.goto(f"/boern/{child.public_id}/")
    page.get_by_role("link", name="Netværk og behov").click()
    assert "ikke afdækket" in page.get_by_test_id("network-status").inner_text()

    # The network map: the grandmother, assessed.
    page.get_by_role("link", name="Tilføj en person").click()
    page.fill("#id_name", "Bente Holm")
    page.fill("#id_relation", "Mormor")
    page.select_option("#id_possible_carer", "no")
    page.click("main button[type=submit]")
    page.get_by_text("Angiv, hvorfor personen", exact=False).wait_for()  # the reason is missing
    page.fill("#id_assessment", "Syg; kan ikke have Emma boende i hverdagen.")
    page.click("main button[type=submit]")
    page.get_by_test_id("network-map").wait_for()

    # A family group conference.
    page.get_by_role("link", name="Registrér et møde").click()
    page.select_option("#id_kind", "family_group_conference")
    page.fill("#id_held_on", today.isoformat())
    page.fill("#id_participants", "Mor, mormor, moster, koordinator")
    page.fill("#id_outcome", "Ingen i netværket kan have Emma boende; moster tilbyder aflastning.")
    page.click("main button[type=submit]")
    assert "Netværket er afdækket" in page.get_by_test_id("network-status").inner_text()
    assert NetworkMeeting.objects.get().kind == "family_group_conference"

    # The needs, then matching: the reinforced family first, the general one below needs.
    page.get_by_role("link", name="Rediger behovsprofilen").click()
    page.select_option("#id_level", "moderate")
    page.check("input[name=special_needs][value=trauma]")
    page.click("main button[type=submit]")
    matches = page.get_by_test_id("match")
    assert matches.count() == 2
    assert "Familien Berg" in matches.nth(0).inner_text()
    assert "Familie i Silkeborg Kommune" in matches.nth(0).inner_text()
    assert "Godkendelsen ligger under barnets behovsniveau" in matches.nth(1).inner_text()

    # Place with the first family; the form arrives with it chosen.
    matches.nth(0).get_by_role("link", name="Anbring her").click()
    assert page.input_value("#id_family-select") == str(reinforced.pk)
    page.fill("#id_legal_basis", "Barnets Lov § 46")
    page.select_option("#id_consent", "with")
    pick(page, "id_alternatives", "Alm", "Familien Alm")
    page.fill("#id_reasons", "Forstærket godkendt; erfaring med traumer.")
    page.click("main button[type=submit]")
    assert page.get_by_test_id("current-family").inner_text().startswith("Familien Berg")
    decision = PlacementDecision.objects.get()
    assert decision.placement == Placement.objects.get(child=child)
    assert list(decision.alternatives.all()) == [general]
    assert decision.network_explored and not decision.approval_below_needs
    assert NetworkPerson.objects.get().possible_carer == "no"

    # The page works at 390 px without sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/planlaegning/boern/{child.public_id}/matching/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"/boern/{child.public_id}/")

    # The contact arrangement with her mother, and the information given at the start.
    page.click("a[href$='/samvaer/ny/']")
    page.fill("#id_with_whom", "Mor")
    page.fill("#id_frequency", "Hver anden weekend")
    page.fill("#id_place", "Familiehuset i Aarhus")
    page.fill("#id_decision", "Aftalt med mor")
    page.fill("#id_decided_on", today.isoformat())
    page.fill("#id_starts_on", today.isoformat())
    page.click("main button[type=submit]")
    assert "Familiehuset i Aarhus" in page.get_by_test_id("contact").inner_text()
    page.click("a[href$='/information/ny/']")
    for item in ("history", "plan", "health", "school", "contact"):
        page.check(f"input[name=items][value={item}]")
    page.fill("#id_given_on", today.isoformat())
    page.click("main button[type=submit]")
    assert "Mangler" not in page.get_by_test_id("information").inner_text()

    # Aarhus sees the Silkeborg family's basic record through the placement.
    page.get_by_test_id("current-family").get_by_role("link").click()
    page.get_by_text("Familien er registreret i Silkeborg Kommune").wait_for()
    assert "Emma Holm" in page.get_by_test_id("family-placements").inner_text()

    # Silkeborg's consultant sees the place taken, by whom and since when, and not Emma.
    page.context.clear_cookies()
    log_in(page, theirs)
    page.goto(f"/plejefamilier/{reinforced.public_id}/")
    assert "anbragt af Aarhus Kommune" in page.get_by_test_id("places-elsewhere").inner_text()
    assert "Emma" not in page.content() and "Holm" not in page.content()
    assert page.goto(f"/boern/{child.public_id}/").status == 404
