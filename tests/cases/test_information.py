"""Information given to the foster family (issue 16, item 5): a checklist at the start
of a placement (history, action plan, health, school, contact arrangement), a log of
what was given, when and by whom, and the missing items on the caseworker's worklist."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import InformationGiven, InformationItem
from cases.selectors import case_worklist, information_checklist
from cases.services import caseworker_change
from fostercare.audit.models import ChangeLog
from tests.cases.test_services import rejected
from tests.factories import ChildFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(home, caseworker):
    child = ChildFactory(municipality=home, first_name="Noah")
    today = timezone.localdate()
    caseworker_change(
        actor=caseworker, child=child, caseworker=caseworker,
        starts_on=today - timedelta(days=40), reason="",
    )  # fmt: skip
    return PlacementFactory(child=child, start_date=today - timedelta(days=20))


@pytest.mark.parametrize(
    ("items", "days", "field"),
    [
        pytest.param([], 0, "items", id="nothing-chosen"),
        pytest.param(["health"], -3, "given_on", id="in-the-future"),
        pytest.param(["health"], 200, "given_on", id="long-before-the-placement"),
    ],
)
def test_information_record_rules(caseworker, placement, items, days, field):
    with rejected(field):
        services.information_record(
            actor=caseworker,
            placement=placement,
            items=items,
            given_on=timezone.localdate() - timedelta(days=days),
        )


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        pytest.param([], len(InformationItem.values), id="nothing-given"),
        pytest.param(["history", "plan"], 3, id="some-given"),
        pytest.param(list(InformationItem.values), 0, id="all-given"),
    ],
)
def test_missing_items_show_on_the_worklist(caseworker, placement, given, missing):
    if given:
        rows = services.information_record(
            actor=caseworker, placement=placement, items=given, given_on=placement.start_date
        )
        assert {r.given_by for r in rows} == {caseworker}
        assert ChangeLog.objects.filter(action="create", object_pk=str(rows[0].pk)).exists()
    items = [i for i in case_worklist(user=caseworker) if i.kind == "information"]
    if missing:
        [item] = items
        assert (item.child, item.due, len(item.missing)) == (
            placement.child,
            placement.start_date,
            missing,
        )
    else:
        assert items == []
    checklist = information_checklist(placement=placement)
    assert sum(1 for entry in checklist if not entry["given"]) == missing


def test_the_information_page_logs_and_shows_the_checklist(client, caseworker, placement):
    client.force_login(caseworker)
    url = reverse("cases:information_add", kwargs={"public_id": placement.child.public_id})
    page = client.get(url).content.decode()
    assert page.count("Mangler") == len(InformationItem.values)
    response = client.post(url, {"items": ["history", "school"], "given_on": "2099-01-01"})
    assert response.status_code == 200
    assert not InformationGiven.objects.exists()
    day = placement.start_date.isoformat()
    assert client.post(url, {"items": ["history", "school"], "given_on": day}).status_code == 302
    detail = client.get(reverse("cases:detail", kwargs={"public_id": placement.child.public_id}))
    assert detail.content.decode().count("Mangler") == len(InformationItem.values) - 2


def test_a_child_without_a_placement_has_no_information_page(client, caseworker, home):
    child = ChildFactory(municipality=home)
    client.force_login(caseworker)
    assert (
        client.get(
            reverse("cases:information_add", kwargs={"public_id": child.public_id})
        ).status_code
        == 404
    )
