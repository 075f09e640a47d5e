"""The economics pages as people use them: forms that save through their services and
refuse bad input with a Danish message on the field, the family page's "Økonomi"
section, the worklist, the letter as a page and a PDF, the payment list (a fixed
number of queries whatever the size; CSV that Danish Excel opens, XLSX; access-logged),
the figures page and the start pages.

Who may open which page is tests/test_permission_matrix.py's job.
"""

import csv
import html
import io
import re
import zlib
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from economics.models import ExpenseApplication, FeeAgreement, FeeRenegotiation
from fostercare.accounts.models import Role
from fostercare.audit.models import AccessLog
from tests.economics.support import cost_application, db_state, grant
from tests.factories import (
    ApprovalFactory,
    BoardAndLodgingRateFactory,
    ChildFactory,
    FamilyFactory,
    FeeAgreementFactory,
    FeeUnitRateFactory,
    PlacementFactory,
    UserFactory,
    general_placement,
    network_placement,
)

pytestmark = pytest.mark.django_db
D = Decimal
REQUIRED = "Dette felt er påkrævet."


# The pages show this year's and this month's amounts: the tests live on one day.
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Europe/Copenhagen")))


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def net(client, home):
    """A network family's consultant logged in; its child placed from 1 March 2025."""
    placement = network_placement(home)
    consultant = placement.family.consultant_assignments.get().consultant
    client.force_login(consultant)
    placement.consultant = consultant
    return placement


def url(name: str, record) -> str:
    return reverse(f"economics:{name}", kwargs={"public_id": record.public_id})


# --- registering and deciding -------------------------------------------------------------
def _application_data(placement, **changes) -> dict:
    return {
        "placement": placement.pk,
        "received_on": "2026-01-05",
        "category": "leisure",
        "description": "Kontingent til spejder",
        "amount_applied": "2.500,50",
        "agreed_beforehand": "on",
        "agreed_on": "2026-01-02",
    } | changes


def test_an_application_is_registered_from_the_family_page(client, net):
    page = client.get(url("cost_application_add", net.family))
    assert "20.000,00 kr." in text(page)  # what is left of this year's allowance
    response = client.post(url("cost_application_add", net.family), _application_data(net))
    application = ExpenseApplication.objects.get()
    assert response.status_code == 302
    assert response.url == url("application", application)
    assert (application.amount_applied, application.agreed_beforehand) == (D("2500.50"), True)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param({"amount_applied": "0"}, "amount_applied",
                     "Beløbet skal være større end 0 kr.", id="zero"),
        pytest.param({"amount_applied": "-25"}, "amount_applied",
                     "Beløbet skal være større end 0 kr.", id="negative"),
        pytest.param({"amount_applied": "mange"}, "amount_applied", "Skriv beløbet i kroner",
                     id="not-an-amount"),
        pytest.param({"amount_applied": ""}, "amount_applied", REQUIRED, id="no-amount"),
        pytest.param({"category": ""}, "category", REQUIRED, id="no-category"),
        pytest.param({"agreed_on": ""}, "agreed_on", "Angiv datoen, udgiften blev aftalt.",
                     id="agreed-without-date"),
        pytest.param({"received_on": "2099-01-01"}, "received_on",
                     "Modtagelsesdatoen ligger i fremtiden.", id="received-in-the-future"),
    ],
)  # fmt: skip
def test_registering_bad_input(client, net, changes, field, message):
    before = db_state()
    response = client.post(
        url("cost_application_add", net.family), _application_data(net, **changes)
    )
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert db_state() == before


def _decision_data(**changes) -> dict:
    return {
        "outcome": "full",
        "amount": "",
        "reasons": "Aftalt på forhånd.",
        "decided_on": "2026-01-09",
        "due_on": "",
    } | changes


def test_deciding_issues_the_letter_and_shows_it(client, net):
    application = cost_application(net.consultant, net)
    page = client.get(url("decide", application))
    assert "har 20.000,00 kr. tilbage af de 20.000,00 kr." in text(page)
    response = client.post(url("decide", application), _decision_data())
    assert response.status_code == 302
    application.refresh_from_db()
    decision = application.decision
    assert (decision.amount, decision.decided_by) == (D("5000.00"), net.consultant)
    detail = text(client.get(url("application", application)))
    assert "5.000,00 kr." in detail
    assert url("letter", decision) in detail
    letter = text(client.get(url("letter", decision)))
    assert "Kommunen har besluttet at dække hele udgiften på 5.000,00 kr." in letter
    assert "data-print" in letter
    # A decided application's decide page goes back to the application.
    again = client.get(url("decide", application))
    assert (again.status_code, again.url) == (302, url("application", application))


@pytest.mark.parametrize(
    ("application", "changes", "field", "message"),
    [
        pytest.param({"amount_applied": D("20000.01")}, {}, "amount",
                     "Uden dokumentation kan der højst bevilges 20.000,00 kr.", id="above-the-cap"),
        pytest.param({"agreed_beforehand": False, "agreed_on": None}, {}, "amount",
                     "Uden dokumentation kan kun en udgift dækkes, som kommunen og familien",
                     id="not-agreed-beforehand"),
        pytest.param({}, {"outcome": "partial", "amount": "5.000,01"}, "amount",
                     "En bevilling kan ikke være større end det ansøgte beløb (5.000,00 kr.).",
                     id="grant-above-applied-for"),
        pytest.param({}, {"outcome": "partial", "amount": "0"}, "amount",
                     "Beløbet skal være større end 0 kr.", id="zero"),
        pytest.param({}, {"outcome": "partial", "amount": "-1"}, "amount",
                     "Beløbet skal være større end 0 kr.", id="negative"),
        pytest.param({}, {"reasons": ""}, "reasons", REQUIRED, id="no-reasons"),
        pytest.param({}, {"reasons": "   "}, "reasons", REQUIRED, id="blank-reasons"),
        pytest.param({}, {"decided_on": "2026-01-04"}, "decided_on",
                     "Afgørelsen kan ikke dateres før ansøgningen blev modtaget (05-01-2026).",
                     id="decided-before-received"),
        pytest.param({}, {"outcome": ""}, "outcome", REQUIRED, id="no-outcome"),
    ],
)  # fmt: skip
def test_deciding_bad_input(client, net, application, changes, field, message):
    app = cost_application(net.consultant, net, **application)
    before = db_state()
    response = client.post(url("decide", app), _decision_data(**changes))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field]), (
        response.context["form"].errors
    )
    assert message in text(response)
    assert db_state() == before


def test_lost_earnings_decided_outside_the_placement_is_refused(client, net):
    response = client.post(
        url("lost_earnings_application_add", net.family),
        {"placement": net.pk, "received_on": "2026-01-05", "description": "Nedsat tid"},
    )
    application = ExpenseApplication.objects.get()
    assert response.url == url("application", application)
    data = {
        "outcome": "partial", "amount": "4000", "income_basis": "6.000", "starts_on": "2025-01-01",
        "ends_on": "", "review_on": "", "reasons": "Delvis", "decided_on": "2026-01-09",
    }  # fmt: skip
    response = client.post(url("decide", application), data)
    errors = response.context["form"].errors["starts_on"]
    assert errors == [
        "Perioden skal ligge inden for barnets anbringelse i familien (fra 01-03-2025)."
    ]
    response = client.post(url("decide", application), data | {"starts_on": "2026-02-01"})
    assert response.status_code == 302


def test_a_payment_is_recorded(client, net):
    decision = grant(net.consultant, cost_application(net.consultant, net))
    response = client.post(
        url("payment_record", decision.application), {"amount": "5.000", "paid_on": "2026-01-20"}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.paid_amount == D("5000.00")
    page = client.get(url("application", decision.application)).content.decode()
    assert url("payment_record", decision.application) not in page


def test_the_letter_pdf_is_the_stored_text(client, net):
    decision = grant(net.consultant, cost_application(net.consultant, net))
    response = client.get(url("letter_pdf", decision))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="afgoerelse-2026-01-12')
    body = response.content
    assert body.startswith(b"%PDF")
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
    pdf_text = b"".join(zlib.decompress(s) for s in streams if s[:1] == b"x").decode("cp1252")
    assert "Kommunen har besluttet at dække hele udgiften" in pdf_text
    assert "Sådan klager I" in pdf_text
    assert AccessLog.objects.filter(path=url("letter_pdf", decision)).count() == 2  # child, family


# --- the family page ----------------------------------------------------------------------
def test_a_network_familys_economics_section(client, net):
    BoardAndLodgingRateFactory(year=TODAY.year)
    app = cost_application(net.consultant, net, amount_applied=D("3000"))
    grant(net.consultant, app, decided_on=date(2026, 1, 9))
    cost_application(net.consultant, net, received_on=date(2026, 1, 6))  # waiting, late
    content = text(
        client.get(
            reverse("families:detail", kwargs={"public_id": net.family.public_id})
            + "?del=economics"
        )
    )
    section = content[content.index('data-testid="economics-section"') :]
    assert "Økonomi" in content
    assert net.child.full_name in section
    assert "Tilbage af de 20.000 kr. i 2026" in section
    assert "17.000,00 kr." in section  # left of this year's 20.000 kr.
    assert "Bevilget fuldt ud" in section
    assert "Forsinket" in section
    assert "En netværksplejefamilie får intet vederlag" in section
    assert url("cost_application_add", net.family) in content  # the header's buttons


def test_a_general_familys_economics_section_shows_fees_per_child(client, home):
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home)
    client.force_login(consultant)
    placement = general_placement(home)
    BoardAndLodgingRateFactory(year=TODAY.year)
    FeeUnitRateFactory(year=TODAY.year)
    agreement = FeeAgreementFactory(placement=placement, units=D("4"))
    FeeRenegotiation.objects.create(
        agreement=agreement, date=date(2025, 9, 1), requested_by="family", reason="Større behov"
    )
    content = text(
        client.get(
            reverse("families:detail", kwargs={"public_id": placement.family.public_id})
            + "?del=economics"
        )
    )
    assert re.search(r"4 vederlagsenheder: <[^>]+>18\.776,00 kr\.<", content)
    assert "Genforhandling i gang" in content
    assert url("fee_renegotiate", agreement) in content
    assert url("cost_application_add", placement.family) not in content  # no network family


def test_a_fee_is_agreed_renegotiated_and_concluded_through_the_pages(client, home):
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home)
    client.force_login(consultant)
    placement = general_placement(home)
    family_url = reverse("families:detail", kwargs={"public_id": placement.family.public_id})
    response = client.post(url("fee_add", placement), {"units": "4", "valid_from": "2025-03-01"})
    assert (response.status_code, response.url) == (302, family_url)
    agreement = FeeAgreement.objects.get()
    client.post(
        url("fee_renegotiate", agreement),
        {
            "date": "2025-09-01",
            "requested_by": "family",
            "reason": "Større behov",
            "result": "pending",
        },
    )
    renegotiation = FeeRenegotiation.objects.get()
    response = client.post(
        url("fee_conclude", renegotiation),
        {"concluded_on": "2025-10-01", "result": "raised", "outcome_reason": "Aftalt",
         "new_units": "5,5", "effective_from": "2025-11-01"},
    )  # fmt: skip
    assert response.status_code == 302
    assert sorted(FeeAgreement.objects.values_list("units", "valid_to")) == [
        (D("4.00"), date(2025, 10, 31)),
        (D("5.50"), None),
    ]
    bad = client.post(url("fee_add", placement), {"units": "0", "valid_from": "2025-03-01"})
    assert bad.context["form"].errors["units"] == [
        "Antallet af vederlagsenheder skal være større end 0."
    ]


def test_an_agreement_carried_over_is_assigned_through_its_page(client, home):
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home)
    client.force_login(consultant)
    placement = general_placement(home)
    agreement = FeeAgreement.objects.create(
        family=placement.family, fixed_monthly_amount=D("18000"), legacy_level="4 vederlag",
        valid_from=date(2025, 1, 1), needs_assignment="Intet barn var anbragt",
    )  # fmt: skip
    content = text(
        client.get(
            reverse("families:detail", kwargs={"public_id": placement.family.public_id})
            + "?del=economics"
        )
    )
    assert "Vederlagsaftaler, der skal knyttes til et barn" in content
    response = client.post(
        url("fee_assign", agreement), {"placement": placement.pk, "valid_from": "2025-03-01"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.placement, agreement.needs_assignment) == (placement, "")


# --- the worklist and the start pages -----------------------------------------------------
def test_the_worklist_shows_undecided_applications_oldest_first_late_marked(client, net):
    late = cost_application(net.consultant, net, received_on=date(2026, 1, 5))
    recent = cost_application(net.consultant, net, received_on=TODAY)
    grant(net.consultant, cost_application(net.consultant, net))
    response = client.get(reverse("economics:worklist"))
    rows = list(response.context["page"].object_list)
    assert rows == [late, recent]
    assert (rows[0].late, rows[1].late) == (True, False)
    only_late = client.get(reverse("economics:worklist"), {"late": "on"})
    assert list(only_late.context["page"].object_list) == [late]
    csv_rows = _csv(client.get(reverse("economics:worklist"), {"eksport": "csv"}))
    assert csv_rows[1][-1] == "Ja"


def test_the_consultants_start_page_counts_late_applications(client, net):
    cost_application(net.consultant, net, received_on=date(2026, 1, 5))
    content = text(client.get(reverse("dashboard:start")))
    assert "1 ansøgning venter ud over kommunens frist." in content


@pytest.mark.parametrize(
    ("today", "shown"), [(date(2026, 11, 30), False), (date(2026, 12, 1), True)]
)
def test_the_admin_is_told_from_1_december_that_next_years_rates_are_missing(
    client, admin_user, time_machine, today, shown
):
    time_machine.move_to(today)
    BoardAndLodgingRateFactory(year=2026)
    FeeUnitRateFactory(year=2026)
    client.force_login(admin_user)
    content = text(client.get(reverse("dashboard:start")))
    assert ("Satser for kost og logi for 2027" in content) is shown
    assert ("Vederlagsenhed for 2027" in content) is shown


# --- the payment list ---------------------------------------------------------------------
def _csv(response) -> list[list[str]]:
    body = response.content
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def _month_with_grant(home, client):
    BoardAndLodgingRateFactory(year=2026)
    FeeUnitRateFactory(year=2026)
    placement = network_placement(home)
    consultant = placement.family.consultant_assignments.get().consultant
    grant(consultant, cost_application(consultant, placement, amount_applied=D("2500.50")))
    client.force_login(UserFactory(role=Role.MANAGER, municipality=home))
    return placement


def test_the_payment_list_downloads_as_csv_and_xlsx_access_logged(client, home):
    placement = _month_with_grant(home, client)
    page = client.get(reverse("economics:payment_list"), {"month": "2026-01"})
    content = text(page)
    assert "2.500,50 kr." in content
    rows = _csv(
        client.get(reverse("economics:payment_list"), {"month": "2026-01", "eksport": "csv"})
    )
    assert rows[0] == [
        "Familie", "Familietype", "Barn", "Anbragte dage", "Kost og logi", "Vederlag",
        "Øvrige udgifter", "Tabt arbejdsfortjeneste", "I alt",
    ]  # fmt: skip
    assert rows[1][0] == placement.family.name
    assert rows[1][3:] == ["31", "6851,00", "0,00", "2500,50", "0,00", "9351,50"]
    workbook = load_workbook(
        io.BytesIO(
            client.get(
                reverse("economics:payment_list"), {"month": "2026-01", "eksport": "xlsx"}
            ).content
        )
    )
    sheet = workbook.active
    assert [cell.value for cell in sheet[2]][6] == 2500.5
    logs = list(AccessLog.objects.filter(path=reverse("economics:payment_list")).order_by("pk"))
    assert [entry.action for entry in logs] == ["list", "export", "export"]
    assert logs[1].details == {"month": "2026-01", "rows": 1, "format": "csv"}


def _fill(home, families: int):
    for _ in range(families):
        family = ApprovalFactory(family=FamilyFactory(municipality=home)).family
        for _child in range(2):
            placement = PlacementFactory(child=ChildFactory(municipality=home), family=family)
            FeeAgreementFactory(placement=placement)
        net = network_placement(home)
        consultant = net.family.consultant_assignments.get().consultant
        grant(consultant, cost_application(consultant, net, amount_applied=D("100")))


def test_the_payment_list_runs_a_fixed_number_of_queries(client, home):
    BoardAndLodgingRateFactory(year=2026)
    FeeUnitRateFactory(year=2026)
    client.force_login(UserFactory(role=Role.MANAGER, municipality=home))
    counts = []
    for families in (1, 6):
        _fill(home, families)
        for params in ({"month": "2026-01"}, {"month": "2026-01", "eksport": "csv"}):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("economics:payment_list"), params).status_code == 200
            counts.append(len(queries))
    small_page, small_csv, large_page, large_csv = counts
    assert (small_page, small_csv) == (large_page, large_csv)
    assert large_page <= 15


def test_the_family_page_section_runs_a_fixed_number_of_queries(client, net):
    BoardAndLodgingRateFactory(year=TODAY.year)
    page = reverse("families:detail", kwargs={"public_id": net.family.public_id}) + "?del=economics"
    counts = []
    for applications in (1, 5):
        for _ in range(applications):
            grant(net.consultant, cost_application(net.consultant, net, amount_applied=D("10")))
        with CaptureQueriesContext(connection) as queries:
            client.get(page)
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- figures for managers -----------------------------------------------------------------
def test_the_figures_page(client, home, manager):
    placement = network_placement(home)
    consultant = placement.family.consultant_assignments.get().consultant
    grant(consultant, cost_application(consultant, placement, amount_applied=D("20000")))
    client.force_login(manager)
    response = client.get(
        reverse("economics:figures"), {"since": "2026-01-01", "until": "2026-12-31"}
    )
    content = text(response)
    assert 'data-testid="applications">1<' in content
    assert placement.child.full_name in content  # uses all of the 20.000 kr.
    assert "100 %" in content
    assert AccessLog.objects.filter(path=reverse("economics:figures"), action="list").exists()
    bad = client.get(reverse("economics:figures"), {"since": "2026-05-01", "until": "2026-01-01"})
    assert "Perioden kan ikke slutte, før den begynder." in text(bad)


@pytest.mark.parametrize("role", [Role.ON_CALL, Role.SUPERVISOR])
def test_the_family_page_has_no_economics_for_roles_that_may_not_read_it(client, home, role):
    placement = network_placement(home)
    client.force_login(UserFactory(role=role, municipality=home))
    family_page = reverse("families:detail", kwargs={"public_id": placement.family.public_id})
    for url in (family_page, family_page + "?del=economics"):
        assert 'data-testid="economics-section"' not in client.get(url).content.decode()
