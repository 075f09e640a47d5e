"""The session list and the course runs (supervision/views.py): filtered through GET,
downloadable, access-logged, never the notes, nothing of another municipality's."""

import csv
import io
from datetime import date, datetime

import pytest
from django.urls import reverse

from fostercare.accounts.models import Role
from fostercare.audit.models import AccessLog
from tests.factories import CourseRunFactory, FamilyFactory, SupervisionSessionFactory
from tests.supervision.test_selectors import CPH

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def sessions(home, other_municipality):
    one = FamilyFactory(municipality=home, name="Familien Ahl")
    two = FamilyFactory(municipality=home, name="Familien Bohr")
    single = SupervisionSessionFactory(
        municipality=home, families=[one], starts_at=datetime(2025, 5, 1, 10, tzinfo=CPH)
    )
    group = SupervisionSessionFactory(
        municipality=home, families=[one, two], starts_at=datetime(2025, 6, 1, 19, tzinfo=CPH)
    )
    SupervisionSessionFactory(municipality=other_municipality)
    return single, group


def test_sessions_by_period_and_kind(client, manager, sessions):
    _single, group = sessions
    client.force_login(manager)
    url = reverse("supervision:sessions")
    assert client.get(url).context["page"].paginator.count == 2
    assert list(client.get(url, {"kind": "group"}).context["page"]) == [group]
    june = client.get(url, {"date_from": "2025-06-01", "date_to": "2025-06-30"})
    assert list(june.context["page"]) == [group]


def test_sessions_download_without_the_notes(client, manager, sessions):
    client.force_login(manager)
    response = client.get(reverse("supervision:sessions"), {"eksport": "csv"})
    rows = read_csv(response)
    assert len(rows) == 3
    assert "Familien Ahl, Familien Bohr" in [row[3] for row in rows]
    assert "Fortroligt" not in response.content.decode("utf-8-sig")
    assert AccessLog.objects.get(action="export").details["rows"] == 2


def test_a_consultant_sees_the_session_list_a_caseworker_does_not(client, make_user, sessions):
    client.force_login(make_user(Role.CONSULTANT))
    assert client.get(reverse("supervision:sessions")).status_code == 200
    client.force_login(make_user(Role.CASEWORKER))
    assert client.get(reverse("supervision:sessions")).status_code == 403


def test_course_runs_filter_and_download(client, manager, home):
    CourseRunFactory(course_kind__municipality=home, starts_on=date(2025, 9, 1))
    CourseRunFactory(
        course_kind__municipality=home,
        course_kind__name="Traumeforståelse",
        course_kind__category="continuing",
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 2, 1),
    )
    client.force_login(manager)
    url = reverse("supervision:courses")
    page = client.get(url, {"category": "continuing"})
    assert [r.course_kind.name for r in page.context["page"]] == ["Traumeforståelse"]
    assert "Kursuskatalog" in page.content.decode()  # the catalogue is still on the page
    rows = read_csv(client.get(url, {"date_to": "2025-12-31", "eksport": "csv"}))
    assert [row[0] for row in rows[1:]] == ["Grundkursus for netværksplejefamilier"]
