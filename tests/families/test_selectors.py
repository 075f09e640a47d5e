"""The foster-family register's reads (families/selectors.py): list annotations,
filters, municipality scoping, the consultant's worklist and the managers' counts.
Every selector gets an explicit ``today``; nothing depends on the real date."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from families import selectors, services
from families.models import NetworkAssessment, Rating
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    ConsultantAssignmentFactory,
    FamilyFactory,
    PlacementFactory,
    consultant_of,
)
from tests.figures import narrowings

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 15)


def approve(family, kind: str = "almen", **fields):
    """An approval of ``family``; "netvaerk" and "konkret" get a child of its municipality."""
    data = {"type": kind}
    if kind in ("netvaerk", "konkret", "kommunal"):
        data["approving_body"] = "municipality"
    if kind in ("netvaerk", "konkret"):
        data["child"] = ChildFactory(municipality=family.municipality)
    if kind in ("konkret", "kommunal"):
        data["decision_date"] = date(2018, 1, 1)
    if fields.get("status") in ("suspended", "terminated"):
        data["status_reason"] = "Sag"
    return ApprovalFactory(family=family, **(data | fields))


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


# --- family_list annotations -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("approvals", "general_type", "places", "next_expiry", "has_network"),
    [
        pytest.param([], None, 0, None, False, id="no-approvals"),
        pytest.param([("almen", {})], "almen", 2, None, False, id="almen-open-ended"),
        pytest.param(
            [("forstaerket", {"capacity_full_time": 3, "valid_to": date(2026, 1, 31)})],
            "forstaerket",
            3,
            date(2026, 1, 31),
            False,
            id="forstaerket-with-end",
        ),
        pytest.param(
            [
                ("almen", {}),
                ("netvaerk", {"capacity_full_time": 1, "valid_to": date(2025, 12, 31)}),
            ],
            "almen",
            3,
            date(2025, 12, 31),
            True,
            id="general-plus-network",
        ),
        pytest.param(
            [("specialiseret", {"status": "suspended", "valid_to": date(2025, 9, 1)})],
            "specialiseret",
            0,
            date(2025, 9, 1),
            False,
            id="suspended-is-current-but-no-places",
        ),
        pytest.param(
            [("almen", {"status": "expired", "valid_to": date(2025, 6, 1)})],
            None,
            0,
            None,
            False,
            id="expired",
        ),
        pytest.param([("almen", {"status": "terminated"})], None, 0, None, False, id="terminated"),
        pytest.param(
            [("almen", {"status": "under_assessment", "decision_date": None, "valid_from": None})],
            None,
            0,
            None,
            False,
            id="under-assessment",
        ),
        pytest.param(
            [("almen", {"valid_to": date(2025, 6, 14)})],
            None,
            0,
            None,
            False,
            id="approved-but-ended-yesterday",
        ),
        pytest.param(
            [("almen", {"valid_to": TODAY})],
            "almen",
            2,
            TODAY,
            False,
            id="ends-today-still-current",
        ),
        pytest.param(
            [("almen", {"valid_from": date(2025, 6, 16)})],
            None,
            0,
            None,
            False,
            id="starts-tomorrow",
        ),
        pytest.param(
            [("almen", {"valid_from": TODAY})], "almen", 2, None, False, id="starts-today"
        ),
        pytest.param(
            [
                ("netvaerk", {"valid_to": date(2026, 1, 1)}),
                ("netvaerk", {"valid_to": date(2025, 9, 1)}),
            ],
            None,
            4,
            date(2025, 9, 1),
            True,
            id="two-network-approvals",
        ),
        pytest.param(
            [
                ("almen", {"status": "expired", "valid_to": date(2025, 1, 31)}),
                ("forstaerket", {"capacity_full_time": 1, "valid_from": date(2025, 2, 1)}),
            ],
            "forstaerket",
            1,
            None,
            False,
            id="expired-plus-current",
        ),
        pytest.param(
            [("kommunal", {"capacity_full_time": 1})],
            None,
            1,
            None,
            False,
            id="legacy-municipal-counts-places",
        ),
    ],
)
def test_family_list_annotations(
    consultant, approvals, general_type, places, next_expiry, has_network
):
    family = FamilyFactory(municipality=consultant.municipality)
    for kind, fields in approvals:
        approve(family, kind, **fields)

    row = selectors.family_list(user=consultant, today=TODAY).get(pk=family.pk)

    assert row.general_type == general_type
    assert row.places_full_time == places
    assert row.next_expiry == next_expiry
    assert row.has_network is has_network


def test_family_list_consultant_name_and_id(consultant, home):
    karen = consultant_of(home, full_name="Karen Konsulent")
    with_consultant = FamilyFactory(municipality=home, consultant=karen)
    without = FamilyFactory(municipality=home, consultant=False)

    rows = {f.pk: f for f in selectors.family_list(user=consultant, today=TODAY)}

    assert (rows[with_consultant.pk].consultant_name, rows[with_consultant.pk].consultant_id) == (
        "Karen Konsulent",
        karen.pk,
    )
    assert (rows[without.pk].consultant_name, rows[without.pk].consultant_id) == (None, None)


def test_family_list_shows_the_consultant_after_a_change(caseworker, home):
    family = FamilyFactory(municipality=home, consultant=consultant_of(home, full_name="Før"))
    services.family_consultant_change(
        actor=caseworker,
        family=family,
        consultant=consultant_of(home, full_name="Efter"),
        starts_on=date(2025, 3, 1),
        reason="Omfordeling",
    )
    row = selectors.family_list(user=caseworker, today=TODAY).get(pk=family.pk)
    assert row.consultant_name == "Efter"


def test_family_list_is_ordered_by_name(consultant, home):
    for name in ("Familien Ørum", "Familien Andersen", "Familien Madsen"):
        FamilyFactory(municipality=home, name=name)
    assert list(
        selectors.family_list(user=consultant, today=TODAY).values_list("name", flat=True)
    ) == ["Familien Andersen", "Familien Madsen", "Familien Ørum"]


# --- family_filter ----------------------------------------------------------------------------
@pytest.fixture
def searchable(home):
    """Families whose name, address and phone numbers are all chosen, so that no
    random factory value can match a search."""
    rows = [
        ("Familien Jensen", "Vestergade 12", "8000", "Aarhus C", "20 30 40 50", ""),
        ("Familien Hansen", "Nørregade 3", "8200", "Aarhus N", "31415926", "40 50 60 70"),
        ("Familien Møller", "Jensensvej 7", "8210", "Aarhus V", "+45 61 72 83 94", ""),
        ("Familien Berg", "Skovvej 1", "8260", "Viby J", "55 66 77 88", ""),
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


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        pytest.param("Jensen", {"Familien Jensen", "Familien Møller"}, id="name-or-street"),
        pytest.param("familien hansen", {"Familien Hansen"}, id="name-case-insensitive"),
        pytest.param("vestergade", {"Familien Jensen"}, id="street"),
        pytest.param("Vestergade 12", {"Familien Jensen"}, id="street-with-number"),
        pytest.param("Viby", {"Familien Berg"}, id="city"),
        pytest.param("20304050", {"Familien Jensen"}, id="spaced-phone-by-digits"),
        pytest.param("20 30 40 50", {"Familien Jensen"}, id="spaced-phone-as-stored"),
        pytest.param("2030", {"Familien Jensen"}, id="spaced-phone-prefix"),
        pytest.param("31415926", {"Familien Hansen"}, id="plain-phone"),
        pytest.param("31 41 59 26", {"Familien Hansen"}, id="plain-phone-typed-spaced"),
        pytest.param("40506070", {"Familien Hansen"}, id="secondary-phone"),
        pytest.param("61728394", {"Familien Møller"}, id="phone-with-country-code"),
        pytest.param("8000", {"Familien Jensen"}, id="postal-code"),
        pytest.param("Olsen", set(), id="no-match"),
        pytest.param("99999999", set(), id="unknown-number"),
    ],
)
def test_family_filter_search(consultant, searchable, q, expected):
    queryset = selectors.family_filter(
        selectors.family_list(user=consultant, today=TODAY), q=q, today=TODAY
    )
    assert names(queryset) == expected


def test_family_filter_finds_a_phone_written_in_groups_of_four(consultant, home):
    FamilyFactory(municipality=home, name="Familien Kjær", phone="2030 4050")
    queryset = selectors.family_filter(
        selectors.family_list(user=consultant, today=TODAY), q="20304050", today=TODAY
    )
    assert names(queryset) == {"Familien Kjær"}


@pytest.fixture
def by_approval(home):
    """One family per approval situation, named after it."""
    approve(FamilyFactory(municipality=home, name="Almen"))
    approve(FamilyFactory(municipality=home, name="Netværk"), "netvaerk", capacity_full_time=1)
    approve(
        FamilyFactory(municipality=home, name="Forstærket suspenderet"),
        "forstaerket",
        status="suspended",
    )
    approve(
        FamilyFactory(municipality=home, name="Udløbet"),
        status="expired",
        valid_to=date(2025, 1, 31),
    )
    approve(
        FamilyFactory(municipality=home, name="Ophørt netværk"), "netvaerk", status="terminated"
    )
    approve(
        FamilyFactory(municipality=home, name="Almen udløbet i går"), valid_to=date(2025, 6, 14)
    )
    FamilyFactory(municipality=home, name="Ingen godkendelse")


@pytest.mark.parametrize(
    ("approval_type", "status", "expected"),
    [
        pytest.param(
            "",
            "",
            {
                "Almen",
                "Netværk",
                "Forstærket suspenderet",
                "Udløbet",
                "Ophørt netværk",
                "Almen udløbet i går",
                "Ingen godkendelse",
            },
            id="no-filter",
        ),
        pytest.param("almen", "", {"Almen"}, id="type-means-current-of-type"),
        pytest.param("netvaerk", "", {"Netværk"}, id="network-current"),
        pytest.param("forstaerket", "", {"Forstærket suspenderet"}, id="suspended-is-current"),
        pytest.param("specialiseret", "", set(), id="type-nobody-has"),
        pytest.param(
            "",
            "approved",
            {"Almen", "Netværk", "Almen udløbet i går"},
            id="status-approved-any-period",
        ),
        pytest.param("", "suspended", {"Forstærket suspenderet"}, id="status-suspended"),
        pytest.param("", "expired", {"Udløbet"}, id="status-expired"),
        pytest.param("", "terminated", {"Ophørt netværk"}, id="status-terminated"),
        pytest.param("almen", "expired", {"Udløbet"}, id="type-and-status"),
        pytest.param("netvaerk", "terminated", {"Ophørt netværk"}, id="network-terminated"),
        pytest.param("almen", "suspended", set(), id="type-and-status-no-match"),
    ],
)
def test_family_filter_approval_type_and_status(
    consultant, by_approval, approval_type, status, expected
):
    queryset = selectors.family_filter(
        selectors.family_list(user=consultant, today=TODAY),
        approval_type=approval_type,
        status=status,
        today=TODAY,
    )
    assert names(queryset) == expected


@pytest.mark.parametrize(
    ("free_places", "expected"),
    [
        pytest.param(
            None,
            {
                "Almen",
                "Netværk",
                "Forstærket suspenderet",
                "Udløbet",
                "Ophørt netværk",
                "Almen udløbet i går",
                "Ingen godkendelse",
            },
            id="any",
        ),
        pytest.param(True, {"Almen", "Netværk"}, id="has-places"),
        pytest.param(
            False,
            {
                "Forstærket suspenderet",
                "Udløbet",
                "Ophørt netværk",
                "Almen udløbet i går",
                "Ingen godkendelse",
            },
            id="no-places",
        ),
    ],
)
def test_family_filter_free_places(consultant, by_approval, free_places, expected):
    queryset = selectors.family_filter(
        selectors.family_list(user=consultant, today=TODAY), free_places=free_places, today=TODAY
    )
    assert names(queryset) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("karen", {"Karens første", "Karens anden"}),
        ("ole", {"Oles"}),
        ("nobody", set()),
        (None, {"Karens første", "Karens anden", "Oles", "Uden konsulent", "Tidligere Karens"}),
    ],
)
def test_family_filter_consultant(caseworker, home, who, expected):
    karen, ole, nobody = consultant_of(home), consultant_of(home), consultant_of(home)
    FamilyFactory(municipality=home, name="Karens første", consultant=karen)
    FamilyFactory(municipality=home, name="Karens anden", consultant=karen)
    FamilyFactory(municipality=home, name="Oles", consultant=ole)
    FamilyFactory(municipality=home, name="Uden konsulent", consultant=False)
    formerly = FamilyFactory(municipality=home, name="Tidligere Karens", consultant=karen)
    services.family_consultant_change(
        actor=caseworker,
        family=formerly,
        consultant=ole,
        starts_on=date(2025, 1, 1),
        reason="Omfordeling",
    )
    if who == "ole":
        expected = expected | {"Tidligere Karens"}
    consultant_id = {"karen": karen, "ole": ole, "nobody": nobody}[who].pk if who else None

    queryset = selectors.family_filter(
        selectors.family_list(user=caseworker, today=TODAY),
        consultant_id=consultant_id,
        today=TODAY,
    )
    assert names(queryset) == expected


@pytest.mark.parametrize(
    ("district", "expected"),
    [
        ("Viby", {"Viby 1", "Viby 2"}),
        ("Midtbyen", {"Midtbyen"}),
        ("viby", set()),
        ("Vib", set()),
        ("", {"Viby 1", "Viby 2", "Midtbyen", "Uden bydel"}),
    ],
)
def test_family_filter_district_is_exact(consultant, home, district, expected):
    FamilyFactory(municipality=home, name="Viby 1", district="Viby")
    FamilyFactory(municipality=home, name="Viby 2", district="Viby")
    FamilyFactory(municipality=home, name="Midtbyen", district="Midtbyen")
    FamilyFactory(municipality=home, name="Uden bydel", district="")
    queryset = selectors.family_filter(
        selectors.family_list(user=consultant, today=TODAY), district=district, today=TODAY
    )
    assert names(queryset) == expected


def test_family_filter_combines_filters(consultant, home):
    karen = consultant_of(home)
    approve(FamilyFactory(municipality=home, name="Match", district="Viby", consultant=karen))
    approve(
        FamilyFactory(municipality=home, name="Anden bydel", district="Tranbjerg", consultant=karen)
    )
    approve(FamilyFactory(municipality=home, name="Anden konsulent", district="Viby"))
    FamilyFactory(municipality=home, name="Ingen pladser", district="Viby", consultant=karen)
    queryset = selectors.family_filter(
        selectors.family_list(user=consultant, today=TODAY),
        approval_type="almen",
        consultant_id=karen.pk,
        free_places=True,
        district="Viby",
        today=TODAY,
    )
    assert names(queryset) == {"Match"}


# --- municipality scoping -------------------------------------------------------------------
@pytest.fixture
def two_municipalities(home, other_municipality):
    ours = FamilyFactory(
        municipality=home, name="Familien Aarhus", phone="11111111", district="Viby"
    )
    theirs = FamilyFactory(
        municipality=other_municipality,
        name="Familien Odense",
        phone="11111111",
        district="Vollsmose",
    )
    approve(ours)
    approve(theirs)
    return ours, theirs


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"q": "Familien"},
        {"q": "11111111"},
        {"approval_type": "almen"},
        {"status": "approved"},
        {"free_places": True},
        {"district": "Vollsmose"},
    ],
)
def test_another_municipalitys_families_never_appear(consultant, two_municipalities, filters):
    _ours, theirs = two_municipalities
    queryset = selectors.family_filter(
        selectors.family_list(user=consultant, today=TODAY), today=TODAY, **filters
    )
    assert theirs not in queryset
    assert theirs not in selectors.family_scope(user=consultant)


def test_each_municipality_sees_only_its_own(consultant, outsider, two_municipalities):
    ours, theirs = two_municipalities
    assert list(selectors.family_list(user=consultant, today=TODAY)) == [ours]
    assert list(selectors.family_list(user=outsider, today=TODAY)) == [theirs]
    assert selectors.family_districts(user=consultant) == ["Viby"]
    assert selectors.family_districts(user=outsider) == ["Vollsmose"]


def test_another_municipalitys_consultant_id_finds_nothing(consultant, two_municipalities):
    _ours, theirs = two_municipalities
    their_consultant = theirs.consultant_assignments.get().consultant_id
    queryset = selectors.family_filter(
        selectors.family_list(user=consultant, today=TODAY),
        consultant_id=their_consultant,
        today=TODAY,
    )
    assert not queryset.exists()


@pytest.mark.parametrize(
    "selector",
    [
        selectors.family_get,
        selectors.family_detail,
        selectors.family_basic,
    ],
)
def test_family_of_another_municipality_is_404(outsider, consultant, two_municipalities, selector):
    ours, theirs = two_municipalities
    assert selector(user=consultant, public_id=ours.public_id) == ours
    with pytest.raises(Http404):
        selector(user=outsider, public_id=ours.public_id)
    with pytest.raises(Http404):
        selector(user=consultant, public_id=theirs.public_id)


def test_family_get_of_unknown_id_is_404(consultant):
    import uuid

    with pytest.raises(Http404):
        selectors.family_get(user=consultant, public_id=uuid.uuid4())


def test_family_basic_carries_the_current_consultant(consultant, home):
    family = FamilyFactory(municipality=home, consultant=consultant)
    basic = selectors.family_basic(user=consultant, public_id=family.public_id)
    assert basic.current_consultant.consultant == consultant
    assert basic.consultant_name == consultant.full_name


# --- my_families ---------------------------------------------------------------------------------
def test_my_families_lists_own_current_families_expiring_first(caseworker, home):
    me, colleague = consultant_of(home), consultant_of(home)

    def mine(name, **approval):
        family = FamilyFactory(municipality=home, name=name, consultant=me)
        if approval:
            approve(family, **approval)
        return family

    mine("A uden godkendelse")
    mine("B udløber om 91 dage", valid_to=TODAY + timedelta(days=91))
    mine("C udløber om 90 dage", valid_to=TODAY + timedelta(days=90))
    mine("D udløber om 30 dage", valid_to=TODAY + timedelta(days=30))
    mine("E løber uden slut")
    mine("F suspenderet, udløber snart", status="suspended", valid_to=TODAY + timedelta(days=10))
    mine("G udløbet", status="expired", valid_to=TODAY - timedelta(days=1))
    mine("H udløber i dag", valid_to=TODAY)
    inactive = mine("Z inaktiv", valid_to=TODAY + timedelta(days=5))
    inactive.is_active = False
    inactive.save()
    FamilyFactory(municipality=home, name="Kollegaens", consultant=colleague)
    handed_over = mine("Overdraget", valid_to=TODAY + timedelta(days=3))
    services.family_consultant_change(
        actor=caseworker,
        family=handed_over,
        consultant=colleague,
        starts_on=date(2025, 5, 1),
        reason="Omfordeling",
    )

    rows = list(selectors.family_list_mine(user=me, today=TODAY))

    assert [f.name for f in rows] == [
        "H udløber i dag",
        "F suspenderet, udløber snart",
        "D udløber om 30 dage",
        "C udløber om 90 dage",
        "B udløber om 91 dage",
        "A uden godkendelse",
        "E løber uden slut",
        "G udløbet",
    ]
    assert [f.expiring for f in rows] == [True] * 4 + [False] * 4
    assert [f.name for f in selectors.family_list_mine(user=colleague, today=TODAY)] == [
        "Overdraget",
        "Kollegaens",
    ]


def test_my_families_is_empty_for_a_user_without_families(consultant, home):
    FamilyFactory(municipality=home)
    assert not selectors.family_list_mine(user=consultant, today=TODAY).exists()


def test_my_families_respects_a_consultant_change_that_has_not_started(caseworker, home):
    now, later = consultant_of(home), consultant_of(home)
    family = FamilyFactory(municipality=home, name="Familien Skov", consultant=now)
    services.family_consultant_change(
        actor=caseworker,
        family=family,
        consultant=later,
        starts_on=TODAY + timedelta(days=30),
        reason="Konsulenten skifter team næste måned",
    )
    assert [f.name for f in selectors.family_list_mine(user=now, today=TODAY)] == ["Familien Skov"]
    assert not selectors.family_list_mine(user=later, today=TODAY).exists()


# --- figures for managers -------------------------------------------------------------------
PERIOD = {"since": date(2025, 1, 1), "until": TODAY}


def _counts_world(home, other_municipality):
    a = FamilyFactory(municipality=home, name="A")
    approve(a, capacity_full_time=2)
    b = FamilyFactory(municipality=home, name="B")
    approve(b, "forstaerket", status="suspended", capacity_full_time=3)
    c = FamilyFactory(municipality=home, name="C")
    approve(c, "netvaerk", capacity_full_time=1)
    NetworkAssessment.objects.create(
        family=c,
        child=ChildFactory(municipality=home),
        relation_to_child="Morbror",
        relation_rating=Rating.ADEQUATE,
        started_on=date(2025, 5, 1),
    )
    d = FamilyFactory(municipality=home, name="D")
    approve(d, status="expired", valid_to=date(2025, 1, 31))
    NetworkAssessment.objects.create(
        family=d,
        child=ChildFactory(municipality=home),
        relation_to_child="Nabo",
        relation_rating=Rating.CONCERN,
        started_on=date(2025, 2, 1),
        outcome="rejected",
        outcome_reason="Ingen relation",
        decided_on=date(2025, 3, 1),
    )
    FamilyFactory(municipality=home, name="E")
    g = FamilyFactory(municipality=other_municipality, name="G Odense")
    approve(g, capacity_full_time=7)
    approve(g, "netvaerk", capacity_full_time=1)
    h = FamilyFactory(municipality=home, name="H starter senere")
    approve(h, valid_from=date(2025, 7, 1), capacity_full_time=4)


def test_families_by_approval_type(manager, home, other_municipality):
    _counts_world(home, other_municipality)
    figures = selectors.family_approval_figures(user=manager, **PERIOD)
    assert (figures["approved"], figures["general"], figures["specific"]) == (3, 2, 1)
    assert figures["by_type"] == {
        "almen": 1, "forstaerket": 1, "specialiseret": 0, "netvaerk": 1, "konkret": 0,
        "kommunal": 0,
    }  # fmt: skip
    assert figures["pending_assessments"] == 1
    rows = selectors.family_list(user=manager, today=TODAY)
    for approval_type, expected in (
        (selectors.ANY_CURRENT, {"A", "B", "C"}),
        (selectors.GENERAL, {"A", "B"}),
        (selectors.SPECIFIC, {"C"}),
        ("netvaerk", {"C"}),
    ):
        listed = selectors.family_filter(rows, approval_type=approval_type, today=TODAY)
        assert names(listed) == expected, approval_type


def test_a_family_with_a_general_and_a_network_approval_counts_as_general(outsider, home):
    family = FamilyFactory(municipality=outsider.municipality)
    approve(family)
    approve(family, "netvaerk", capacity_full_time=1)
    figures = selectors.family_approval_figures(user=outsider, **PERIOD)
    assert (figures["approved"], figures["general"], figures["specific"]) == (1, 1, 0)
    assert (figures["by_type"]["almen"], figures["by_type"]["netvaerk"]) == (1, 1)


def test_families_by_approval_type_without_families(manager):
    figures = selectors.family_approval_figures(user=manager, **PERIOD)
    assert (figures["approved"], figures["general"], figures["specific"]) == (0, 0, 0)
    assert not any(figures["by_type"].values())


@pytest.mark.parametrize(
    ("until", "approved"),
    [
        pytest.param(date(2025, 1, 31), 0, id="before-start"),
        pytest.param(date(2025, 2, 1), 1, id="first-day"),
        pytest.param(date(2025, 12, 31), 1, id="last-day"),
        pytest.param(date(2026, 1, 1), 0, id="after-end"),
    ],
)
def test_approvals_are_taken_on_the_periods_last_day(manager, home, until, approved):
    approve(
        FamilyFactory(municipality=home), valid_from=date(2025, 2, 1), valid_to=date(2025, 12, 31)
    )
    figures = selectors.family_approval_figures(user=manager, since=date(2024, 1, 1), until=until)
    assert figures["approved"] == approved


def _place(family, kind="doegnpleje", start=date(2025, 3, 1), end=None):
    return PlacementFactory(
        child=ChildFactory(municipality=family.municipality), family=family, kind=kind,
        start_date=start, end_date=end, end_reason="moved" if end else "",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("placements", "occupancy"),
    [
        pytest.param([], "idle", id="nobody"),
        pytest.param([("doegnpleje", None)], "full_time", id="full-time"),
        pytest.param([("akut", None)], "full_time", id="emergency"),
        pytest.param([("aflastning", None)], "respite_only", id="respite"),
        pytest.param([("aflastning", None), ("doegnpleje", None)], "full_time", id="both"),
        pytest.param([("doegnpleje", TODAY)], "idle", id="ended-on-the-day"),
    ],
)
def test_occupancy_of_approved_families(manager, home, placements, occupancy):
    family = FamilyFactory(municipality=home)
    approve(family, capacity_respite=1)
    for kind, end in placements:
        _place(family, kind, end=end)
    FamilyFactory(municipality=home)  # not approved: not among them
    figures = selectors.family_occupancy_figures(user=manager, **PERIOD)
    assert figures["approved"] == 1
    assert figures["placed"] == int(occupancy != "idle")
    assert figures["by_occupancy"] == {k: int(k == occupancy) for k in figures["by_occupancy"]}
    rows = selectors.family_list(user=manager, today=TODAY)
    listed = selectors.family_filter(rows, occupancy=occupancy, today=TODAY)
    assert list(listed) == [family]


def test_free_places_by_kind(manager, home):
    full = FamilyFactory(municipality=home)
    approve(full, capacity_full_time=1, capacity_respite=0)
    _place(full)
    roomy = FamilyFactory(municipality=home)
    approve(roomy, capacity_full_time=3, capacity_respite=2)
    _place(roomy)
    _place(roomy, "aflastning")
    suspended = FamilyFactory(municipality=home)
    approve(suspended, status="suspended", capacity_full_time=2)
    figures = selectors.family_free_place_figures(user=manager, **PERIOD)
    assert figures == {
        "full_time": 2, "respite": 1, "families_full_time": 1, "families_respite": 1,
    }  # fmt: skip
    rows = selectors.family_list(user=manager, today=TODAY)
    assert list(selectors.family_filter(rows, free_respite=True, today=TODAY)) == [roomy]


def test_free_places_are_never_below_none_and_need_an_approval(manager, home, other_municipality):
    """Each family's free places are its own: a family over its places, one placed with
    but not approved, and another municipality's do not lend or borrow places; a
    planned placement takes its place now, not on a day before it starts."""
    over = FamilyFactory(municipality=home)
    approve(over, capacity_full_time=1, capacity_respite=0)
    _place(over)
    _place(over)
    _place(FamilyFactory(municipality=home))  # placed with, not approved
    approve(FamilyFactory(municipality=other_municipality), capacity_full_time=4)
    planned = FamilyFactory(municipality=home)
    approve(planned, capacity_full_time=2, capacity_respite=1)
    today = timezone.localdate()
    _place(planned, start=today + timedelta(days=30))
    now = selectors.family_free_place_figures(user=manager, since=date(2025, 1, 1), until=today)
    assert now == {
        "full_time": 1, "respite": 1, "families_full_time": 1, "families_respite": 1,
    }  # fmt: skip
    rows = selectors.family_list(user=manager)
    assert list(selectors.family_filter(rows, free_places=True)) == [planned]
    before = selectors.family_free_place_figures(
        user=manager, since=date(2025, 1, 1), until=today - timedelta(days=1)
    )
    assert (before["full_time"], before["families_full_time"]) == (2, 1)


def test_free_places_on_an_earlier_day(manager, home):
    family = FamilyFactory(municipality=home)
    approve(family, capacity_full_time=1)
    _place(family, start=date(2025, 3, 1), end=date(2025, 5, 1))
    earlier = selectors.family_free_place_figures(
        user=manager, since=date(2025, 1, 1), until=date(2025, 4, 1)
    )
    later = selectors.family_free_place_figures(user=manager, **PERIOD)
    assert (earlier["full_time"], later["full_time"]) == (0, 1)


def test_one_consultants_families(manager, home):
    mine = consultant_of(home)
    approve(FamilyFactory(municipality=home, consultant=mine))
    approve(FamilyFactory(municipality=home))
    figures = selectors.family_approval_figures(user=manager, consultant=mine, **PERIOD)
    assert figures["approved"] == 1


def test_families_per_consultant(manager, home):
    mine = consultant_of(home, full_name="Anna Andersen")
    idle = consultant_of(home, full_name="Bo Bech")
    FamilyFactory(municipality=home, consultant=mine)
    FamilyFactory(municipality=home, consultant=mine)
    FamilyFactory(municipality=home, consultant=mine, is_active=False)
    figures = selectors.family_caseload_figures(user=manager, **PERIOD)
    rows = dict(figures["per_consultant"])
    assert (rows[mine], rows[idle]) == (2, 0)


PER_PERIOD = [
    selectors.family_approval_figures,
    selectors.family_occupancy_figures,
    selectors.family_free_place_figures,
    selectors.family_caseload_figures,
]


@pytest.mark.parametrize(("selector", "narrowed"), narrowings(PER_PERIOD, "consultant"))
def test_two_periods_at_once_count_as_each_alone(manager, home, selector, narrowed):
    """The dashboard asks for a period and the one before in the same queries
    (``fostercare.figures.for_periods``); each must count as if asked alone, the
    consultant's families taken on each period's own last day."""
    mine, other = consultant_of(home), consultant_of(home)
    moved = FamilyFactory(municipality=home, consultant=False)
    ConsultantAssignmentFactory(
        family=moved, consultant=mine, starts_on=date(2024, 1, 1), ends_on=date(2025, 1, 1)
    )
    ConsultantAssignmentFactory(family=moved, consultant=other, starts_on=date(2025, 1, 1))
    approve(moved, capacity_full_time=2, capacity_respite=1)
    _place(moved, start=date(2024, 3, 1), end=date(2025, 2, 1))
    _place(moved, "aflastning", start=date(2025, 3, 1))
    network = FamilyFactory(municipality=home, consultant=mine)
    approve(network, "netvaerk", valid_from=date(2025, 1, 1), capacity_full_time=1)
    _place(network, "aflastning", start=date(2025, 1, 10))
    NetworkAssessment.objects.create(
        family=network, child=ChildFactory(municipality=home), relation_to_child="Moster",
        relation_rating=Rating.ADEQUATE, started_on=date(2024, 6, 1), outcome="approved",
        outcome_reason="God relation", decided_on=date(2025, 2, 1),
    )  # fmt: skip
    ended = FamilyFactory(municipality=home, consultant=other)
    approve(ended, "forstaerket", valid_to=date(2025, 3, 1), capacity_full_time=3)
    periods = [(date(2025, 1, 1), TODAY), (date(2024, 1, 1), date(2024, 12, 31))]
    for consultant in (mine, other) if narrowed else (None,):
        scope = {"consultant": consultant} if narrowed else {}
        alone = [selector(user=manager, since=s, until=u, **scope) for s, u in periods]
        assert selector.for_periods(user=manager, periods=periods, **scope) == alone
        assert alone[0] != alone[1]  # the periods count differently


# --- a fixed number of queries ------------------------------------------------------------------
def _families_with_everything(home, n: int) -> None:
    for i in range(n):
        family = FamilyFactory(municipality=home, district=f"Bydel {i % 3}")
        approve(family, valid_to=date(2026, 1, 1))
        approve(family, "netvaerk", capacity_full_time=1)
        ConsultantAssignmentFactory(
            family=family,
            consultant=consultant_of(home),
            starts_on=date(2023, 1, 1),
            ends_on=date(2023, 12, 31),
        )


def _evaluate_list(user) -> list:
    queryset = selectors.family_filter(
        selectors.family_list(user=user, today=TODAY), q="Familien", today=TODAY
    )
    return [
        (f.name, f.consultant_name, f.general_type, f.places_full_time, f.next_expiry)
        for f in queryset
    ]


@pytest.mark.parametrize("n", [3, 30])
def test_family_list_is_one_query(consultant, home, n, django_assert_num_queries):
    _families_with_everything(home, n)
    with django_assert_num_queries(1):
        rows = _evaluate_list(consultant)
    assert len(rows) == n
    assert all(r[1] and r[2] == "almen" and r[3] == 3 for r in rows)


def test_family_list_query_count_does_not_grow(consultant, home):
    _families_with_everything(home, 3)
    with CaptureQueriesContext(connection) as few:
        assert len(_evaluate_list(consultant)) == 3
    _families_with_everything(home, 27)
    with CaptureQueriesContext(connection) as many:
        assert len(_evaluate_list(consultant)) == 30
    assert len(many.captured_queries) == len(few.captured_queries)


def test_my_families_query_count_does_not_grow(home, django_assert_max_num_queries):
    me = consultant_of(home)
    for _ in range(10):
        approve(FamilyFactory(municipality=home, consultant=me), valid_to=TODAY)
    with django_assert_max_num_queries(1):
        assert (
            len([f.consultant_name for f in selectors.family_list_mine(user=me, today=TODAY)]) == 10
        )
