"""Contact with birth parents (samvær, issue 16, item 4): per child, with whom, how
often, supervised or not, where, the decision and its date; a new arrangement ends the
previous one; an end before the start is refused with nothing saved. The on-call
responder sees the current arrangement on the family's short page."""

from datetime import date

import pytest
from django.urls import reverse

from cases import services
from cases.models import ContactArrangement
from cases.selectors import child_list_in_family, contact_arrangement_current
from fostercare.audit.models import ChangeLog
from tests.cases.test_services import rejected
from tests.factories import ChildFactory, PlacementFactory

pytestmark = pytest.mark.django_db

ARRANGEMENT = {
    "with_whom": "Mor", "frequency": "Hver anden weekend", "supervised": True,
    "place": "Familiehuset", "decision": "Afgørelse om overvåget samvær",
    "decided_on": date(2026, 2, 1), "starts_on": date(2026, 2, 15),
}  # fmt: skip


@pytest.fixture
def child(home):
    child = ChildFactory(municipality=home, first_name="Ida")
    PlacementFactory(child=child, start_date=date(2026, 1, 5))
    return child


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        pytest.param(
            {"ends_on": date(2026, 2, 1)}, "ends_on", "slutte, før", id="end-before-start"
        ),
        pytest.param(
            {"decided_on": date(2099, 1, 1)}, "decided_on", "truffet", id="future-decision"
        ),
        pytest.param({"with_whom": "  "}, "with_whom", "", id="no-one"),
        pytest.param({"place": ""}, "place", "", id="no-place"),
    ],
)
def test_contact_arrangement_rules(caseworker, child, changes, field, words):
    with rejected(field, words):
        services.contact_arrangement_record(
            actor=caseworker, child=child, **(ARRANGEMENT | changes)
        )


def test_a_new_arrangement_ends_the_previous_and_keeps_the_history(caseworker, child):
    first = services.contact_arrangement_record(actor=caseworker, child=child, **ARRANGEMENT)
    with rejected("starts_on", "efter den gældende"):
        services.contact_arrangement_record(
            actor=caseworker, child=child, **(ARRANGEMENT | {"starts_on": date(2026, 2, 15)})
        )
    second = services.contact_arrangement_record(
        actor=caseworker,
        child=child,
        **(ARRANGEMENT | {"supervised": False, "frequency": "Hver weekend",
                          "starts_on": date(2026, 6, 1)}),
    )  # fmt: skip
    first.refresh_from_db()
    assert first.ends_on == date(2026, 5, 31)
    assert contact_arrangement_current(child=child, today=date(2026, 5, 1)) == first
    assert contact_arrangement_current(child=child, today=date(2026, 6, 1)) == second
    assert ChangeLog.objects.filter(object_pk=str(first.pk), action="update").exists()
    assert ChangeLog.objects.filter(object_pk=str(second.pk), action="create").exists()
    assert list(child.contact_arrangements.all()) == [second, first]


def test_the_on_call_responder_sees_the_current_arrangement(client, caseworker, on_call, child):
    services.contact_arrangement_record(
        actor=caseworker, child=child, **(ARRANGEMENT | {"starts_on": date(2026, 3, 1)})
    )
    family = child.placements.get().family
    [listed] = child_list_in_family(user=on_call, family=family)
    assert listed["contact"].with_whom == "Mor"
    client.force_login(on_call)
    page = client.get(reverse("families:detail", kwargs={"public_id": family.public_id}))
    html = page.content.decode()
    assert 'data-testid="contact-current"' in html
    assert "Hver anden weekend" in html and "overvåget" in html
    assert child.last_name not in html


def test_the_childs_page_records_and_shows_the_arrangement(client, caseworker, child):
    client.force_login(caseworker)
    url = reverse("cases:contact_add", kwargs={"public_id": child.public_id})
    data = {k: str(v) for k, v in ARRANGEMENT.items() if k != "supervised"}
    response = client.post(url, data | {"ends_on": "2026-01-01"})
    assert response.status_code == 200
    assert "Ordningen kan ikke slutte, før den begynder." in response.content.decode()
    assert not ContactArrangement.objects.exists()
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("cases:detail", kwargs={"public_id": child.public_id}))
    assert "Familiehuset" in page.content.decode()


def test_another_municipalitys_child_is_a_404(client, outsider, child):
    client.force_login(outsider)
    url = reverse("cases:contact_add", kwargs={"public_id": child.public_id})
    assert client.get(url).status_code == 404
