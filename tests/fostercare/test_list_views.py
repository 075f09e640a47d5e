"""List pages (fostercare/views.py: FilteredListView), shown with the children's list:
the same rows as a CSV that Danish Excel opens and as XLSX, with the page's filters and
access rules, and an access-log row for every page and every download."""

import csv
import io
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import Child
from fostercare.audit.models import AccessLog
from tests.factories import ChildFactory, PlacementFactory

pytestmark = pytest.mark.django_db

URL = reverse("cases:list")


@pytest.fixture
def children(home, other_municipality):
    placed = PlacementFactory(child=ChildFactory(municipality=home, first_name="Åse"))
    ChildFactory(municipality=home, first_name="Bo")
    ChildFactory(municipality=other_municipality, first_name="Outsider")
    return placed


def read_csv(response) -> list[list[str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_csv_has_the_pages_rows_in_danish_for_excel(client, caseworker, children):
    client.force_login(caseworker)
    response = client.get(URL, {"eksport": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="boern.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["Fornavn", "Efternavn", "Fødselsdato"]
    names = [row[0] for row in rows[1:]]
    assert names == ["Bo", "Åse"]  # the page's order; never another municipality's child
    born = children.child.birth_date
    assert rows[2][2] == born.strftime("%d-%m-%Y")
    assert rows[2][3] == children.family.name
    assert all("CPR" not in heading for heading in rows[0])


def test_csv_keeps_the_filters(client, caseworker, children):
    client.force_login(caseworker)
    rows = read_csv(client.get(URL, {"name": "Bo", "eksport": "csv"}))
    assert [row[0] for row in rows[1:]] == ["Bo"]


def test_xlsx_has_the_same_rows_with_real_dates(client, caseworker, children):
    client.force_login(caseworker)
    response = client.get(URL, {"eksport": "xlsx"})
    assert 'filename="boern.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Fornavn"
    assert [r[0] for r in rows[1:]] == ["Bo", "Åse"]
    assert rows[2][2].date() == children.child.birth_date


def test_every_export_and_every_page_is_access_logged(client, caseworker, children):
    client.force_login(caseworker)
    client.get(URL, {"name": "Bo", "eksport": "csv"})
    client.get(URL)
    export, page = AccessLog.objects.order_by("pk")
    child_type = ContentType.objects.get_for_model(Child)
    assert (export.action, export.user, export.content_type) == ("export", caseworker, child_type)
    assert export.details == {"format": "csv", "filters": {"name": "Bo"}, "rows": 1}
    assert (page.action, page.details["rows"], page.details["filters"]) == ("list", 2, {})


def test_a_search_is_logged_as_a_search_with_its_query(client, caseworker, children):
    client.force_login(caseworker)
    client.get(URL, {"name": "Åse"})
    entry = AccessLog.objects.get()
    assert (entry.action, entry.details["filters"], entry.details["rows"]) == (
        "search",
        {"name": "Åse"},
        1,
    )


def test_the_page_offers_both_downloads_with_its_filters(client, caseworker, children):
    client.force_login(caseworker)
    content = client.get(URL, {"name": "Bo"}).content.decode()
    assert "?name=Bo&amp;eksport=csv" in content
    assert "?name=Bo&amp;eksport=xlsx" in content


def test_an_unknown_format_is_just_the_page(client, caseworker, children):
    client.force_login(caseworker)
    response = client.get(URL, {"eksport": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_roles_that_may_not_see_the_list_cannot_download_it(client, make_user, children):
    client.force_login(make_user("on_call"))
    assert client.get(URL, {"eksport": "csv"}).status_code == 403
    assert not AccessLog.objects.exists()


def test_dates_in_csv_are_day_month_year(client, manager, home):
    PlacementFactory(child=ChildFactory(municipality=home, cpr="241299-4321"))
    client.force_login(manager)
    rows = read_csv(client.get(URL, {"eksport": "csv"}))
    assert rows[1][2] == date(1999, 12, 24).strftime("%d-%m-%Y")
