"""In Chromium: a consultant registers a network family's application, agreed
beforehand; it is decided within the 20,000 kr.; the letter opens (and its PDF
downloads); a second, undocumented application above what is left is refused with
the rule's message; the month's payment list shows the grant and its CSV parses."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from economics.models import ExpenseDecision
from fostercare.accounts.models import Role
from tests.conftest import log_in
from tests.factories import (
    BoardAndLodgingRateFactory,
    ChildFactory,
    FamilyFactory,
    UserFactory,
    network_placement,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _apply(page, *, amount: str, description: str) -> None:
    page.click("a[href$='/udgifter/ny/']")
    page.select_option("#id_category", "leisure")
    page.fill("#id_description", description)
    page.fill("#id_amount_applied", amount)
    page.check("#id_agreed_beforehand")
    page.fill("#id_agreed_on", timezone.localdate().isoformat())
    page.click("main button[type=submit]")
    page.get_by_role("heading", name="Øvrige og ekstraordinære omkostninger: Fritid").wait_for()


def test_a_network_familys_application_from_registration_to_the_payment_list(page, home):
    BoardAndLodgingRateFactory(year=timezone.localdate().year)
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home, full_name="Rune Holm")
    family = FamilyFactory(municipality=home, name="Familien Mortensen", consultant=consultant)
    child = ChildFactory(municipality=home, first_name="Emma", last_name="Ravnsborg")
    network_placement(home, family=family, child=child)
    log_in(page, consultant)

    # The family page's economics sub-page offers the application.
    page.goto(f"/plejefamilier/{family.public_id}/")
    page.get_by_test_id("family-pages").get_by_role("link", name="Økonomi").click()
    section = page.get_by_test_id("economics-section")
    assert "20.000,00 kr." in section.inner_text()  # nothing used this year

    # The first application: 4.000 kr. for leisure, agreed beforehand, no documentation.
    _apply(page, amount="4.000", description="Svømmehold og udstyr")
    page.click("a[href$='/afgoerelse/']")
    assert "20.000,00 kr. tilbage" in page.get_by_test_id("cap-left").inner_text()
    page.check("input[name=outcome][value=full]")
    page.fill("#id_reasons", "Aftalt på forhånd; svømning styrker Emmas trivsel.")
    page.click("main button[type=submit]")
    decision = page.get_by_test_id("decision")
    decision.wait_for()
    assert "Bevilget fuldt ud" in decision.inner_text()
    assert "4.000,00 kr." in page.get_by_test_id("amount-granted").inner_text()

    # The letter opens, in Danish, and downloads as a PDF.
    page.get_by_test_id("open-letter").click()
    letter = page.get_by_test_id("letter")
    letter.wait_for()
    assert "Kommunen har besluttet at dække hele udgiften på 4.000,00 kr." in letter.inner_text()
    assert "Der er herefter 16.000,00 kr. tilbage" in letter.inner_text()
    pdf_link = page.locator("a[href$='brev.pdf']").first.get_attribute("href")
    pdf = page.request.get(pdf_link)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # A second application, 17.000 kr. without documentation: more than is left.
    page.goto(f"/plejefamilier/{family.public_id}/")
    _apply(page, amount="17.000", description="Sommerlejr og ny cykel")
    page.click("a[href$='/afgoerelse/']")
    assert "16.000,00 kr. tilbage" in page.get_by_test_id("cap-left").inner_text()
    page.check("input[name=outcome][value=full]")
    page.fill("#id_reasons", "Bevilges")
    page.click("main button[type=submit]")
    page.locator(".invalid-feedback").first.wait_for()
    message = page.locator("main").inner_text()
    assert "Uden dokumentation kan der højst bevilges 16.000,00 kr." in message
    assert "§ 14, stk. 3" in message
    assert ExpenseDecision.objects.count() == 1  # nothing saved
    page.check("input[name=outcome][value=refused]")
    page.fill("#id_reasons", "Ud over de 20.000 kr. uden dokumentation; send dokumentation.")
    page.click("main button[type=submit]")
    page.get_by_test_id("decision").wait_for()
    assert "Afslået" in page.get_by_test_id("decision").inner_text()

    # The month's payment list shows the grant; its CSV opens in Danish Excel.
    page.get_by_role("link", name="Udbetalingsliste").click()
    table = page.get_by_test_id("payment-list")
    table.wait_for()
    row = table.get_by_role("row", name="Familien Mortensen")
    assert "4.000,00 kr." in row.inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("download-csv").click()
    body = download.value.path().read_bytes()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    (ours,) = [r for r in rows if r[0] == "Familien Mortensen"]
    assert ours[2] == "Emma Ravnsborg"
    assert Decimal(ours[6].replace(",", ".")) == Decimal("4000.00")
