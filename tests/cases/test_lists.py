"""The lists behind the managers' figures in cases/views.py: the child list's situation,
visit and caseworker filters, the placement list and the list of changes of placement,
each filtered through GET as a figure's link does, downloadable, access-logged, in a
fixed number of queries."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseworkerAssignment, Placement, PlacementChange
from fostercare.accounts.models import Role
from fostercare.audit.models import AccessLog
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    FamilyFactory,
    PlacementChangeFactory,
    PlacementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def placed(home, *, days_ago=400, **fields):
    family = ApprovalFactory(family=FamilyFactory(municipality=home)).family
    start = timezone.localdate() - timedelta(days=days_ago)
    return PlacementFactory(
        child=ChildFactory(municipality=home), family=family, start_date=start, **fields
    )


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_children_overdue_for_a_visit_and_the_day_the_list_looks_at(client, manager, home):
    overdue = placed(home).child
    placed(home, days_ago=30)
    client.force_login(manager)
    response = client.get(reverse("cases:list"), {"situation": "visit_overdue"})
    assert [c.pk for c in response.context["page"]] == [overdue.pk]
    # A year ago neither was overdue (one was not even placed).
    earlier = timezone.localdate() - timedelta(days=365)
    response = client.get(
        reverse("cases:list"), {"situation": "visit_overdue", "on": earlier.isoformat()}
    )
    assert response.context["page"].paginator.count == 0
    assert 'name="on"' in response.content.decode() and 'type="date"' in response.content.decode()


def test_the_day_field_is_hidden_until_a_link_sets_it(client, manager):
    client.force_login(manager)
    html = client.get(reverse("cases:list")).content.decode()
    assert '<input type="hidden" name="on"' in html
    assert '<input type="hidden" name="visit"' in html


def test_one_caseworkers_children(client, manager, home):
    mine = UserFactory(role=Role.CASEWORKER, municipality=home)
    child = placed(home).child
    CaseworkerAssignment.objects.create(child=child, caseworker=mine, starts_on=date(2020, 1, 1))
    placed(home)
    client.force_login(manager)
    response = client.get(reverse("cases:list"), {"caseworker": mine.pk})
    assert [c.pk for c in response.context["page"]] == [child.pk]


def test_a_visit_finding_needs_a_period(client, manager):
    client.force_login(manager)
    response = client.get(reverse("cases:list"), {"visit": "late"})
    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors


@pytest.fixture
def placements(home, other_municipality):
    today = timezone.localdate()
    active = placed(home)
    broke = placed(
        home,
        end_date=today - timedelta(days=10),
        end_reason="breakdown",
        breakdown_reasons=["poor_match"],
    )
    placed(home, kind="aflastning")
    placed(other_municipality)
    return active, broke


def test_placements_ended_in_a_period_by_reason(client, manager, placements):
    _active, broke = placements
    today = timezone.localdate()
    client.force_login(manager)
    query = {
        "state": "ended",
        "date_from": (today - timedelta(days=30)).isoformat(),
        "date_to": today.isoformat(),
        "end_reason": "breakdown",
        "breakdown_reason": "poor_match",
    }
    response = client.get(reverse("cases:placements"), query)
    assert list(response.context["page"]) == [broke]
    rows = read_csv(client.get(reverse("cases:placements"), query | {"eksport": "csv"}))
    assert rows[0][:3] == ["Fornavn", "Efternavn", "Plejefamilie"]
    assert "ammenbrud" in rows[1][8]  # the end reason
    assert all("CPR" not in heading for heading in rows[0])
    log = AccessLog.objects.get(action="export")
    assert log.content_type == ContentType.objects.get_for_model(Placement)
    assert log.details["rows"] == 1


def test_placements_in_force_by_kind(client, manager, placements):
    client.force_login(manager)
    response = client.get(reverse("cases:placements"), {"state": "active", "kind": "doegnpleje"})
    assert list(response.context["page"]) == [placements[0]]


def test_a_period_state_needs_both_days(client, manager, placements):
    client.force_login(manager)
    response = client.get(reverse("cases:placements"), {"state": "ended"})
    assert "date_to" in response.context["form"].errors


def test_the_placement_list_runs_a_fixed_number_of_queries(
    client, manager, home, django_assert_max_num_queries
):
    for _ in range(12):
        placed(home)
    client.force_login(manager)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("cases:placements"))
    assert response.context["page"].paginator.count == 12


def test_changes_of_placement_by_legality(client, manager, home):
    change = PlacementChangeFactory(from_placement=placed(home))
    moved = timezone.localdate() - timedelta(days=3)
    new = placed(home, days_ago=3)
    PlacementChange.objects.filter(pk=change.pk).update(
        status="completed",
        completed_on=moved,
        new_placement=new,
        acute_exception=True,
        acute_reason="Barnets sikkerhed",
    )
    PlacementChangeFactory(from_placement=placed(home))  # open
    client.force_login(manager)
    response = client.get(reverse("cases:changes"), {"legality": "acute"})
    assert [c.pk for c in response.context["page"]] == [change.pk]
    assert "Akut undtagelse" in response.content.decode()
    rows = read_csv(client.get(reverse("cases:changes"), {"eksport": "csv"}))
    assert len(rows) == 3
    assert rows[0][-1] == "Lovpligtige trin"


def test_caseworkers_see_the_lists_on_call_responders_do_not(client, make_user, placements):
    client.force_login(make_user(Role.CASEWORKER))
    assert client.get(reverse("cases:placements")).status_code == 200
    client.force_login(make_user(Role.ON_CALL))
    assert client.get(reverse("cases:placements"), {"eksport": "csv"}).status_code == 403
