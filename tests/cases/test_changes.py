"""Changes of placement never get stuck (issue 16, item 6): the new family's place is
checked when the change is started, edited and at each legal step, with a clear Danish
message; an open change can be edited or cancelled with a reason (logged), and a
cancelled change no longer blocks a new one for the child."""

from datetime import date

import pytest
from django.urls import reverse

from cases import services
from cases.models import PlacementChange
from fostercare.audit.models import ChangeLog
from tests.cases.test_services import general_family, network_family, rejected
from tests.factories import ChildFactory, FamilyFactory, PlacementChangeFactory, PlacementFactory

pytestmark = pytest.mark.django_db

FIELDS = {
    "kind": "doegnpleje", "legal_basis": "Barnets Lov § 46", "consent": "with",
    "planned_move_on": date(2026, 6, 1), "reason": "Plejefamilien har opsagt aftalen.",
    "initiated_by": "foster_family",
}  # fmt: skip


@pytest.fixture
def child(home):
    child = ChildFactory(municipality=home)
    PlacementFactory(child=child, family=general_family(home), start_date=date(2025, 1, 1))
    return child


def _full(home, child):
    family = general_family(home, full_time=1)
    PlacementFactory(family=family, child=ChildFactory(municipality=home))
    return family


def _no_approval(home, child):
    return FamilyFactory(municipality=home)


def _network_for_another_child(home, child):
    return network_family(home, ChildFactory(municipality=home))


def _respite_only(home, child):
    return general_family(home, full_time=0, respite=2)


@pytest.mark.parametrize(
    ("make_family", "words"),
    [
        pytest.param(_full, "1 er optaget", id="full"),
        pytest.param(_no_approval, "ingen gældende godkendelse", id="no-approval"),
        pytest.param(_network_for_another_child, "netværksplejefamilie", id="network-other-child"),
        pytest.param(_respite_only, "0 er optaget", id="no-full-time-place"),
    ],
)
def test_a_change_cannot_start_towards_a_family_without_a_place(
    home, caseworker, child, make_family, words
):
    family = make_family(home, child)
    with rejected("to_family", words) as info:
        services.placement_change_start(actor=caseworker, child=child, to_family=family, **FIELDS)
    assert (
        "annullér" in " ".join(info.value.messages).lower()
        or "vælg" in " ".join(info.value.messages).lower()
    )


def test_a_step_is_refused_when_the_new_family_filled_up_meanwhile(home, caseworker, child):
    family = general_family(home, full_time=1)
    change = services.placement_change_start(
        actor=caseworker, child=child, to_family=family, **FIELDS
    )
    PlacementFactory(family=family, child=ChildFactory(municipality=home))
    with rejected("to_family", "1 er optaget"):
        services.placement_change_record_steps(
            actor=caseworker, change=change, action_plan_revised_on=date(2026, 1, 5)
        )


def test_an_open_change_can_be_moved_to_another_family(home, caseworker, child):
    full = general_family(home, full_time=1)
    change = services.placement_change_start(
        actor=caseworker, child=child, to_family=full, **FIELDS
    )
    PlacementFactory(family=full, child=ChildFactory(municipality=home))
    other = general_family(home)
    services.placement_change_update(
        actor=caseworker, change=change, to_family=other, **(FIELDS | {"reason": "Ny familie"})
    )
    change.refresh_from_db()
    assert (change.to_family, change.reason, change.status) == (other, "Ny familie", "open")
    log = ChangeLog.objects.get(object_pk=str(change.pk), action="update")
    assert set(log.changes) >= {"to_family", "reason"}
    with rejected("to_family", "1 er optaget"):
        services.placement_change_update(actor=caseworker, change=change, to_family=full, **FIELDS)


@pytest.mark.parametrize(
    ("reason", "field"),
    [pytest.param("", "reason", id="empty"), pytest.param("   ", "reason", id="blank")],
)
def test_a_cancellation_needs_its_reason(caseworker, reason, field):
    change = PlacementChangeFactory()
    with rejected(field, "årsagen"):
        services.placement_change_cancel(actor=caseworker, change=change, reason=reason)


def test_a_cancelled_change_is_logged_and_frees_the_child_for_a_new_change(home, caseworker, child):
    full = general_family(home, full_time=1)
    change = services.placement_change_start(
        actor=caseworker, child=child, to_family=full, **FIELDS
    )
    PlacementFactory(family=full, child=ChildFactory(municipality=home))
    services.placement_change_cancel(
        actor=caseworker, change=change, reason="Familien har ikke plads alligevel."
    )
    change.refresh_from_db()
    assert (change.status, change.cancel_reason) == (
        "cancelled",
        "Familien har ikke plads alligevel.",
    )
    assert change.cancelled_on is not None
    log = ChangeLog.objects.get(object_pk=str(change.pk), action="update")
    assert log.changes["status"] == ["open", "cancelled"]
    assert log.changes["cancel_reason"][1] == "Familien har ikke plads alligevel."
    again = services.placement_change_start(
        actor=caseworker, child=child, to_family=general_family(home), **FIELDS
    )
    assert again.status == "open"
    with rejected(None, "ikke længere åben"):
        services.placement_change_cancel(actor=caseworker, change=change, reason="Igen")


def _url(name, change):
    return reverse(
        name, kwargs={"public_id": change.child.public_id, "change_id": change.public_id}
    )


def test_the_steps_page_offers_edit_and_cancel_and_cancelling_works(client, caseworker):
    change = PlacementChangeFactory(
        from_placement=PlacementFactory(child=ChildFactory(municipality=caseworker.municipality))
    )
    client.force_login(caseworker)
    page = client.get(_url("cases:change", change)).content.decode()
    assert _url("cases:change_update", change) in page
    assert _url("cases:change_cancel", change) in page
    response = client.post(_url("cases:change_cancel", change), {"reason": ""})
    assert response.status_code == 200
    assert "Dette felt er påkrævet" in response.content.decode()
    response = client.post(_url("cases:change_cancel", change), {"reason": "Barnet bliver."})
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == PlacementChange.Status.CANCELLED
    page = client.get(_url("cases:change", change)).content.decode()
    assert "Barnet bliver." in page
    assert _url("cases:change_cancel", change) not in page


def test_editing_into_a_full_family_shows_the_message_and_saves_nothing(client, caseworker, home):
    change = PlacementChangeFactory(
        from_placement=PlacementFactory(
            child=ChildFactory(municipality=home), family=general_family(home)
        )
    )
    full = _full(home, change.child)
    client.force_login(caseworker)
    form = client.get(_url("cases:change_update", change)).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "breakdown_reasons"}
    data |= {"to_family": full.pk, "planned_move_on": "2026-06-01"}
    response = client.post(_url("cases:change_update", change), data)
    assert response.status_code == 200
    assert "kan ikke tage barnet" in response.content.decode()
    change.refresh_from_db()
    assert change.to_family != full
