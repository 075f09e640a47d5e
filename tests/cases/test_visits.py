"""Statutory visits (issue 16, item 7): only a visit where the child was spoken with alone,
or one with a recorded reason why not, resets the half-year deadline (Barnets Lov § 156,
stk. 5); any other visit is kept, and the child stays due on the worklist."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from cases import services
from cases.models import StatutoryVisit
from cases.rules import VISIT_INTERVAL_DAYS, visit_resets_deadline
from cases.selectors import case_worklist, child_detail, child_filter, child_list
from fostercare.audit.models import ChangeLog
from tests.cases.test_services import rejected
from tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db

PLACED = date(2026, 1, 5)
VISITED = date(2026, 7, 1)
TODAY = date(2026, 7, 20)  # the placement's first half year ended on 6 July


@pytest.mark.parametrize(
    ("spoken_alone", "reason", "resets"),
    [
        pytest.param(True, "", True, id="alone"),
        pytest.param(False, "Barnet ville ikke tale uden plejemor.", True, id="reason-recorded"),
        pytest.param(False, "", False, id="not-alone-no-reason"),
        pytest.param(False, "   ", False, id="not-alone-blank-reason"),
    ],
)
def test_which_visits_reset_the_deadline(spoken_alone, reason, resets):
    assert visit_resets_deadline(spoken_alone=spoken_alone, not_alone_reason=reason) is resets
    visit = StatutoryVisit(spoken_alone=spoken_alone, not_alone_reason=reason)
    assert visit.resets_deadline is resets


@pytest.fixture
def child(home, caseworker):
    child = services.child_create(
        actor=caseworker, first_name="Sofie", last_name="Lund", cpr="0303151234"
    )
    PlacementFactory(child=child, start_date=PLACED)
    return child


@pytest.mark.parametrize(
    ("spoken_alone", "reason", "due"),
    [
        pytest.param(True, "", VISITED + timedelta(days=VISIT_INTERVAL_DAYS), id="alone"),
        pytest.param(
            False, "Barnet var syg.", VISITED + timedelta(days=VISIT_INTERVAL_DAYS), id="reason"
        ),
        pytest.param(False, "", PLACED + timedelta(days=VISIT_INTERVAL_DAYS), id="no-reason"),
    ],
)
def test_the_worklist_page_and_list_agree_on_when_the_child_is_due(
    caseworker, child, spoken_alone, reason, due
):
    services.visit_record(
        actor=caseworker,
        child=child,
        visited_on=VISITED,
        spoken_alone=spoken_alone,
        not_alone_reason=reason,
    )
    visits = [item for item in case_worklist(user=caseworker, today=TODAY) if item.kind == "visit"]
    if due <= TODAY + timedelta(days=30):
        assert [(item.child, item.due) for item in visits] == [(child, due)]
    else:
        assert visits == []
    assert child_detail(user=caseworker, public_id=child.public_id).next_visit_due == due
    overdue = child_filter(child_list(user=caseworker), situation="visit_overdue", on=TODAY)
    assert (child in overdue) is (due < TODAY)


@pytest.mark.parametrize(
    ("spoken_alone", "reason", "field"),
    [
        pytest.param(True, "Plejemor var til stede.", "not_alone_reason", id="alone-with-reason"),
        pytest.param(False, "", None, id="not-alone-kept"),
    ],
)
def test_visit_record_reason_rules(caseworker, child, spoken_alone, reason, field):
    kwargs = {"visited_on": VISITED, "spoken_alone": spoken_alone, "not_alone_reason": reason}
    if field is None:
        visit = services.visit_record(actor=caseworker, child=child, **kwargs)
        assert not visit.resets_deadline
        assert ChangeLog.objects.filter(object_pk=str(visit.pk), action="create").exists()
        return
    with rejected(field, "tom"):
        services.visit_record(actor=caseworker, child=child, **kwargs)


def test_the_childs_page_says_a_visit_without_reason_does_not_count(client, caseworker, child):
    services.visit_record(actor=caseworker, child=child, visited_on=VISITED, spoken_alone=False)
    client.force_login(caseworker)
    page = client.get(reverse("cases:detail", kwargs={"public_id": child.public_id}))
    html = page.content.decode()
    assert 'data-testid="visit-not-counting"' in html
    assert "§ 156, stk. 5" in html
    response = client.post(
        reverse("cases:visit_add", kwargs={"public_id": child.public_id}),
        {"visited_on": "2026-07-10", "not_alone_reason": "Barnet sov.", "spoken_alone": "on"},
    )
    assert response.status_code == 200
    assert StatutoryVisit.objects.filter(child=child).count() == 1
