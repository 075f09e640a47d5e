"""The family list (families/views.py, FamilyListView): the search box and the
filters work through GET parameters, another municipality's families never appear,
on-call responders get no approval filters or columns, and the page is paged without
a query per family.

Who may open which page is tests/test_permission_matrix.py's job; here a user who
may is logged in and the pages are used as a person would use them.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from families.models import Family
from fostercare.accounts.models import Role
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    ConsultantAssignmentFactory,
    FamilyFactory,
    FamilyMemberFactory,
    UserFactory,
    consultant_of,
)
from tests.families.views.support import INVALID_CHOICE, page, text

pytestmark = pytest.mark.django_db


NO_MATCH = "Ingen familier matcher søgningen."  # msgstr in locale/da/LC_MESSAGES/django.po


def listed(response) -> list[str]:
    assert response.status_code == 200
    names = [family.name for family in response.context["page"].object_list]
    content = text(response)
    for name in names:
        assert name in content
    return names


@pytest.fixture
def searchable(home, other_municipality):
    rows = [
        ("Familien Abildgaard", "Skovvej 12", "8240", "Risskov", "20 30 40 50", ""),
        ("Familien Bech", "Havnegade 3", "8000", "Aarhus C", "2233 4455", "86 12 34 56"),
        ("Familien Carlsen", "Skolevej 7", "8210", "Aarhus V", "31313131", ""),
    ]
    for name, street, postal_code, city, phone, phone_secondary in rows:
        FamilyFactory(
            municipality=home,
            name=name,
            street=street,
            postal_code=postal_code,
            city=city,
            phone=phone,
            phone_secondary=phone_secondary,
        )
        # The same household in Odense: every search would find it if it could.
        FamilyFactory(
            municipality=other_municipality,
            name=f"{name} i Odense",
            street=street,
            postal_code=postal_code,
            city=city,
            phone=phone,
            phone_secondary=phone_secondary,
        )


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        pytest.param("Abildgaard", ["Familien Abildgaard"], id="name"),
        pytest.param("familien bech", ["Familien Bech"], id="name-any-case"),
        pytest.param("  Carlsen ", ["Familien Carlsen"], id="name-with-spaces-around"),
        pytest.param(
            "Familien", ["Familien Abildgaard", "Familien Bech", "Familien Carlsen"], id="all"
        ),
        pytest.param("skovvej", ["Familien Abildgaard"], id="street"),
        pytest.param("Aarhus", ["Familien Bech", "Familien Carlsen"], id="city"),
        pytest.param("8000", ["Familien Bech"], id="postal-code"),
        pytest.param("20304050", ["Familien Abildgaard"], id="phone-digits"),
        pytest.param("20 30 40 50", ["Familien Abildgaard"], id="phone-as-stored"),
        pytest.param("22 33 44 55", ["Familien Bech"], id="phone-grouped-differently"),
        pytest.param("86123456", ["Familien Bech"], id="other-phone"),
        pytest.param("Olsen", [], id="no-match"),
    ],
)
def test_search_box_finds_by_name_address_and_phone(client, w, searchable, q, expected):
    Family.objects.filter(pk__in=[w.family.pk, w.other.pk]).delete()
    response = client.get(page("list"), {"q": q})
    assert listed(response) == expected
    assert "Odense" not in text(response).split("<main", 1)[1]
    if not expected:
        assert NO_MATCH in text(response)


@pytest.fixture
def filterable(home, other_municipality):
    """A: general, 2 places, Nord, consultant X. B: network, 1 place, Syd, Y.
    C: general suspended (no free places), Nord, X. D: only an expired reinforced
    approval, Y. Odense: a copy of A, with a consultant of its own."""
    x = consultant_of(home, full_name="Xenia Xu")
    y = consultant_of(home, full_name="Yrsa Yde")
    a = FamilyFactory(municipality=home, name="Familien A", district="Nord", consultant=x)
    ApprovalFactory(family=a)
    b = FamilyFactory(municipality=home, name="Familien B", district="Syd", consultant=y)
    ApprovalFactory(
        family=b,
        type="netvaerk",
        approving_body="municipality",
        capacity_full_time=1,
        child=ChildFactory(municipality=home),
    )
    c = FamilyFactory(municipality=home, name="Familien C", district="Nord", consultant=x)
    ApprovalFactory(family=c, status="suspended", status_reason="Tilsyn")
    d = FamilyFactory(municipality=home, name="Familien D", consultant=y)
    ApprovalFactory(
        family=d,
        type="forstaerket",
        valid_from=date(2020, 1, 1),
        valid_to=date(2023, 12, 31),
        status="expired",
    )
    odense = FamilyFactory(
        municipality=other_municipality, name="Familien A i Odense", district="Nord"
    )
    ApprovalFactory(family=odense)
    return {"x": x, "y": y, "odense_consultant": odense.consultant_assignments.get().consultant}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param({}, "ABCD", id="no-filter"),
        pytest.param({"approval_type": "almen"}, "AC", id="general-current"),
        pytest.param({"approval_type": "netvaerk"}, "B", id="network"),
        pytest.param({"approval_type": "forstaerket"}, "", id="reinforced-none-current"),
        pytest.param(
            {"approval_type": "forstaerket", "status": "expired"}, "D", id="type-and-status"
        ),
        pytest.param({"status": "suspended"}, "C", id="suspended"),
        pytest.param({"status": "expired"}, "D", id="expired"),
        pytest.param({"consultant": "x"}, "AC", id="consultant"),
        pytest.param({"consultant": "y"}, "BD", id="other-consultant"),
        pytest.param({"free_places": "true"}, "AB", id="has-places"),
        pytest.param({"free_places": "false"}, "CD", id="no-places"),
        pytest.param({"district": "Nord"}, "AC", id="district"),
        pytest.param({"approval_type": "any"}, "ABC", id="any-current-approval"),
        pytest.param({"approval_type": "general"}, "AC", id="generally-approved"),
        pytest.param({"approval_type": "specific"}, "B", id="approved-for-a-child"),
        pytest.param({"occupancy": "idle"}, "ABC", id="approved-nobody-placed"),
        pytest.param({"occupancy": "full_time"}, "", id="nobody-in-full-time-care"),
        pytest.param({"free_respite": "true"}, "AB", id="free-respite-place"),
        pytest.param(
            {"approval_type": "almen", "district": "Nord", "free_places": "true"},
            "A",
            id="combined",
        ),
        pytest.param(
            {"q": "Familien", "consultant": "y", "free_places": "true"},
            "B",
            id="search-and-filters",
        ),
    ],
)
def test_filters_work_through_get_parameters(client, w, filterable, params, expected):
    Family.objects.filter(pk__in=[w.family.pk, w.other.pk]).delete()
    if "consultant" in params:
        params = params | {"consultant": filterable[params["consultant"]].pk}
    response = client.get(page("list"), params)
    assert listed(response) == [f"Familien {letter}" for letter in expected]
    assert not response.context["form"].errors


def test_another_municipalitys_consultant_is_no_filter_into_their_families(client, w, filterable):
    response = client.get(page("list"), {"consultant": filterable["odense_consultant"].pk})
    assert "consultant" in response.context["form"].errors
    assert INVALID_CHOICE in text(response)
    assert "Familien A i Odense" not in listed(response)


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.CASEWORKER, Role.MANAGER, Role.ON_CALL])
def test_another_municipalitys_families_never_appear(client, w, filterable, role):
    client.force_login(UserFactory(role=role, municipality=w.home))
    for params in ({}, {"q": "Odense"}, {"district": "Nord"}, {"approval_type": "almen"}):
        response = client.get(page("list"), params)
        assert "Familien A i Odense" not in listed(response)
        assert "Familien A i Odense" not in text(response)


def test_on_call_responder_cannot_filter_by_approvals(client, w, filterable, on_call):
    Family.objects.filter(pk__in=[w.family.pk, w.other.pk]).delete()
    client.force_login(on_call)
    response = client.get(page("list"), {"status": "suspended"})
    assert listed(response) == ["Familien A", "Familien B", "Familien C", "Familien D"]


def test_on_call_list_has_no_approval_columns(client, w, filterable, on_call):
    client.force_login(on_call)
    response = client.get(page("list"))
    assert response.context["full"] is False
    assert 'name="approval_type"' not in text(response)
    assert 'name="q"' in text(response)


def _families_with_everything(home, n: int) -> None:
    for i in range(n):
        family = FamilyFactory(municipality=home, district=f"Bydel {i % 3}")
        ApprovalFactory(family=family, valid_to=date(2030, 1, 1))
        ApprovalFactory(
            family=family,
            type="netvaerk",
            approving_body="municipality",
            capacity_full_time=1,
            child=ChildFactory(municipality=home),
        )
        FamilyMemberFactory(family=family)
        ConsultantAssignmentFactory(
            family=family,
            consultant=consultant_of(home),
            starts_on=date(2023, 1, 1),
            ends_on=date(2023, 12, 31),
        )


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({}, id="plain"),
        pytest.param({"q": "Familien"}, id="search"),
        pytest.param({"q": "20", "approval_type": "almen", "free_places": "true"}, id="filters"),
    ],
)
@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.ON_CALL])
def test_list_query_count_does_not_grow_with_the_families(client, w, home, params, role):
    client.force_login(UserFactory(role=role, municipality=home))
    Family.objects.filter(pk__in=[w.family.pk, w.other.pk]).delete()
    _families_with_everything(home, 3)
    client.get(page("list"), params)  # warm any per-process caches first
    with CaptureQueriesContext(connection) as few:
        response = client.get(page("list"), params)
    shown = len(listed(response))
    _families_with_everything(home, 27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(page("list"), params)
    assert len(listed(response)) == 10 * shown
    assert len(many.captured_queries) == len(few.captured_queries)


def test_list_pages_with_side(client, w, home):
    Family.objects.filter(pk__in=[w.family.pk, w.other.pk]).delete()
    for i in range(53):
        FamilyFactory(municipality=home, name=f"Familien {i:03d}", district="Nord")
    first = client.get(page("list"), {"district": "Nord"})
    assert listed(first) == [f"Familien {i:03d}" for i in range(50)]
    assert "side=2" in text(first)
    assert "district=Nord&side=2" in text(first)  # the filters stay on the next page
    second = client.get(page("list"), {"district": "Nord", "side": "2"})
    assert listed(second) == ["Familien 050", "Familien 051", "Familien 052"]
    assert second.context["query"] == "district=Nord"
    assert listed(client.get(page("list"), {"side": "x"}))[0] == "Familien 000"
    assert listed(client.get(page("list"), {"side": "99"})) == [
        "Familien 050",
        "Familien 051",
        "Familien 052",
    ]


def test_other_apps_filters_narrow_the_list(client, w, home, manager):
    """Supervision's filter (families.list_filters): a family with a child placed half
    a year ago and no supervision since is overdue."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import PlacementFactory

    Family.objects.filter(pk__in=[w.family.pk, w.other.pk]).delete()
    overdue = FamilyFactory(municipality=home, name="Familien Overskredet")
    ApprovalFactory(family=overdue)
    PlacementFactory(
        child=ChildFactory(municipality=home),
        family=overdue,
        start_date=timezone.localdate() - timedelta(days=200),
    )
    ApprovalFactory(family=FamilyFactory(municipality=home, name="Familien Uden Barn"))
    client.force_login(manager)
    response = client.get(page("list"), {"supervision": "overdue"})
    assert listed(response) == ["Familien Overskredet"]
    assert 'name="supervision"' in text(response)
    assert '<input type="hidden" name="intensive_support"' in text(response)
