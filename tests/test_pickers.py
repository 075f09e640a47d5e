"""The search-as-you-type pickers (``fostercare/pickers.py``): no form renders more than
50 options whatever the data, in a number of queries that does not grow with it; the
JSON searches answer with at most 50 of the user's own municipality's records, labelled
so that families of the same name differ; the session form offers members only of the
chosen families; a posted record outside the user's scope is refused."""

import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from families.models import Family, FamilyMember
from fostercare.accounts.models import Role
from fostercare.audit.models import AccessLog
from fostercare.pickers import PICKER_LIMIT
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    CourseKindFactory,
    CourseRunFactory,
    FamilyFactory,
    FamilyMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

OPTION = re.compile(r"<option\b")


def _families(municipality, count: int, start: int = 0) -> list[Family]:
    families = Family.objects.bulk_create(
        Family(
            municipality=municipality,
            name="Familien Berg",
            street=f"Bakkevej {start + n}",
            postal_code="8000",
            city="Aarhus",
            phone=f"{30000000 + start + n}",
        )
        for n in range(count)
    )
    FamilyMember.objects.bulk_create(
        FamilyMember(family=family, kind=kind, full_name=f"{name} Berg {family.street}")
        for family in families
        for kind, name in (("foster_parent", "Anne"), ("foster_parent", "Bo"))
    )
    return families


def _form_urls(home) -> dict[str, str]:
    child = ChildFactory(municipality=home)
    run = CourseRunFactory(
        course_kind=CourseKindFactory(municipality=home),
        starts_on=date(2030, 1, 1),
        ends_on=date(2030, 1, 2),
    )
    return {
        "cases.edit": [
            reverse("planning:place", kwargs={"public_id": child.public_id}),
            reverse("cases:change_add", kwargs={"public_id": child.public_id}),
        ],
        "supervision.log": [reverse("supervision:session_add")],
        "supervision.courses": [
            reverse("supervision:enrol", kwargs={"public_id": run.public_id}),
        ],
        "support.manage": [reverse("support:group_create")],
        "hotline.out_of_hours": [reverse("hotline:out_of_hours_contact")],
    }


ROLE_FOR = {
    "cases.edit": Role.CASEWORKER,
    "supervision.log": Role.CONSULTANT,
    "supervision.courses": Role.CONSULTANT,
    "support.manage": Role.CONSULTANT,
    "hotline.out_of_hours": Role.CONSULTANT,
}


def _measure(client, url) -> tuple[int, int, int]:
    """Options, queries and pickers (each offers at most ``PICKER_LIMIT``) of a form."""
    client.get(url)  # the first request of a session fills caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return len(OPTION.findall(html)), len(queries), html.count("data-picker=")


@pytest.mark.parametrize("permission", list(ROLE_FOR))
def test_no_form_renders_more_than_50_options_and_queries_do_not_grow(client, home, permission):
    user = UserFactory(role=ROLE_FOR[permission], municipality=home)
    client.force_login(user)
    _families(home, 10)
    urls = _form_urls(home)[permission]
    small = [_measure(client, url) for url in urls]
    _families(home, 300, start=10)  # 300 more families, 600 more members
    large = [_measure(client, url) for url in urls]
    for url, (_options_small, queries_small, _), (options_large, queries_large, pickers) in zip(
        urls, small, large, strict=True
    ):
        # At most PICKER_LIMIT per picker (the placement form has two: the family and the
        # alternatives considered), + the form's fixed choices.
        assert options_large <= PICKER_LIMIT * pickers + 30, url
        assert queries_large == queries_small, url


def test_the_family_search_finds_by_address_within_the_municipality_only(
    client, home, other_municipality
):
    caseworker = UserFactory(role=Role.CASEWORKER, municipality=home)
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home, full_name="Rune Holm")
    ours = FamilyFactory(
        municipality=home, name="Familien Berg", street="Lindevej 3", consultant=consultant
    )
    ApprovalFactory(family=ours, type="forstaerket")
    FamilyFactory(municipality=home, name="Familien Berg", street="Skovvej 9")
    FamilyFactory(municipality=other_municipality, name="Familien Berg", street="Lindevej 5")
    client.force_login(caseworker)
    data = client.get(reverse("families:picker"), {"q": "berg linde"}).json()
    assert [row["value"] for row in data["results"]] == [str(ours.pk)]
    label = data["results"][0]["label"]
    assert "Lindevej 3" in label and "Rune Holm" in label and "Forstærket" in label.title()
    assert data["more"] is False
    log = AccessLog.objects.filter(action="search").latest("id")
    assert log.object_pks == [str(ours.pk)] and log.details["q"] == "berg linde"


@pytest.mark.parametrize(
    ("count", "shown", "more"),
    [(0, 0, False), (PICKER_LIMIT, PICKER_LIMIT, False), (PICKER_LIMIT + 1, PICKER_LIMIT, True)],
)
def test_a_search_answers_with_at_most_50_and_says_when_there_are_more(
    client, home, count, shown, more
):
    client.force_login(UserFactory(role=Role.CONSULTANT, municipality=home))
    _families(home, count)
    data = client.get(reverse("supervision:session_family_picker"), {"q": "berg"}).json()
    assert (len(data["results"]), data["more"]) == (shown, more)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "x" * 5000},
        {"familie": "abc"},
        {"familie": "-1"},
        {"familie": "9" * 30},
        {"q": "%_\\'\""},
    ],
)
def test_bad_search_input_is_an_empty_or_plain_answer(client, home, params):
    client.force_login(UserFactory(role=Role.CONSULTANT, municipality=home))
    response = client.get(reverse("supervision:session_member_picker"), params)
    assert response.status_code == 200
    assert json.loads(response.content)["results"] == []


def test_members_are_offered_only_from_the_chosen_families(client, home, other_municipality):
    client.force_login(UserFactory(role=Role.CONSULTANT, municipality=home))
    chosen, other = FamilyFactory(municipality=home), FamilyFactory(municipality=home)
    outside = FamilyFactory(municipality=other_municipality)
    parent = FamilyMemberFactory(family=chosen, full_name="Lise Mortensen")
    FamilyMemberFactory(family=other, full_name="Lise Hansen")
    FamilyMemberFactory(family=outside, full_name="Lise Jensen")
    url = reverse("supervision:session_member_picker")
    data = client.get(url, {"q": "lise", "familie": [chosen.pk, outside.pk]}).json()
    assert [row["value"] for row in data["results"]] == [str(parent.pk)]


def test_without_script_the_session_form_offers_the_chosen_familys_members(client, home):
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home)
    family = FamilyFactory(municipality=home, name="Familien Mortensen")
    parent = FamilyMemberFactory(family=family, full_name="Lise Mortensen")
    _families(home, 80)
    client.force_login(consultant)
    url = f"{reverse('supervision:session_add')}?familie={family.public_id}"
    page = client.get(url).content.decode()
    members = page[page.index('name="members"') :]
    members = members[: members.index("</select>")]
    assert OPTION.findall(members) == ["<option"]
    assert f'value="{parent.pk}" selected' in members
    families = page[page.index('name="families"') :]
    assert f'value="{family.pk}" selected' in families[: families.index("</select>")]


def test_a_family_beyond_the_first_50_can_be_posted_and_another_municipalitys_cannot(
    client, home, other_municipality
):
    caseworker = UserFactory(role=Role.CASEWORKER, municipality=home)
    child = ChildFactory(municipality=home)
    last = _families(home, 80)[-1]
    ApprovalFactory(family=last)
    outside = FamilyFactory(municipality=other_municipality)
    client.force_login(caseworker)
    url = reverse("planning:place", kwargs={"public_id": child.public_id})
    form = {"kind": "doegnpleje", "legal_basis": "§ 46", "consent": "with"}
    form["outside_network_reason"] = "Ingen i netværket kan tage barnet."
    form["start_date"] = "2025-01-01"
    refused = client.post(url, form | {"family": outside.pk})
    assert refused.status_code == 200
    assert "family" in refused.context["form"].errors
    accepted = client.post(url, form | {"family": last.pk})
    assert accepted.status_code == 302


@pytest.mark.parametrize("value", ["abc", "9" * 30, "-1", ""])
def test_a_session_form_with_nonsense_families_is_refused_on_the_field(client, home, value):
    client.force_login(UserFactory(role=Role.CONSULTANT, municipality=home))
    response = client.post(
        reverse("supervision:session_add"),
        {"families": [value], "members": [value], "theme": "x", "duration_minutes": "60"},
    )
    assert response.status_code == 200
    assert "families" in response.context["form"].errors
