"""In Chromium: a manager opens the overview, follows the number of children overdue
for a statutory visit to the list of those children, downloads it as CSV and the file
holds exactly them, for Danish Excel."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cases.models import CaseworkerAssignment, StatutoryVisit
from fostercare.accounts.models import Role
from tests.conftest import log_in
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    FamilyFactory,
    PlacementFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def placed(home, caseworker, first_name: str, *, last_visit_days_ago: int):
    family = ApprovalFactory(family=FamilyFactory(municipality=home)).family
    child = ChildFactory(municipality=home, first_name=first_name, last_name="Holm")
    today = timezone.localdate()
    start = today - timedelta(days=500)
    PlacementFactory(child=child, family=family, start_date=start)
    CaseworkerAssignment.objects.create(child=child, caseworker=caseworker, starts_on=start)
    StatutoryVisit.objects.create(
        child=child,
        visited_on=today - timedelta(days=last_visit_days_ago),
        visitor=caseworker,
        spoken_alone=True,
    )
    return child


def test_manager_drills_from_overdue_visits_to_the_children_and_downloads_them(page, home):
    manager = UserFactory(role=Role.MANAGER, municipality=home, full_name="Lone Leder")
    caseworker = UserFactory(role=Role.CASEWORKER, municipality=home)
    placed(home, caseworker, "Asta", last_visit_days_ago=200)  # overdue
    placed(home, caseworker, "Bror", last_visit_days_ago=250)  # overdue
    placed(home, caseworker, "Cille", last_visit_days_ago=30)  # visited lately
    log_in(page, manager)

    page.get_by_role("link", name="Overblik", exact=True).first.click()
    page.get_by_role("heading", name="Overblik").wait_for()
    overdue = page.locator('[data-figure="visits.overdue"] .key-figure-now a')
    assert overdue.inner_text().startswith("2")
    overdue.click()

    page.get_by_role("heading", name="Børn").wait_for()
    assert page.get_by_test_id("list-count").inner_text() == "2 børn"
    listed = page.locator("main table tbody tr td:first-child").all_inner_texts()
    assert listed == ["Asta Holm", "Bror Holm"]
    assert page.locator("#id_situation").input_value() == "visit_overdue"

    with page.expect_download() as download_info:
        page.get_by_test_id("list-export").get_by_role("link", name="Hent CSV").click()
    download = download_info.value
    assert download.suggested_filename == "boern.csv"
    body = Path(download.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")  # a byte-order mark: Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Fornavn", "Efternavn", "Fødselsdato"]
    assert [row[0] for row in rows[1:]] == ["Asta", "Bror"]
