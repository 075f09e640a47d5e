"""Placements across municipalities (issue 16, item 3): a caseworker places a child with a
generally approved family that another municipality keeps.

The placing municipality (Aarhus) sees the family's basic record through the placement
and keeps the child's case and its own records of the family (fees, payments) to itself;
the family's municipality (Silkeborg, the same region) sees that a place is taken, by
whom and since when, and nothing about the child. Everything else stays a 404: every
page of the family's record is tried with every role of the placing municipality, and
every page a role of the family's municipality can open is searched for the child."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services as cases_services
from cases.models import Placement
from economics import services as economics_services
from economics.selectors import payment_list
from economics.selectors.fees import fee_agreement_scope
from families.rules import may_take_child_from_another_municipality
from fostercare.accounts.models import Role
from fostercare.accounts.permissions import roles_for
from planning.models import NeedsProfile
from planning.selectors import matching_list
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    FamilyFactory,
    HotlineCallFactory,
    UserFactory,
    municipality,
)
from tests.test_permission_matrix import ROUTES

pytestmark = pytest.mark.django_db
SILKEBORG, ODENSE = "740", "461"  # Silkeborg is in Aarhus's region; Odense is not
TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("same_municipality", "generally_approved", "allowed"),
    [
        (True, True, True),
        (True, False, True),  # the own municipality's network and former municipal families
        (False, True, True),  # Socialtilsynet's general approval is not tied to a municipality
        (False, False, False),  # another municipality's network or specific family
    ],
)
def test_rule_another_municipalitys_family_needs_a_general_approval(
    same_municipality, generally_approved, allowed
):
    assert (
        may_take_child_from_another_municipality(
            same_municipality=same_municipality, generally_approved=generally_approved
        )
        is allowed
    )


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def silkeborg():
    return municipality(SILKEBORG)


@pytest.fixture
def family(silkeborg):
    """A generally approved family that Silkeborg keeps, with two full-time places."""
    return ApprovalFactory(
        family=FamilyFactory(municipality=silkeborg, name="Familien Krog")
    ).family


@pytest.fixture
def child(home):
    return ChildFactory(municipality=home, first_name="Ingeborgine", last_name="Zwiebelhagen")


PLACEMENT = {
    "kind": "doegnpleje",
    "legal_basis": "Barnets Lov § 46",
    "consent": "with",
    "start_date": date(2026, 6, 1),
}


@pytest.fixture
def placed(home, family, child):
    caseworker = UserFactory(role=Role.CASEWORKER, municipality=home)
    return cases_services.placement_create(
        actor=caseworker, child=child, family=family, **PLACEMENT
    )


def test_a_caseworker_places_with_a_generally_approved_family_of_another_municipality(placed):
    assert placed.family.municipality.code == SILKEBORG
    assert placed.child.municipality.code == "751"


@pytest.mark.parametrize("approval_type", ["netvaerk", None])
def test_another_municipalitys_family_without_a_general_approval_is_refused(
    home, silkeborg, child, approval_type
):
    family = FamilyFactory(municipality=silkeborg)
    if approval_type:  # a network family approved for a child of its own municipality
        ApprovalFactory(
            family=family,
            type=approval_type,
            approving_body="municipality",
            child=ChildFactory(municipality=silkeborg),
            capacity_full_time=1,
            capacity_respite=0,
        )
    caseworker = UserFactory(role=Role.CASEWORKER, municipality=home)
    with pytest.raises(ValidationError) as error:
        cases_services.placement_create(actor=caseworker, child=child, family=family, **PLACEMENT)
    assert "Socialtilsynet" in " ".join(error.value.message_dict["family"])
    assert not Placement.objects.exists()


def test_the_place_form_refuses_such_a_family_on_the_field_and_saves_nothing(
    client, home, silkeborg, child
):
    family = FamilyFactory(municipality=silkeborg)  # no approval at all
    client.force_login(UserFactory(role=Role.CASEWORKER, municipality=home))
    response = client.post(
        reverse("planning:place", kwargs={"public_id": child.public_id}),
        {"family": family.pk, "kind": "doegnpleje", "legal_basis": "Barnets Lov § 46",
         "consent": "with", "start_date": "1. jun. 2026",
         "outside_network_reason": "Ingen i netværket kan."},
        HTTP_ACCEPT_LANGUAGE="da",
    )  # fmt: skip
    assert response.status_code == 200
    # Not offered, so not accepted: a clear message on the field.
    assert "gyldig" in response.context["form"].errors["family"][0]
    assert not Placement.objects.exists()


def test_a_change_to_another_municipalitys_family_needs_a_general_approval(home, silkeborg, placed):
    caseworker = UserFactory(role=Role.CASEWORKER, municipality=home)
    with pytest.raises(ValidationError) as error:
        cases_services.placement_change_start(
            actor=caseworker,
            child=placed.child,
            to_family=FamilyFactory(municipality=silkeborg),
            kind="doegnpleje",
            legal_basis="Barnets Lov § 46",
            consent="with",
            planned_move_on=date(2026, 7, 1),
            reason="Bedre match",
            initiated_by="municipality",
        )
    assert "to_family" in error.value.message_dict


def test_the_place_counts_in_the_familys_free_places(home, family, placed):
    consultant = UserFactory(role=Role.CONSULTANT, municipality=family.municipality)
    from families.selectors import family_list

    assert family_list(user=consultant).get(pk=family.pk).places_full_time == 1


# --- what the placing municipality sees ---------------------------------------------------
@pytest.mark.parametrize("role", sorted(roles_for("families.view")), ids=str)
def test_the_placing_municipality_sees_the_basic_record(client, home, family, placed, role):
    client.force_login(UserFactory(role=role, municipality=home))
    detail = reverse("families:detail", kwargs={"public_id": family.public_id})
    shared = reverse("families:shared", kwargs={"public_id": family.public_id})
    assert client.get(detail).url == shared
    html = client.get(shared).content.decode()
    for shown in (family.name, family.street, family.phone, "Silkeborg", "Almen"):
        assert shown in html, shown
    assert 'data-testid="places-elsewhere"' not in html  # other municipalities' places


def test_the_basic_record_shows_none_of_the_familys_own_records(client, home, family, placed):
    member = family.members.create(
        full_name="Hemmelig Voksen", kind="foster_parent", cpr="010180-1234"
    )
    HotlineCallFactory(family=family, topic_text="Fortroligt opkald om familien")
    client.force_login(UserFactory(role=Role.MANAGER, municipality=home))
    html = client.get(reverse("families:shared", kwargs={"public_id": family.public_id})).content
    html = html.decode()
    assert member.full_name not in html
    assert "Fortroligt opkald" not in html


def test_the_basic_record_is_404_without_a_current_placement(client, home, family, placed):
    cases_services.placement_end(
        actor=UserFactory(role=Role.CASEWORKER, municipality=home),
        placement=placed,
        end_date=date(2026, 6, 10),
        end_reason="return_home",
    )
    client.force_login(UserFactory(role=Role.MANAGER, municipality=home))
    url = reverse("families:shared", kwargs={"public_id": family.public_id})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_every_other_page_of_the_familys_record_is_404_to_the_placing_municipality(
    client, home, family, placed, role
):
    """Tenant isolation stays absolute: only the basic page opens (and the family page
    leads there)."""
    user = UserFactory(role=role, municipality=home)
    client.force_login(user)
    for route in ROUTES:
        if route.url_name in ("families:detail", "families:shared"):
            continue
        if route.make_kwargs is None or route.make_kwargs.__name__ != "_family":
            continue
        if role not in roles_for(route.permission):
            continue
        url = reverse(route.url_name, kwargs={"public_id": family.public_id})
        assert getattr(client, route.method)(url).status_code == 404, route.url_name


def test_the_placing_municipality_keeps_the_fee_and_pays_it(home, silkeborg, family, placed):
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home)
    agreement = economics_services.fee_agreement_create(
        actor=consultant, placement=placed, units=Decimal("4"), valid_from=date(2026, 6, 1)
    )
    theirs_consultant = UserFactory(role=Role.CONSULTANT, municipality=silkeborg)
    assert list(fee_agreement_scope(user=consultant)) == [agreement]
    assert list(fee_agreement_scope(user=theirs_consultant)) == []
    ours = payment_list(user=UserFactory(role=Role.MANAGER, municipality=home), year=2026, month=6)
    theirs = payment_list(
        user=UserFactory(role=Role.MANAGER, municipality=silkeborg), year=2026, month=6
    )
    assert [(r.family.pk, r.child.pk) for r in ours.rows] == [(family.pk, placed.child.pk)]
    assert theirs.rows == []


# --- what the family's municipality sees --------------------------------------------------
@pytest.mark.parametrize("role", sorted(roles_for("families.view")), ids=str)
def test_the_familys_municipality_sees_the_place_taken_and_nothing_of_the_child(
    client, family, placed, role
):
    client.force_login(UserFactory(role=role, municipality=family.municipality))
    html = client.get(reverse("families:detail", kwargs={"public_id": family.public_id}))
    html = html.content.decode()
    assert 'data-testid="places-elsewhere"' in html
    assert "Aarhus" in html
    for secret in (placed.child.first_name, placed.child.last_name, placed.child.cpr[:6]):
        assert secret not in html


def test_the_familys_on_call_responder_sees_a_place_taken_and_no_name(client, family, placed):
    client.force_login(UserFactory(role=Role.ON_CALL, municipality=family.municipality))
    html = client.get(reverse("families:detail", kwargs={"public_id": family.public_id}))
    html = html.content.decode()
    assert 'data-testid="places-elsewhere"' in html
    assert placed.child.first_name not in html
    form = client.get(reverse("hotline:register_family", kwargs={"public_id": family.public_id}))
    assert placed.child.first_name not in form.content.decode()


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_no_page_of_the_familys_municipality_names_the_child(client, family, placed, role):
    """Every page without a record in the URL (lists, worklists, dashboards, figures),
    and the family's own page, opened by every role of the family's municipality: the
    child's name and CPR number appear on none of them; the child's case is a 404."""
    user = UserFactory(role=role, municipality=family.municipality)
    client.force_login(user)
    child = placed.child
    urls = [
        reverse(route.url_name, kwargs=route.static_kwargs or {})
        for route in ROUTES
        if route.method == "get"
        and route.make_kwargs is None
        and role in roles_for(route.permission)
    ]
    if role in roles_for("families.list"):
        urls.append(reverse("families:detail", kwargs={"public_id": family.public_id}))
    for url in urls:
        response = client.get(url, follow=True)
        html = response.content.decode()
        for secret in (child.first_name, child.last_name, child.cpr[:6]):
            assert secret not in html, (url, secret)
    assert client.get(
        reverse("cases:detail", kwargs={"public_id": child.public_id})
    ).status_code in (
        403,
        404,
    )


# --- finding the family -------------------------------------------------------------------
def test_matching_offers_the_regions_generally_approved_families(home, family, child):
    odense = FamilyFactory(municipality=municipality(ODENSE))
    ApprovalFactory(family=odense)
    caseworker = UserFactory(role=Role.CASEWORKER, municipality=home)
    NeedsProfile.objects.create(child=child, level="light", updated_by=caseworker)
    found = {
        m.family.pk
        for m in matching_list(user=caseworker, child=child, profile=child.needs_profile)
    }
    assert family.pk in found
    assert odense.pk not in found  # another region


def test_the_placement_picker_names_the_familys_municipality(client, home, family, silkeborg):
    network_only = FamilyFactory(municipality=silkeborg, name="Familien Krogh Netværk")
    client.force_login(UserFactory(role=Role.CASEWORKER, municipality=home))
    found = client.get(reverse("families:placeable_picker"), {"q": "Krog"}).json()["results"]
    labels = [r["label"] for r in found]
    assert len(labels) == 1
    assert family.name in labels[0] and "Silkeborg" in labels[0]
    assert network_only.name not in labels[0]
    # The everyday picker (network groups, mentors, …) stays the own municipality's.
    assert client.get(reverse("families:picker"), {"q": "Krog"}).json()["results"] == []
