"""families/services/families.py: creating and editing a family, changing its fixed
consultant (the whole history kept), and its members with their CPR numbers masked in
the change log, as DOMAIN.md §2 describes them.

Every rejected call is checked twice (``rejected()`` in support.py): the
ValidationError names the offending field, and the database (every table the
services write, the change log included) is exactly as it was before the call.
"""

from datetime import date, datetime

import pytest
import time_machine

from families import services
from families.models import ConsultantAssignment, Family, FamilyMember
from fostercare.accounts.models import Role
from fostercare.audit.models import ChangeLog
from tests.factories import FamilyFactory, FamilyMemberFactory, UserFactory, consultant_of
from tests.families.services.support import ALL, CPH, db_state, logs, rejected

pytestmark = pytest.mark.django_db


FAMILY_DATA = {
    "name": "Familien Jensen",
    "street": "Vestergade 12",
    "postal_code": "8000",
    "city": "Aarhus C",
    "district": "Midtbyen",
    "phone": "20 30 40 50",
    "email": "jensen@example.dk",
    "languages": ["dansk", "engelsk"],
}


# --- family_create -----------------------------------------------------------------------
def test_family_create_saves_family_current_consultant_and_audit(actor, consultant, home):
    family = services.family_create(
        actor=actor, consultant=consultant, consultant_from=date(2025, 3, 1), **FAMILY_DATA
    )

    family.refresh_from_db()
    assert family.municipality == home
    assert family.is_active
    for name, value in FAMILY_DATA.items():
        assert getattr(family, name) == value
    assignment = ConsultantAssignment.objects.get(family=family)
    assert (assignment.consultant, assignment.starts_on, assignment.ends_on) == (
        consultant,
        date(2025, 3, 1),
        None,
    )

    family_log = logs(family).get()
    assert (family_log.action, family_log.actor, family_log.municipality) == ("create", actor, home)
    assert family_log.changes["name"] == "Familien Jensen"
    assert family_log.changes["postal_code"] == "8000"
    assignment_log = logs(assignment).get()
    assert assignment_log.action == "create"
    assert assignment_log.actor == actor
    assert assignment_log.changes["consultant"] == consultant.pk
    assert assignment_log.changes["starts_on"] == "2025-03-01"
    assert ChangeLog.objects.count() == 2


def test_family_create_belongs_to_the_actors_municipality(outsider, other_municipality):
    odense_consultant = consultant_of(other_municipality)
    family = services.family_create(
        actor=outsider,
        consultant=odense_consultant,
        consultant_from=date(2025, 1, 1),
        **FAMILY_DATA,
    )
    assert family.municipality == other_municipality
    assert logs(family).get().municipality == other_municipality


@time_machine.travel(datetime(2025, 3, 10, 9, 0, tzinfo=CPH), tick=False)
def test_family_create_consultant_starts_today_by_default(actor, consultant):
    family = services.family_create(actor=actor, consultant=consultant, **FAMILY_DATA)
    assert family.consultant_assignments.get().starts_on == date(2025, 3, 10)


@pytest.mark.parametrize(
    "make_consultant",
    [
        pytest.param(
            lambda home, other: UserFactory(role=Role.CASEWORKER, municipality=home),
            id="caseworker",
        ),
        pytest.param(
            lambda home, other: UserFactory(role=Role.MANAGER, municipality=home), id="manager"
        ),
        pytest.param(
            lambda home, other: UserFactory(role=Role.ON_CALL, municipality=home), id="on-call"
        ),
        pytest.param(
            lambda home, other: UserFactory(role=Role.ADMIN, municipality=home), id="admin"
        ),
        pytest.param(
            lambda home, other: consultant_of(home, is_active=False), id="inactive-consultant"
        ),
        pytest.param(
            lambda home, other: consultant_of(other), id="consultant-of-other-municipality"
        ),
    ],
)
def test_family_create_needs_an_active_consultant_of_the_municipality(
    actor, home, other_municipality, make_consultant
):
    wrong = make_consultant(home, other_municipality)
    with rejected("consultant"):
        services.family_create(actor=actor, consultant=wrong, **FAMILY_DATA)
    assert not Family.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"postal_code": "800"}, ALL, id="postal-code-three-digits"),
        pytest.param({"postal_code": "80a0"}, ALL, id="postal-code-letter"),
        pytest.param({"postal_code": "80000"}, "postal_code", id="postal-code-five-digits"),
        pytest.param({"name": ""}, "name", id="no-name"),
        pytest.param({"street": ""}, "street", id="no-street"),
        pytest.param({"city": ""}, "city", id="no-city"),
        pytest.param({"phone": ""}, "phone", id="no-phone"),
        pytest.param({"email": "not-an-address"}, "email", id="bad-email"),
    ],
)
def test_family_create_rejects_invalid_fields(actor, consultant, change, field):
    with rejected(field):
        services.family_create(actor=actor, consultant=consultant, **(FAMILY_DATA | change))


@pytest.mark.parametrize("extra", [{"municipality_id": 1}, {"is_active": False}, {"colour": "red"}])
def test_family_create_refuses_unknown_fields(actor, consultant, extra):
    before = db_state()
    with pytest.raises(TypeError):
        services.family_create(actor=actor, consultant=consultant, **(FAMILY_DATA | extra))
    assert db_state() == before


# --- family_update -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # Faker's surnames have no digits: this name cannot be the one the factory drew.
        pytest.param({"name": "Familien Nummer 2"}, {"name": "Familien Nummer 2"}, id="name"),
        pytest.param(
            {"phone": "99 88 77 66", "district": "Viby"},
            {"phone": "99 88 77 66", "district": "Viby"},
            id="phone-and-district",
        ),
        pytest.param({"is_active": False}, {"is_active": False}, id="deactivate"),
        pytest.param({"languages": ["arabisk"]}, {"languages": ["arabisk"]}, id="languages"),
    ],
)
def test_family_update_saves_and_logs_old_and_new_values(actor, family, home, change, expected):
    old = {name: getattr(family, name) for name in change}
    services.family_update(actor=actor, family=family, **change)

    family.refresh_from_db()
    for name, value in expected.items():
        assert getattr(family, name) == value
    entry = logs(family, "update").get()
    assert entry.actor == actor
    assert entry.municipality == home
    recorded = {k: v for k, v in entry.changes.items() if k != "updated_at"}
    assert recorded == {name: [old[name], value] for name, value in expected.items()}


def test_family_update_without_changes_writes_no_audit_row(actor, family):
    services.family_update(actor=actor, family=family, name=family.name)
    assert not logs(family, "update").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"postal_code": "12"}, ALL, id="postal-code"),
        pytest.param({"name": ""}, "name", id="no-name"),
        pytest.param({"email": "x@"}, "email", id="bad-email"),
    ],
)
def test_family_update_rejects_invalid_fields(actor, family, change, field):
    with rejected(field):
        services.family_update(actor=actor, family=family, **change)


def test_family_update_refuses_fields_it_does_not_own(actor, family, other_municipality):
    before = db_state()
    with pytest.raises(TypeError):
        services.family_update(actor=actor, family=family, municipality=other_municipality)
    assert db_state() == before


# --- family_consultant_change ------------------------------------------------------------
def test_consultant_change_closes_current_and_opens_new(actor, home):
    first = consultant_of(home)
    family = FamilyFactory(municipality=home, consultant=first)
    current = family.consultant_assignments.get()
    second = consultant_of(home)

    new = services.family_consultant_change(
        actor=actor,
        family=family,
        consultant=second,
        starts_on=date(2025, 5, 1),
        reason="  Konsulenten er gået på barsel.  ",
    )

    current.refresh_from_db()
    assert current.ends_on == date(2025, 5, 1)
    assert (new.consultant, new.starts_on, new.ends_on) == (second, date(2025, 5, 1), None)
    assert new.reason == "Konsulenten er gået på barsel."
    assert ConsultantAssignment.objects.filter(family=family).count() == 2
    assert ConsultantAssignment.objects.get(family=family, ends_on__isnull=True) == new
    closed = logs(current, "update").get()
    assert closed.changes == {"ends_on": [None, "2025-05-01"]}
    assert closed.actor == actor
    opened = logs(new, "create").get()
    assert opened.changes["consultant"] == second.pk
    assert opened.changes["reason"] == "Konsulenten er gået på barsel."


def test_consultant_change_keeps_the_whole_history(actor, home):
    consultants = [consultant_of(home) for _ in range(4)]
    family = FamilyFactory(municipality=home, consultant=consultants[0])
    for month, consultant in enumerate(consultants[1:], start=2):
        services.family_consultant_change(
            actor=actor,
            family=family,
            consultant=consultant,
            starts_on=date(2025, month, 1),
            reason="Omfordeling",
        )

    history = list(
        family.consultant_assignments.order_by("starts_on").values_list(
            "consultant", "starts_on", "ends_on"
        )
    )
    assert history == [
        (consultants[0].pk, date(2024, 1, 1), date(2025, 2, 1)),
        (consultants[1].pk, date(2025, 2, 1), date(2025, 3, 1)),
        (consultants[2].pk, date(2025, 3, 1), date(2025, 4, 1)),
        (consultants[3].pk, date(2025, 4, 1), None),
    ]
    assert family.consultant_assignments.filter(ends_on__isnull=True).count() == 1


def test_consultant_change_on_the_day_the_current_started(actor, home):
    family = FamilyFactory(municipality=home)
    current = family.consultant_assignments.get()
    services.family_consultant_change(
        actor=actor,
        family=family,
        consultant=consultant_of(home),
        starts_on=current.starts_on,
        reason="Fejl ved oprettelsen",
    )
    current.refresh_from_db()
    assert current.ends_on == current.starts_on
    assert family.consultant_assignments.filter(ends_on__isnull=True).count() == 1


@pytest.mark.parametrize("reason", ["Ny", ""], ids=["with-reason", "first-needs-no-reason"])
def test_consultant_change_for_a_family_without_consultant_opens_one(actor, home, reason):
    # The same rule as for a child's caseworker: a reason only when someone is replaced.
    family = FamilyFactory(municipality=home, consultant=False)
    consultant = consultant_of(home)
    new = services.family_consultant_change(
        actor=actor, family=family, consultant=consultant, starts_on=date(2025, 1, 1), reason=reason
    )
    assert family.consultant_assignments.get() == new
    assert not logs(new, "update").exists()
    assert ChangeLog.objects.filter(action="update").count() == 0


@pytest.mark.parametrize(
    ("who", "starts_on", "reason", "field"),
    [
        pytest.param("new", date(2025, 5, 1), "", "reason", id="no-reason"),
        pytest.param("new", date(2025, 5, 1), "   \n", "reason", id="blank-reason"),
        pytest.param("same", date(2025, 5, 1), "Samme", "consultant", id="same-consultant"),
        pytest.param(
            "new", date(2023, 12, 31), "Tidligere", "starts_on", id="before-current-start"
        ),
        pytest.param("caseworker", date(2025, 5, 1), "Rolle", "consultant", id="not-a-consultant"),
        pytest.param("inactive", date(2025, 5, 1), "Stoppet", "consultant", id="inactive"),
        pytest.param(
            "odense", date(2025, 5, 1), "Anden kommune", "consultant", id="other-municipality"
        ),
        # fails only when the new row is saved, after the old one was closed: the
        # closing must be rolled back with it
        pytest.param("new", date(2025, 5, 1), "x" * 301, "reason", id="reason-too-long"),
    ],
)
def test_consultant_change_rejections(
    actor, home, other_municipality, who, starts_on, reason, field
):
    current_consultant = consultant_of(home)
    family = FamilyFactory(municipality=home, consultant=current_consultant)  # from 2024-01-01
    consultant = {
        "new": lambda: consultant_of(home),
        "same": lambda: current_consultant,
        "caseworker": lambda: UserFactory(role=Role.CASEWORKER, municipality=home),
        "inactive": lambda: consultant_of(home, is_active=False),
        "odense": lambda: consultant_of(other_municipality),
    }[who]()

    with rejected(field):
        services.family_consultant_change(
            actor=actor, family=family, consultant=consultant, starts_on=starts_on, reason=reason
        )
    assert family.consultant_assignments.get().consultant == current_consultant


# --- family members ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("010180-1234", "010180-1234"),
        ("0101801234", "010180-1234"),
        (" 010180 1234 ", "010180-1234"),
        ("29 02 00-4123", "290200-4123"),
        ("", ""),
    ],
)
def test_member_add_normalises_cpr_and_logs_it_masked(actor, family, typed, stored):
    member = services.family_member_add(
        actor=actor, family=family, kind="foster_parent", full_name="Hanne Jensen", cpr=typed
    )
    member.refresh_from_db()
    assert member.cpr == stored
    entry = logs(member, "create").get()
    assert entry.changes["cpr"] == (stored[:6] + "-XXXX" if stored else "")
    assert entry.changes["full_name"] == "Hanne Jensen"
    assert entry.municipality_id == family.municipality_id


@pytest.mark.parametrize(
    "cpr",
    [
        pytest.param("320180-1234", id="day-32"),
        pytest.param("011380-1234", id="month-13"),
        pytest.param("290201-4123", id="29-february-2001"),
        pytest.param("000000-0000", id="zeros"),
        pytest.param("12345", id="too-short"),
        pytest.param("010180-12345", id="too-long"),
        pytest.param("ab0180-1234", id="letters"),
    ],
)
def test_member_add_rejects_invalid_cpr_under_the_cpr_key(actor, family, cpr):
    with rejected("cpr"):
        services.family_member_add(
            actor=actor, family=family, kind="foster_parent", full_name="Hanne Jensen", cpr=cpr
        )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        pytest.param(
            {"kind": "own_child", "full_name": "Lille Jensen"}, ALL, id="own-child-no-birth-year"
        ),
        pytest.param(
            {"kind": "own_child", "full_name": "Lille Jensen", "birth_year": None},
            ALL,
            id="own-child-birth-year-none",
        ),
        pytest.param({"kind": "foster_parent", "full_name": ""}, "full_name", id="no-name"),
        pytest.param({"kind": "neighbour", "full_name": "Nabo"}, "kind", id="unknown-kind"),
    ],
)
def test_member_add_rejections(actor, family, fields, field):
    with rejected(field):
        services.family_member_add(actor=actor, family=family, **fields)


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(
            {"kind": "own_child", "full_name": "Lille Jensen", "birth_year": 2015},
            id="own-child-with-birth-year",
        ),
        pytest.param(
            {"kind": "other_adult", "full_name": "Bedstemor"}, id="other-adult-no-birth-year"
        ),
        pytest.param(
            {"kind": "foster_parent", "full_name": "Ole", "occupation": "Lærer"}, id="foster-parent"
        ),
    ],
)
def test_member_add_accepts(actor, family, fields):
    member = services.family_member_add(actor=actor, family=family, **fields)
    assert FamilyMember.objects.get(pk=member.pk).full_name == fields["full_name"]
    assert logs(member, "create").exists()


def test_member_add_refuses_unknown_fields(actor, family):
    before = db_state()
    with pytest.raises(TypeError):
        services.family_member_add(
            actor=actor, family=family, kind="foster_parent", full_name="X", family_id=1
        )
    assert db_state() == before


def test_member_update_normalises_cpr_and_logs_masked_diff(actor, family):
    member = FamilyMemberFactory(family=family, cpr="010180-1234")
    services.family_member_update(actor=actor, member=member, cpr="0202821235", occupation="Smed")
    member.refresh_from_db()
    assert member.cpr == "020282-1235"
    entry = logs(member, "update").get()
    assert entry.changes == {
        "cpr": ["010180-XXXX", "020282-XXXX"],
        "occupation": ["", "Smed"],
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"cpr": "310480-1234"}, "cpr", id="31-april"),
        pytest.param({"cpr": "0101"}, "cpr", id="short-cpr"),
        pytest.param({"kind": "own_child"}, ALL, id="becomes-own-child-without-birth-year"),
        pytest.param({"full_name": ""}, "full_name", id="no-name"),
    ],
)
def test_member_update_rejections(actor, family, change, field):
    member = FamilyMemberFactory(family=family, cpr="010180-1234", birth_year=None)
    with rejected(field):
        services.family_member_update(actor=actor, member=member, **change)


def test_member_remove_deletes_and_logs_masked_snapshot(actor, family):
    member = FamilyMemberFactory(family=family, cpr="010180-1234", full_name="Hanne Jensen")
    pk = member.pk
    services.family_member_remove(actor=actor, member=member)
    assert not FamilyMember.objects.filter(pk=pk).exists()
    entry = ChangeLog.objects.get(action="delete", object_pk=str(pk))
    assert entry.changes["cpr"] == "010180-XXXX"
    assert entry.changes["full_name"] == "Hanne Jensen"
    assert entry.municipality_id == family.municipality_id
