"""The cases pages: what each role sees, the access log, exact CPR search, the
worklist's order and query budget, and service errors shown with nothing saved."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Placement, PlacementChange, StatutoryVisit
from cases.selectors import case_worklist
from cases.services import action_plan_create, caseworker_change
from fostercare.accounts.models import Role
from fostercare.audit.models import AccessLog, ChangeLog
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    FamilyFactory,
    PlacementChangeFactory,
    PlacementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def assign(child, caseworker):
    caseworker_change(
        actor=caseworker, child=child, caseworker=caseworker, starts_on=date(2025, 1, 1), reason=""
    )


@pytest.fixture
def placed(home, caseworker):
    family = ApprovalFactory(family=FamilyFactory(municipality=home)).family
    child = ChildFactory(municipality=home, first_name="Emma", last_name="Holm", cpr="120315-4321")
    assign(child, caseworker)
    PlacementFactory(child=child, family=family, start_date=date(2025, 3, 1))
    return child


def detail(child):
    return reverse("cases:detail", kwargs={"public_id": child.public_id})


@pytest.mark.parametrize(
    ("who", "full"),
    [
        ("own_caseworker", True),
        ("other_caseworker", False),
        ("manager", True),
        ("consultant", False),
    ],
)
def test_child_page_shows_the_full_cpr_only_to_its_caseworker_and_managers(
    client, home, placed, caseworker, who, full
):
    user = {
        "own_caseworker": caseworker,
        "other_caseworker": UserFactory(role=Role.CASEWORKER, municipality=home),
        "manager": UserFactory(role=Role.MANAGER, municipality=home),
        "consultant": placed.placements.get().family.consultant_assignments.get().consultant,
    }[who]
    client.force_login(user)
    response = client.get(detail(placed))
    assert response.status_code == 200
    body = response.content.decode()
    assert ("120315-4321" in body) is full
    assert ("120315-XXXX" in body) is not full
    log = AccessLog.objects.get()
    assert (log.user, log.object_pk) == (user, str(placed.pk))


def test_child_page_shows_the_family_and_its_fixed_consultant(client, placed, caseworker):
    consultant = placed.placements.get().family.consultant_assignments.get().consultant
    consultant.phone = "87 65 43 21"
    consultant.save()
    client.force_login(caseworker)
    body = client.get(detail(placed)).content.decode()
    assert consultant.full_name in body
    assert "87 65 43 21" in body


@pytest.mark.parametrize(
    ("cpr", "found", "error"),
    [
        ("1203154321", True, False),
        ("120315-4321", True, False),
        ("120315 4321", True, False),
        ("12.03.15-4321", True, False),
        ("120315", False, True),
    ],
)
def test_child_search_by_cpr_is_exact_and_posted(client, placed, caseworker, cpr, found, error):
    ChildFactory(municipality=placed.municipality, first_name="Anden")
    client.force_login(caseworker)
    response = client.post(reverse("cases:list"), {"cpr": cpr})
    assert response.status_code == 200
    children = list(response.context["page"].object_list)
    assert children == ([placed] if found else [])
    assert bool(response.context["cpr_form"].errors) is error


def test_the_cpr_number_never_travels_in_the_url(client, placed, caseworker):
    """A URL ends up in server logs, browser history and the page's own links."""
    client.force_login(caseworker)
    page = client.get(reverse("cases:list")).content.decode()
    assert 'method="post" class="card card-body shadow-sm mb-3" role="search"' in page
    response = client.post(reverse("cases:list"), {"cpr": "1203154321"})
    body = response.content.decode()
    assert "eksport=" not in body  # no download links that would carry a search
    assert "1203154321" not in body.replace('value="1203154321"', "")
    assert "no-store" in response["Cache-Control"]
    # An old bookmark with the number in the URL finds nothing by it.
    ChildFactory(municipality=placed.municipality)
    listed = client.get(reverse("cases:list"), {"cpr": "1203154321"}).context["page"]
    assert listed.paginator.count == 2


def test_a_cpr_search_is_access_logged_with_the_number_masked(client, placed, caseworker):
    client.force_login(caseworker)
    client.post(reverse("cases:list"), {"cpr": "120315 4321"})
    log = AccessLog.objects.get()
    assert (log.action, log.details["filters"]["cpr"]) == ("search", "120315-XXXX")
    assert log.object_pks == [str(placed.pk)]
    assert "4321" not in str(log.details)


def test_child_list_runs_a_fixed_number_of_queries(
    client, home, caseworker, django_assert_max_num_queries
):
    for _n in range(30):
        PlacementFactory(child=ChildFactory(municipality=home))
    client.force_login(caseworker)
    # 10 for the page (the page's ids first, then its rows), 2 to move the session's
    # idle expiry on (SESSION_SAVE_EVERY_REQUEST).
    with django_assert_max_num_queries(12):
        assert client.get(reverse("cases:list"), {"placed": "true"}).status_code == 200


def test_placement_form_shows_the_rule_and_saves_nothing(client, home, placed, caseworker):
    full = ApprovalFactory(family=FamilyFactory(municipality=home), capacity_respite=0).family
    before = (Placement.objects.count(), ChangeLog.objects.count())
    client.force_login(caseworker)
    response = client.post(
        reverse("planning:place", kwargs={"public_id": placed.public_id}),
        {
            "family": full.pk,
            "kind": "aflastning",
            "legal_basis": "§ 46",
            "consent": "with",
            "start_date": "2026-03-01",
            "outside_network_reason": "Ingen i netværket kan tage barnet.",
        },
    )
    assert response.status_code == 200
    assert "flere børn end godkendelsen tillader" in response.content.decode()
    assert (Placement.objects.count(), ChangeLog.objects.count()) == before


def test_moving_with_missing_steps_shows_them_and_saves_nothing(client, home, placed, caseworker):
    change = PlacementChangeFactory(
        from_placement=placed.placements.get(),
        to_family=ApprovalFactory(family=FamilyFactory(municipality=home)).family,
        child_conversation_on=date(2026, 4, 1),
    )
    client.force_login(caseworker)
    kwargs = {"public_id": placed.public_id, "change_id": change.public_id}
    page = client.get(reverse("cases:change", kwargs=kwargs)).content.decode()
    assert "2 lovpligtige trin mangler" in page
    assert "SEL § 140" in page and "barnets lov § 98, stk. 2" in page
    response = client.post(
        reverse("cases:change_complete", kwargs=kwargs), {"moved_on": "2026-05-01"}
    )
    assert "Barnet kan ikke flyttes endnu" in response.content.decode()
    change.refresh_from_db()
    assert change.status == "open"
    assert Placement.objects.get(child=placed).end_date is None


def test_worklist_sorts_by_urgency_in_a_fixed_number_of_queries(
    home, caseworker, django_assert_max_num_queries
):
    today = timezone.localdate()
    children = []
    for n, placed_days_ago in enumerate([400, 170, 300]):
        child = ChildFactory(municipality=home, first_name=f"Barn{n}")
        assign(child, caseworker)
        PlacementFactory(child=child, start_date=today - timedelta(days=placed_days_ago))
        children.append(child)
    StatutoryVisit.objects.create(
        child=children[2], visited_on=today - timedelta(days=10), visitor=caseworker,
        spoken_alone=True,
    )  # visited and spoken with alone: nothing due  # fmt: skip
    action_plan_create(
        actor=caseworker, child=children[2], adopted_on=today - timedelta(days=100), goals="Skole",
        next_review_on=today + timedelta(days=5),
    )  # fmt: skip
    change = PlacementChangeFactory(
        from_placement=children[1].placements.get(), planned_move_on=today + timedelta(days=1)
    )
    not_mine = ChildFactory(municipality=home)
    PlacementFactory(child=not_mine, start_date=today - timedelta(days=400))
    with django_assert_max_num_queries(4):
        items = case_worklist(user=caseworker, today=today)
    information = [i for i in items if i.kind == "information"]
    assert sorted(i.child.first_name for i in information) == ["Barn1", "Barn2"]  # < 1 year
    items = [i for i in items if i.kind != "information"]
    assert [(i.kind, i.child.first_name) for i in items] == [
        ("visit", "Barn0"),  # overdue since 218 days
        ("change", "Barn1"),  # moves tomorrow, all three steps missing
        ("review", "Barn2"),
        ("visit", "Barn1"),  # due in 12 days
    ]
    assert items[0].overdue and not items[1].overdue
    assert len(items[1].missing) == 3
    assert PlacementChange.objects.get() == change


def test_on_call_family_page_shows_first_name_and_age_only(client, placed, on_call):
    family = placed.placements.get().family
    client.force_login(on_call)
    body = client.get(reverse("families:detail", kwargs={"public_id": family.public_id})).content
    body = body.decode()
    assert "Emma" in body and "Holm" not in body and "120315" not in body
    assert f"{placed.age_on(timezone.localdate())} år" in body
