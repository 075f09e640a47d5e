"""In Chromium: a caseworker places a child, records a statutory visit, the contact
arrangement with the parents (samvær) and the information given to the foster family,
tries a change of placement, is shown the missing legal steps, records them and moves
the child."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import (
    ContactArrangement,
    InformationGiven,
    Placement,
    PlacementChange,
    StatutoryVisit,
)
from cases.services import caseworker_change
from fostercare.accounts.models import Role
from tests.conftest import log_in
from tests.factories import ApprovalFactory, ChildFactory, FamilyFactory, UserFactory
from tests.picker import pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_places_visits_and_lawfully_moves_a_child(page, home):
    caseworker = UserFactory(role=Role.CASEWORKER, municipality=home, full_name="Sara Lund")
    child = ChildFactory(municipality=home, first_name="Emma", last_name="Holm", cpr="120315-4321")
    caseworker_change(
        actor=caseworker, child=child, caseworker=caseworker, starts_on=child.birth_date, reason=""
    )
    first = ApprovalFactory(family=FamilyFactory(municipality=home, name="Familien Mortensen"))
    second = ApprovalFactory(family=FamilyFactory(municipality=home, name="Familien Skov"))
    today = timezone.localdate()
    started = today - timedelta(days=30)
    log_in(page, caseworker)

    # Find Emma by her exact CPR number and place her.
    page.get_by_role("link", name="Børn", exact=True).click()
    page.fill("#id_cpr", "1203154321")
    page.click("main form[role=search] button[type=submit]")
    page.get_by_role("link", name="Emma Holm").click()
    page.get_by_role("heading", name="Emma Holm").wait_for()
    assert page.get_by_test_id("cpr").inner_text() == "120315-4321"  # her own caseworker
    page.click("a[href$='/anbring/']")  # every placement with its decision record
    pick(page, "id_family", "Morten", "Familien Mortensen")
    assert page.locator("#id_family-select").input_value() == str(first.family.pk)
    page.select_option("#id_kind", "doegnpleje")
    page.fill("#id_legal_basis", "Barnets Lov § 46")
    page.select_option("#id_consent", "with")
    page.fill("#id_start_date", started.isoformat())
    page.fill("#id_outside_network_reason", "Ingen i netværket kan tage Emma.")
    page.click("main button[type=submit]")
    assert page.get_by_test_id("current-family").inner_text() == "Familien Mortensen"

    # A statutory visit, spoken with alone.
    page.click("a[href$='/tilsyn/ny/']")
    page.fill("#id_visited_on", today.isoformat())
    page.check("#id_spoken_alone")
    page.fill("#id_notes", "Emma trives; talte med hende alene på værelset.")
    page.click("main button[type=submit]")
    page.get_by_test_id("next-visit").wait_for()
    assert StatutoryVisit.objects.get().spoken_alone

    # The contact arrangement with her mother: an end before the start is refused, then
    # the arrangement is recorded and shown on her page.
    page.click("a[href$='/samvaer/ny/']")
    page.fill("#id_with_whom", "Mor")
    page.fill("#id_frequency", "Hver anden weekend, lørdag 10-14")
    page.check("#id_supervised")
    page.fill("#id_place", "Familiehuset")
    page.fill("#id_decision", "Afgørelse om overvåget samvær")
    page.fill("#id_decided_on", started.isoformat())
    page.fill("#id_starts_on", started.isoformat())
    page.fill("#id_ends_on", (started - timedelta(days=1)).isoformat())
    page.click("main button[type=submit]")
    page.get_by_text("Ordningen kan ikke slutte, før den begynder.").wait_for()
    assert not ContactArrangement.objects.exists()
    page.fill("#id_ends_on", "")
    page.click("main button[type=submit]")
    assert "Familiehuset" in page.get_by_test_id("contact").inner_text()
    assert ContactArrangement.objects.get().supervised

    # The information given to the foster family at the start: history, plan and the
    # contact arrangement now; health and school are still missing and say so.
    page.click("a[href$='/information/ny/']")
    for item in ("history", "plan", "contact"):
        page.check(f"input[name=items][value={item}]")
    page.fill("#id_given_on", started.isoformat())
    page.click("main button[type=submit]")
    information = page.get_by_test_id("information").inner_text()
    assert information.count("Mangler") == 2 and "Sundhed" in information
    assert InformationGiven.objects.count() == 3

    # A change of placement: the guided page shows the three missing steps.
    page.click("a[href$='/flytning/ny/']")
    pick(page, "id_to_family", "skov", "Familien Skov")
    page.select_option("#id_kind", "doegnpleje")
    page.fill("#id_legal_basis", "Barnets Lov § 46")
    page.select_option("#id_consent", "with")
    page.fill("#id_planned_move_on", today.isoformat())
    page.fill("#id_reason", "Plejefamilien har opsagt aftalen.")
    page.select_option("#id_initiated_by", "foster_family")
    page.select_option("#id_old_end_reason", "family_terminated")
    page.click("main button[type=submit]")
    missing = page.get_by_test_id("missing-steps")
    assert "3 lovpligtige trin mangler" in missing.inner_text()
    steps_url = page.url

    # Trying to move anyway is refused, naming the steps.
    page.goto(steps_url + "gennemfoer/")
    page.fill("#id_moved_on", today.isoformat())
    page.click("main button[type=submit]")
    page.get_by_text("Barnet kan ikke flyttes endnu", exact=False).wait_for()
    assert Placement.objects.get().end_date is None

    # The steps are taken and recorded; then the child moves.
    page.goto(steps_url)
    page.fill("#id_action_plan_revised_on", today.isoformat())
    page.fill("#id_child_conversation_on", today.isoformat())
    page.fill("#id_family_statement_on", today.isoformat())
    page.click("main button[type=submit]")
    page.get_by_text("De lovpligtige trin er registreret.").wait_for()
    page.get_by_role("link", name="Flyt barnet").click()
    page.fill("#id_moved_on", today.isoformat())
    page.click("main button[type=submit]")
    assert page.get_by_test_id("current-family").inner_text() == "Familien Skov"
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "Familien Mortensen" in timeline and "Plejefamilien opsagde aftalen" in timeline
    change = PlacementChange.objects.get()
    assert (change.status, change.new_placement.family) == ("completed", second.family)
