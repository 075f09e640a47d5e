"""In Chromium: a consultant registers a network family, records the suitability
assessment, approves the family for the child and finds it under "My families"."""

import pytest

from cases.models import Child
from families.models import Approval, NetworkAssessment
from fostercare.accounts.models import Role
from tests.conftest import log_in
from tests.factories import ChildFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_consultant_approves_a_network_family_for_a_child(page, home):
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home, full_name="Rune Holm")
    child: Child = ChildFactory(municipality=home, first_name="Emma", cpr="120315-4321")
    log_in(page, consultant)

    # A new family, with the consultant as its fixed consultant.
    page.get_by_role("link", name="Plejefamilier").click()
    page.click("a[href$='/plejefamilier/ny/']")
    page.fill("#id_name", "Familien Mortensen")
    page.fill("#id_street", "Skovvej 12")
    page.fill("#id_postal_code", "8240")
    page.fill("#id_city", "Risskov")
    page.fill("#id_phone", "22 33 44 55")
    page.select_option("#id_consultant", label="Rune Holm")
    page.click("main button[type=submit]")
    page.get_by_role("heading", name="Familien Mortensen").wait_for()

    # The suitability assessment, in one sitting.
    page.click("a[href$='/vurderinger/ny/']")
    page.fill("#id_child_cpr", "1203154321")
    page.fill("#id_relation_to_child", "Moster til Emma; har passet hende hver weekend i tre år.")
    page.select_option("#id_relation_rating", "1")
    page.select_option("#id_criteria-0-rating", "2")
    page.fill("#id_criteria-0-note", "Kan rumme Emmas reaktioner efter samvær.")
    page.select_option("#id_criteria-9-rating", "3")
    page.fill("#id_conditions-0-description", "Intensiv supervision det første år")
    page.fill("#id_conditions-0-start_by", "2026-12-15")
    page.click("main button[type=submit]")
    page.get_by_role("heading", name="Familien Mortensen").wait_for()
    assert NetworkAssessment.objects.get().outcome == "pending"

    # The decision approves the family for Emma.
    page.click("a[href*='/afgoerelse/']")
    page.check("input[name=outcome][value=approved]")
    page.fill("#id_reason", "Stærk og stabil relation; familien kan holde grænser.")
    page.click("main button[type=submit]")
    page.get_by_role("heading", name="Familien Mortensen").wait_for()
    approval = Approval.objects.get()
    assert (approval.type, approval.status, approval.child) == ("netvaerk", "approved", child)
    assert page.get_by_text("Godkendt", exact=True).first.is_visible()
    assert page.get_by_text("Emma", exact=False).first.is_visible()

    # And the family is among the consultant's own.
    page.click("a[href$='/plejefamilier/mine/']")
    row = page.get_by_role("row", name="Familien Mortensen")
    row.wait_for()
    assert "Netværk" in row.inner_text()
