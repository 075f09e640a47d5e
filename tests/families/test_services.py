"""The foster-family register's write services (families/services.py) and the
database constraints behind them (families/models.py), as DOMAIN.md §2 describes them.

Every rejected call is checked twice: the ValidationError names the offending field,
and the database (every table the services write, the change log included) is
exactly as it was before the call.
"""

from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import factory
import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import UniqueConstraint

from families import services
from families.models import (
    Approval,
    ApprovalStatus,
    AssessmentCondition,
    AssessmentCriterion,
    ConsultantAssignment,
    Family,
    FamilyMember,
    FeeAgreement,
    FeeRenegotiation,
    NetworkAssessment,
    Rating,
)
from families.services import ConditionInput, CriterionInput
from fostercare.accounts.models import Role
from fostercare.audit.models import ChangeLog
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    ConsultantAssignmentFactory,
    FamilyFactory,
    FamilyMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
ALL = NON_FIELD_ERRORS  # the key of a model constraint's message
PLAIN = None  # a ValidationError that is a plain message, not a dict

TRACKED = (
    Family,
    FamilyMember,
    ConsultantAssignment,
    Approval,
    NetworkAssessment,
    NetworkAssessment.assessors.through,
    AssessmentCriterion,
    AssessmentCondition,
    FeeAgreement,
    FeeRenegotiation,
    ChangeLog,
)


# --- local factories -------------------------------------------------------------------
class NetworkAssessmentFactory(factory.django.DjangoModelFactory):
    """A pending assessment of a family (of the default municipality) for a child."""

    class Meta:
        model = NetworkAssessment
        skip_postgeneration_save = True

    family = factory.SubFactory(FamilyFactory)
    child = factory.LazyAttribute(lambda a: ChildFactory(municipality=a.family.municipality))
    relation_to_child = "Mormor og morfar; barnet har boet hos dem i ferier."
    relation_rating = Rating.STRONG
    started_on = date(2025, 3, 1)

    @factory.post_generation
    def assessors(self, create, extracted, **kwargs):
        if create:
            self.assessors.set(
                extracted
                or [UserFactory(role=Role.CONSULTANT, municipality=self.family.municipality)]
            )


class FeeAgreementFactory(factory.django.DjangoModelFactory):
    """An open fee agreement of a generally approved family."""

    class Meta:
        model = FeeAgreement

    family = factory.LazyFunction(lambda: ApprovalFactory().family)
    level = "4 vederlag"
    monthly_amount = Decimal("20000.00")
    valid_from = date(2025, 1, 1)
    valid_to = None


# --- helpers ---------------------------------------------------------------------------
def db_state() -> dict:
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in TRACKED}


@contextmanager
def rejected(field: str | None):
    """The block raises ValidationError keyed by ``field`` (a plain message when
    ``field`` is PLAIN), and nothing at all was written."""
    before = db_state()
    with pytest.raises(ValidationError) as info:
        yield info
    if field is PLAIN:
        assert not hasattr(info.value, "error_dict"), info.value
    else:
        assert field in info.value.message_dict, info.value.message_dict
    assert db_state() == before


def logs(instance, action: str | None = None):
    entries = ChangeLog.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)), object_pk=str(instance.pk)
    )
    return entries.filter(action=action) if action else entries


def consultant_of(municipality, **kwargs):
    return UserFactory(role=Role.CONSULTANT, municipality=municipality, **kwargs)


@pytest.fixture
def actor(caseworker):
    return caseworker


@pytest.fixture
def family(home):
    """A family of Aarhus with a current consultant and no approvals."""
    return FamilyFactory(municipality=home)


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


# --- approvals -----------------------------------------------------------------------------
CHILD = "<child of the municipality>"
FOREIGN_CHILD = "<child of another municipality>"

GRANTED = {
    "decision_date": date(2025, 1, 10),
    "valid_from": date(2025, 2, 1),
    "status": "approved",
}
GENERAL = {"type": "almen", "approving_body": "socialtilsyn", "capacity_full_time": 2} | GRANTED
NETWORK = {
    "type": "netvaerk",
    "approving_body": "municipality",
    "capacity_full_time": 1,
    "child": CHILD,
} | GRANTED
SPECIFIC = NETWORK | {"type": "konkret", "decision_date": date(2018, 5, 1)}
MUNICIPAL = {"type": "kommunal", "approving_body": "municipality", "capacity_full_time": 1} | (
    GRANTED | {"decision_date": date(2018, 5, 1), "valid_from": date(2018, 6, 1)}
)


@pytest.fixture
def world(home, other_municipality):
    return SimpleNamespace(
        child=ChildFactory(municipality=home),
        foreign_child=ChildFactory(municipality=other_municipality),
    )


def resolve(fields: dict, world) -> dict:
    markers = {CHILD: world.child, FOREIGN_CHILD: world.foreign_child}
    return {
        name: markers.get(value, value) if isinstance(value, str) else value
        for name, value in fields.items()
    }


@pytest.mark.parametrize(
    ("fields", "approving_municipality"),
    [
        pytest.param(GENERAL, None, id="almen"),
        pytest.param(GENERAL | {"type": "forstaerket"}, None, id="forstaerket"),
        pytest.param(
            GENERAL | {"type": "specialiseret", "valid_to": date(2027, 1, 31)},
            None,
            id="specialiseret-with-end",
        ),
        pytest.param(NETWORK, "home", id="network-gets-approving-municipality"),
        pytest.param(
            SPECIFIC | {"decision_date": date(2019, 6, 30)},
            "home",
            id="konkret-decided-day-before-cutoff",
        ),
        pytest.param(SPECIFIC, "home", id="konkret-2018"),
        pytest.param(
            MUNICIPAL | {"decision_date": date(2019, 6, 30)},
            "home",
            id="kommunal-day-before-cutoff",
        ),
        pytest.param(MUNICIPAL, "home", id="kommunal-2018"),
        pytest.param(
            {"type": "almen", "approving_body": "socialtilsyn"},
            None,
            id="almen-under-assessment-without-dates",
        ),
        pytest.param(
            GENERAL | {"status": "suspended", "status_reason": "Tilsynssag"},
            None,
            id="suspended-with-reason",
        ),
        pytest.param(
            GENERAL | {"status": "terminated", "status_reason": "Ophørt"},
            None,
            id="terminated-with-reason",
        ),
        pytest.param(GENERAL | {"valid_to": date(2025, 2, 1)}, None, id="one-day-period"),
    ],
)
def test_approval_create_accepts(actor, family, home, world, fields, approving_municipality):
    approval = services.approval_create(actor=actor, family=family, **resolve(fields, world))

    approval.refresh_from_db()
    assert approval.family == family
    assert approval.type == fields["type"]
    assert approval.approving_municipality == (home if approving_municipality else None)
    assert approval.child == (world.child if fields.get("child") else None)
    entry = logs(approval, "create").get()
    assert entry.actor == actor
    assert entry.changes["type"] == fields["type"]
    assert entry.municipality == home


def test_approval_create_keeps_a_given_approving_municipality(
    actor, family, world, other_municipality
):
    approval = services.approval_create(
        actor=actor,
        family=family,
        **resolve(NETWORK | {"approving_municipality": other_municipality}, world),
    )
    assert approval.approving_municipality == other_municipality


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        # legacy types were abolished on 1 July 2019
        pytest.param(
            SPECIFIC | {"decision_date": date(2019, 7, 1)}, "type", id="konkret-on-cutoff"
        ),
        pytest.param(SPECIFIC | {"decision_date": date(2024, 3, 1)}, "type", id="konkret-2024"),
        pytest.param(
            MUNICIPAL | {"decision_date": date(2019, 7, 1), "valid_from": date(2019, 7, 1)},
            "type",
            id="kommunal-on-cutoff",
        ),
        pytest.param(
            MUNICIPAL | {"decision_date": date(2020, 1, 1), "valid_from": date(2020, 1, 1)},
            "type",
            id="kommunal-2020",
        ),
        pytest.param(
            SPECIFIC | {"decision_date": None, "valid_from": None, "status": "under_assessment"},
            "type",
            id="konkret-without-decision-date",
        ),
        pytest.param(
            MUNICIPAL | {"decision_date": None, "valid_from": None, "status": "under_assessment"},
            "type",
            id="kommunal-without-decision-date",
        ),
        # a named child for network and specific approvals only
        pytest.param(NETWORK | {"child": None}, "child", id="network-without-child"),
        pytest.param(SPECIFIC | {"child": None}, "child", id="konkret-without-child"),
        pytest.param(GENERAL | {"child": CHILD}, "child", id="almen-with-child"),
        pytest.param(
            GENERAL | {"type": "specialiseret", "child": CHILD},
            "child",
            id="specialiseret-with-child",
        ),
        pytest.param(MUNICIPAL | {"child": CHILD}, "child", id="kommunal-with-child"),
        pytest.param(
            NETWORK | {"child": FOREIGN_CHILD}, "child", id="network-child-of-other-municipality"
        ),
        pytest.param(
            SPECIFIC | {"child": FOREIGN_CHILD}, "child", id="konkret-child-of-other-municipality"
        ),
        # approving bodies
        pytest.param(
            GENERAL | {"approving_body": "municipality"},
            "approving_body",
            id="almen-by-municipality",
        ),
        pytest.param(
            GENERAL | {"type": "forstaerket", "approving_body": "municipality"},
            "approving_body",
            id="forstaerket-by-municipality",
        ),
        pytest.param(
            NETWORK | {"approving_body": "socialtilsyn"},
            "approving_body",
            id="network-by-socialtilsyn",
        ),
        pytest.param(GENERAL | {"approving_body": "kommunen"}, "approving_body", id="unknown-body"),
        # periods and status
        pytest.param(GENERAL | {"valid_to": date(2025, 1, 31)}, ALL, id="ends-before-it-starts"),
        pytest.param(
            GENERAL | {"status": "suspended"}, "status_reason", id="suspended-without-reason"
        ),
        pytest.param(
            GENERAL | {"status": "terminated", "status_reason": "   "},
            "status_reason",
            id="terminated-blank-reason",
        ),
        pytest.param(GENERAL | {"decision_date": None}, ALL, id="approved-without-decision-date"),
        pytest.param(GENERAL | {"valid_from": None}, ALL, id="approved-without-start"),
        pytest.param(GENERAL | {"status": "granted"}, "status", id="unknown-status"),
        pytest.param(GENERAL | {"type": "plejefamilie"}, "type", id="unknown-type"),
    ],
)
def test_approval_create_rejections(actor, family, world, fields, field):
    with rejected(field):
        services.approval_create(actor=actor, family=family, **resolve(fields, world))
    assert not Approval.objects.exists()


@pytest.mark.parametrize(
    ("existing", "new", "accepted"),
    [
        pytest.param({"status": "approved"}, GENERAL, False, id="approved-almen-blocks-almen"),
        pytest.param(
            {"status": "approved"},
            GENERAL | {"type": "specialiseret"},
            False,
            id="approved-almen-blocks-specialiseret",
        ),
        pytest.param(
            {"status": "suspended", "status_reason": "Sag"},
            GENERAL,
            False,
            id="suspended-almen-blocks",
        ),
        pytest.param(
            {"type": "forstaerket", "status": "approved"},
            GENERAL | {"status": "suspended", "status_reason": "x"},
            False,
            id="blocks-new-suspended",
        ),
        pytest.param(
            {"status": "expired", "valid_to": date(2025, 1, 31)},
            GENERAL,
            True,
            id="expired-plus-new-current",
        ),
        pytest.param(
            {"status": "terminated", "status_reason": "Ophørt"},
            GENERAL,
            True,
            id="terminated-plus-new-current",
        ),
        pytest.param(
            {"status": "under_assessment", "decision_date": None, "valid_from": None},
            GENERAL,
            True,
            id="under-assessment-plus-current",
        ),
        pytest.param(
            {"status": "approved"},
            GENERAL | {"status": "under_assessment"},
            True,
            id="current-plus-new-under-assessment",
        ),
        pytest.param({"status": "approved"}, NETWORK, True, id="current-general-plus-network"),
        pytest.param(
            {"status": "approved"},
            GENERAL | {"status": "expired"},
            True,
            id="current-plus-old-expired",
        ),
    ],
)
def test_only_one_current_general_approval_per_family(
    actor, family, world, existing, new, accepted
):
    ApprovalFactory(family=family, **existing)
    if accepted:
        services.approval_create(actor=actor, family=family, **resolve(new, world))
        assert family.approvals.count() == 2
    else:
        with rejected("type"):
            services.approval_create(actor=actor, family=family, **resolve(new, world))
        assert family.approvals.count() == 1


@pytest.mark.parametrize("status", ["approved", "suspended"])
def test_one_current_general_approval_is_also_a_database_constraint(family, status):
    ApprovalFactory(family=family, type="forstaerket")
    second = Approval(
        family=family,
        type="almen",
        approving_body="socialtilsyn",
        decision_date=date(2025, 5, 1),
        valid_from=date(2025, 5, 1),
        status=status,
        status_reason="Sag",
    )
    with pytest.raises(IntegrityError) as info, transaction.atomic():
        second.save()
    assert info.value.__cause__.diag.constraint_name == "family_one_current_general_approval"
    assert family.approvals.count() == 1


def test_two_families_each_hold_a_current_general_approval():
    ApprovalFactory()
    ApprovalFactory()
    assert Approval.objects.filter(status="approved").count() == 2


# --- approval_update -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "change", "expected"),
    [
        pytest.param(
            SPECIFIC,
            {"capacity_full_time": 2},
            {"capacity_full_time": 2},
            id="legacy-konkret-other-field",
        ),
        pytest.param(
            MUNICIPAL,
            {"valid_to": date(2026, 1, 1)},
            {"valid_to": date(2026, 1, 1)},
            id="legacy-kommunal-end-date",
        ),
        pytest.param(
            MUNICIPAL,
            {"decision_date": date(2019, 1, 2)},
            {"decision_date": date(2019, 1, 2)},
            id="legacy-redated-before-cutoff",
        ),
        pytest.param(
            GENERAL,
            {"status": "suspended", "status_reason": "Tilsyn"},
            {"status": "suspended"},
            id="suspend",
        ),
        pytest.param(
            GENERAL, {"type": "forstaerket"}, {"type": "forstaerket"}, id="change-general-type"
        ),
        pytest.param(
            NETWORK,
            {"approving_municipality": None},
            {"approving_municipality_id": "home"},
            id="network-municipality-refilled",
        ),
    ],
)
def test_approval_update_accepts(actor, family, home, world, start, change, expected):
    approval = services.approval_create(actor=actor, family=family, **resolve(start, world))
    updated = services.approval_update(actor=actor, approval=approval, **change)

    updated.refresh_from_db()
    for name, value in expected.items():
        assert getattr(updated, name) == (home.pk if value == "home" else value)
    # A change is logged; an edit that ends where it started (the approving
    # municipality filled in again) changes nothing and logs nothing.
    assert [e.actor for e in logs(approval, "update")] == (
        [] if change == {"approving_municipality": None} else [actor]
    )


def test_approval_update_logs_old_and_new_values(actor, family):
    approval = ApprovalFactory(family=family, capacity_full_time=2)
    services.approval_update(actor=actor, approval=approval, capacity_full_time=3)
    assert logs(approval, "update").get().changes == {"capacity_full_time": [2, 3]}


@pytest.mark.parametrize(
    ("start", "change", "field"),
    [
        pytest.param(
            SPECIFIC, {"decision_date": date(2019, 8, 1)}, "type", id="legacy-redated-after-cutoff"
        ),
        pytest.param(
            MUNICIPAL,
            {"decision_date": None, "status": "under_assessment"},
            "type",
            id="legacy-decision-date-removed",
        ),
        pytest.param(
            GENERAL,
            {"type": "kommunal", "approving_body": "municipality"},
            "type",
            id="general-turned-legacy",
        ),
        pytest.param(
            GENERAL, {"status": "suspended"}, "status_reason", id="suspend-without-reason"
        ),
        pytest.param(GENERAL, {"valid_to": date(2025, 1, 1)}, ALL, id="end-before-start"),
        pytest.param(GENERAL, {"child": CHILD}, "child", id="general-gets-child"),
        pytest.param(NETWORK, {"child": None}, "child", id="network-loses-child"),
        pytest.param(
            NETWORK,
            {"approving_body": "socialtilsyn"},
            "approving_body",
            id="network-by-socialtilsyn",
        ),
    ],
)
def test_approval_update_rejections(actor, family, world, start, change, field):
    approval = services.approval_create(actor=actor, family=family, **resolve(start, world))
    with rejected(field):
        services.approval_update(actor=actor, approval=approval, **resolve(change, world))


def test_approval_update_cannot_revive_a_second_current_general(actor, family):
    ApprovalFactory(family=family)
    old = ApprovalFactory(family=family, status="expired", valid_from=date(2020, 1, 1))
    with rejected("type"):
        services.approval_update(actor=actor, approval=old, status="approved")


# --- approvals_expire_due ------------------------------------------------------------------
TODAY = date(2025, 6, 15)


@pytest.mark.parametrize(
    ("status", "valid_to", "expired"),
    [
        pytest.param("approved", date(2025, 6, 14), True, id="approved-ended-yesterday"),
        pytest.param("suspended", date(2025, 6, 14), True, id="suspended-ended-yesterday"),
        pytest.param("approved", date(2024, 1, 31), True, id="approved-ended-long-ago"),
        pytest.param("approved", date(2025, 6, 15), False, id="ends-today"),
        pytest.param("approved", date(2025, 12, 31), False, id="ends-later"),
        pytest.param("approved", None, False, id="open-ended"),
        pytest.param("terminated", date(2025, 1, 1), False, id="terminated"),
        pytest.param("expired", date(2025, 1, 1), False, id="already-expired"),
        pytest.param("under_assessment", date(2025, 1, 1), False, id="under-assessment"),
    ],
)
def test_approvals_expire_due(family, status, valid_to, expired):
    approval = ApprovalFactory(
        family=family,
        status=status,
        status_reason="Sag" if status in ("suspended", "terminated") else "",
        valid_from=date(2024, 1, 1),
        valid_to=valid_to,
    )
    before = ChangeLog.objects.count()

    count = services.approvals_expire_due(today=TODAY)

    approval.refresh_from_db()
    assert count == (1 if expired else 0)
    assert approval.status == ("expired" if expired else status)
    if expired:
        entry = logs(approval, "update").get()
        assert entry.actor is None
        assert entry.actor_repr == "system"
        assert entry.municipality == family.municipality
        assert entry.changes["status"] == [status, "expired"]
        assert "status_reason" in entry.changes
        assert approval.status_reason
    else:
        assert ChangeLog.objects.count() == before


def test_approvals_expire_due_counts_every_municipality_once(home, other_municipality):
    due = [
        ApprovalFactory(family=FamilyFactory(municipality=home), valid_to=date(2025, 5, 31)),
        ApprovalFactory(family=FamilyFactory(municipality=home), valid_to=date(2025, 6, 1)),
        ApprovalFactory(
            family=FamilyFactory(municipality=other_municipality), valid_to=date(2025, 3, 1)
        ),
    ]
    kept = ApprovalFactory(family=FamilyFactory(municipality=home), valid_to=date(2025, 6, 15))

    assert services.approvals_expire_due(today=TODAY) == 3
    assert services.approvals_expire_due(today=TODAY) == 0
    assert set(Approval.objects.filter(status="expired")) == set(due)
    kept.refresh_from_db()
    assert kept.status == "approved"
    assert ChangeLog.objects.filter(action="update", actor__isnull=True).count() == 3
    assert {e.municipality_id for e in ChangeLog.objects.all()} == {
        home.pk,
        other_municipality.pk,
    }


@time_machine.travel(datetime(2025, 6, 15, 0, 30, tzinfo=CPH), tick=False)
def test_approvals_expire_due_uses_the_local_date_by_default(family):
    yesterday = ApprovalFactory(family=family, valid_to=date(2025, 6, 14))
    other = ApprovalFactory(family=FamilyFactory(), valid_to=date(2025, 6, 15))
    assert services.approvals_expire_due() == 1
    yesterday.refresh_from_db()
    other.refresh_from_db()
    assert (yesterday.status, other.status) == ("expired", "approved")


def test_expired_approval_frees_the_family_for_a_new_general_one(actor, family):
    ApprovalFactory(family=family, valid_to=date(2025, 6, 1))
    services.approvals_expire_due(today=TODAY)
    new = services.approval_create(actor=actor, family=family, **(GENERAL | {"valid_from": TODAY}))
    assert set(family.approvals.values_list("status", flat=True)) == {"expired", "approved"}
    assert new.status == "approved"


# --- network-family assessment -------------------------------------------------------------
ASSESSMENT = {
    "relation_to_child": "Moster; tæt kontakt hver uge.",
    "relation_rating": Rating.STRONG,
    "started_on": date(2025, 3, 1),
}
CRITERIA = [
    CriterionInput("mentalising", Rating.STRONG, "Kan sætte sig i barnets sted."),
    CriterionInput("home", Rating.CONCERN, "Mangler et værelse."),
    CriterionInput("limits", None, ""),
]
CONDITIONS = [
    ConditionInput("Netværksgruppe", date(2025, 9, 1)),
    ConditionInput("Grundkursus, 4 dage", date(2025, 8, 1), date(2025, 4, 1)),
]


@pytest.mark.parametrize("assessor_count", [1, 2])
def test_assessment_start_saves_assessors_criteria_conditions_and_audit(
    actor, family, home, world, assessor_count
):
    assessors = [consultant_of(home) for _ in range(assessor_count)]
    assessment = services.network_assessment_start(
        actor=actor,
        family=family,
        child=world.child,
        assessors=assessors,
        criteria=CRITERIA,
        conditions=CONDITIONS,
        **ASSESSMENT,
    )

    assessment.refresh_from_db()
    assert assessment.outcome == "pending"
    assert (assessment.family, assessment.child) == (family, world.child)
    assert set(assessment.assessors.all()) == set(assessors)
    assert {(c.criterion, c.rating, c.note) for c in assessment.criteria.all()} == {
        ("mentalising", 1, "Kan sætte sig i barnets sted."),
        ("home", 3, "Mangler et værelse."),
        ("limits", None, ""),
    }
    assert [(c.description, c.start_by, c.started_on) for c in assessment.conditions.all()] == [
        ("Grundkursus, 4 dage", date(2025, 8, 1), date(2025, 4, 1)),
        ("Netværksgruppe", date(2025, 9, 1), None),
    ]
    entry = logs(assessment, "create").get()
    assert entry.actor == actor
    assert sorted(entry.changes["assessors"]) == sorted(a.pk for a in assessors)
    assert entry.changes["criteria"]["home"] == [3, "Mangler et værelse."]
    assert entry.changes["conditions"] == [
        ["Netværksgruppe", "2025-09-01"],
        ["Grundkursus, 4 dage", "2025-08-01"],
    ]
    assert not Approval.objects.exists()


@pytest.mark.parametrize(
    ("case", "field"),
    [
        pytest.param("no-assessors", "assessors", id="no-assessors"),
        pytest.param("three-assessors", "assessors", id="three-assessors"),
        pytest.param("foreign-assessor", "assessors", id="assessor-of-other-municipality"),
        pytest.param("foreign-child", "child", id="child-of-other-municipality"),
        pytest.param("unknown-criterion", "criteria", id="unknown-criterion"),
        pytest.param(
            "condition-started-early", "conditions", id="support-started-before-assessment"
        ),
        pytest.param("bad-rating", "relation_rating", id="relation-rating-out-of-range"),
        pytest.param("no-relation", "relation_to_child", id="no-relation-described"),
        pytest.param("no-start", "started_on", id="no-start-date"),
    ],
)
def test_assessment_start_rejections(actor, family, home, other_municipality, world, case, field):
    assessors = [consultant_of(home)]
    child = world.child
    criteria, conditions, fields = list(CRITERIA), list(CONDITIONS), dict(ASSESSMENT)
    if case == "no-assessors":
        assessors = []
    elif case == "three-assessors":
        assessors = [consultant_of(home) for _ in range(3)]
    elif case == "foreign-assessor":
        assessors = [consultant_of(home), consultant_of(other_municipality)]
    elif case == "foreign-child":
        child = world.foreign_child
    elif case == "unknown-criterion":
        criteria.append(CriterionInput("horoscope", Rating.STRONG))
    elif case == "condition-started-early":
        conditions.append(ConditionInput("Supervision", date(2025, 6, 1), date(2025, 2, 28)))
    elif case == "bad-rating":
        fields["relation_rating"] = 7
    elif case == "no-relation":
        fields["relation_to_child"] = ""
    elif case == "no-start":
        fields["started_on"] = None

    with rejected(field):
        services.network_assessment_start(
            actor=actor,
            family=family,
            child=child,
            assessors=assessors,
            criteria=criteria,
            conditions=conditions,
            **fields,
        )


def test_assessment_update_changes_fields_criteria_conditions(actor, home):
    assessment = NetworkAssessmentFactory(family=FamilyFactory(municipality=home))
    AssessmentCriterion.objects.create(assessment=assessment, criterion="home", rating=3)
    AssessmentCondition.objects.create(
        assessment=assessment, description="Gammel betingelse", start_by=date(2025, 5, 1)
    )
    assessors = [consultant_of(home), consultant_of(home)]

    services.network_assessment_update(
        actor=actor,
        assessment=assessment,
        assessors=assessors,
        criteria=[CriterionInput("home", Rating.ADEQUATE, "Værelse ordnet.")],
        conditions=[ConditionInput("Ny betingelse", date(2025, 10, 1))],
        relation_rating=Rating.ADEQUATE,
        alignment_notes="Samvær hver anden weekend.",
    )

    assessment.refresh_from_db()
    assert assessment.relation_rating == Rating.ADEQUATE
    assert assessment.alignment_notes == "Samvær hver anden weekend."
    assert set(assessment.assessors.all()) == set(assessors)
    criterion = assessment.criteria.get()
    assert (criterion.rating, criterion.note) == (2, "Værelse ordnet.")
    assert list(assessment.conditions.values_list("description", flat=True)) == ["Ny betingelse"]
    entry = logs(assessment, "update").get()
    assert entry.changes["relation_rating"] == [1, 2]
    assert entry.changes["criteria"] == [{"home": [3, ""]}, {"home": [2, "Værelse ordnet."]}]


@pytest.mark.parametrize(
    ("assessors", "field"),
    [
        pytest.param(0, "assessors", id="no-assessors"),
        pytest.param(3, "assessors", id="three-assessors"),
    ],
)
def test_assessment_update_checks_assessors(actor, home, assessors, field):
    assessment = NetworkAssessmentFactory(family=FamilyFactory(municipality=home))
    with rejected(field):
        services.network_assessment_update(
            actor=actor,
            assessment=assessment,
            assessors=[consultant_of(home) for _ in range(assessors)],
            relation_rating=Rating.CONCERN,
        )


@pytest.mark.parametrize("outcome", ["approved", "rejected", "withdrawn"])
def test_assessment_update_rejected_after_decision(actor, home, outcome):
    assessment = NetworkAssessmentFactory(family=FamilyFactory(municipality=home))
    services.network_assessment_decide(
        actor=actor,
        assessment=assessment,
        outcome=outcome,
        reason="Begrundelse",
        decided_on=date(2025, 4, 1),
    )
    assessment.refresh_from_db()
    with rejected(PLAIN):
        services.network_assessment_update(
            actor=actor,
            assessment=assessment,
            assessors=[consultant_of(home)],
            relation_rating=Rating.SERIOUS,
        )


def test_assessment_update_with_a_stale_instance_cannot_undo_a_decision(actor, home):
    assessment = NetworkAssessmentFactory(family=FamilyFactory(municipality=home))
    loaded_by_the_edit_form = NetworkAssessment.objects.get(pk=assessment.pk)
    services.network_assessment_decide(
        actor=actor,
        assessment=assessment,
        outcome="approved",
        reason="Stærk relation",
        decided_on=date(2025, 4, 1),
    )
    with pytest.raises(ValidationError):
        services.network_assessment_update(
            actor=actor,
            assessment=loaded_by_the_edit_form,
            assessors=[consultant_of(home)],
            relation_rating=Rating.SERIOUS,
        )
    assessment.refresh_from_db()
    assert assessment.outcome == "approved"
    assert assessment.approval is not None


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "expected_from"),
    [
        pytest.param(None, None, date(2025, 4, 10), id="valid-from-decision"),
        pytest.param(date(2025, 5, 1), date(2026, 4, 30), date(2025, 5, 1), id="explicit-period"),
    ],
)
def test_assessment_decide_approved_grants_network_approval(
    actor, home, valid_from, valid_to, expected_from
):
    assessment = NetworkAssessmentFactory(family=FamilyFactory(municipality=home))

    decided = services.network_assessment_decide(
        actor=actor,
        assessment=assessment,
        outcome="approved",
        reason="  Stærk relation; betingelser aftalt.  ",
        decided_on=date(2025, 4, 10),
        valid_from=valid_from,
        valid_to=valid_to,
    )

    assessment.refresh_from_db()
    assert decided.pk == assessment.pk
    assert assessment.outcome == "approved"
    assert assessment.outcome_reason == "Stærk relation; betingelser aftalt."
    assert assessment.decided_on == date(2025, 4, 10)
    approval = assessment.approval
    assert approval == Approval.objects.get()
    assert (approval.family, approval.child) == (assessment.family, assessment.child)
    assert approval.type == "netvaerk"
    assert approval.status == ApprovalStatus.APPROVED
    assert approval.approving_body == "municipality"
    assert approval.approving_municipality == home
    assert (approval.capacity_full_time, approval.capacity_respite) == (1, 0)
    assert approval.decision_date == date(2025, 4, 10)
    assert (approval.valid_from, approval.valid_to) == (expected_from, valid_to)
    assert logs(approval, "create").get().actor == actor
    update = logs(assessment, "update").get()
    assert update.changes["outcome"] == ["pending", "approved"]
    assert update.changes["approval"] == [None, approval.pk]


@pytest.mark.parametrize("outcome", ["rejected", "withdrawn"])
def test_assessment_decide_without_approval(actor, home, outcome):
    assessment = NetworkAssessmentFactory(family=FamilyFactory(municipality=home))
    services.network_assessment_decide(
        actor=actor,
        assessment=assessment,
        outcome=outcome,
        reason="Familien trak sig",
        decided_on=date(2025, 4, 10),
    )
    assessment.refresh_from_db()
    assert (assessment.outcome, assessment.approval) == (outcome, None)
    assert assessment.outcome_reason == "Familien trak sig"
    assert not Approval.objects.exists()
    assert logs(assessment, "update").get().changes["outcome"] == ["pending", outcome]


@pytest.mark.parametrize(
    ("outcome", "reason", "decided_on", "valid_to", "field"),
    [
        pytest.param(
            "rejected", "", date(2025, 4, 1), None, "reason", id="rejected-without-reason"
        ),
        pytest.param(
            "withdrawn", "  ", date(2025, 4, 1), None, "reason", id="withdrawn-blank-reason"
        ),
        pytest.param(
            "approved", "", date(2025, 4, 1), None, "reason", id="approved-without-reason"
        ),
        pytest.param(
            "pending", "Venter", date(2025, 4, 1), None, "outcome", id="pending-is-no-decision"
        ),
        pytest.param("maybe", "Hm", date(2025, 4, 1), None, "outcome", id="unknown-outcome"),
        pytest.param(
            "approved", "Ok", date(2025, 2, 1), None, ALL, id="approved-before-assessment-started"
        ),
        pytest.param(
            "rejected", "Nej", date(2025, 2, 1), None, ALL, id="rejected-before-assessment-started"
        ),
        pytest.param(
            "approved",
            "Ok",
            date(2025, 4, 1),
            date(2025, 3, 31),
            ALL,
            id="approval-ends-before-start",
        ),
    ],
)
def test_assessment_decide_rejections(actor, home, outcome, reason, decided_on, valid_to, field):
    assessment = NetworkAssessmentFactory(family=FamilyFactory(municipality=home))
    with rejected(field):
        services.network_assessment_decide(
            actor=actor,
            assessment=assessment,
            outcome=outcome,
            reason=reason,
            decided_on=decided_on,
            valid_to=valid_to,
        )
    assessment.refresh_from_db()
    assert (assessment.outcome, assessment.approval) == ("pending", None)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("approved", "approved"),
        ("approved", "rejected"),
        ("rejected", "approved"),
        ("withdrawn", "withdrawn"),
    ],
)
def test_assessment_cannot_be_decided_twice(actor, home, first, second):
    assessment = NetworkAssessmentFactory(family=FamilyFactory(municipality=home))
    services.network_assessment_decide(
        actor=actor,
        assessment=assessment,
        outcome=first,
        reason="Første",
        decided_on=date(2025, 4, 1),
    )
    with rejected(PLAIN):
        services.network_assessment_decide(
            actor=actor,
            assessment=assessment,
            outcome=second,
            reason="Anden",
            decided_on=date(2025, 5, 1),
        )
    assert Approval.objects.count() == (1 if first == "approved" else 0)


# --- fees ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "approval",
    [
        pytest.param({}, id="almen-approved"),
        pytest.param({"type": "forstaerket"}, id="forstaerket"),
        pytest.param({"type": "specialiseret"}, id="specialiseret"),
        pytest.param({"status": "suspended", "status_reason": "Sag"}, id="suspended-is-current"),
    ],
)
def test_fee_agreement_create_for_a_generally_approved_family(actor, family, approval):
    ApprovalFactory(family=family, **approval)
    agreement = services.fee_agreement_create(
        actor=actor,
        family=family,
        level="4 vederlag",
        monthly_amount=Decimal("21450.50"),
        valid_from=date(2025, 2, 1),
        note="Aftalt ved opstart",
    )
    agreement.refresh_from_db()
    assert (agreement.family, agreement.level, agreement.monthly_amount) == (
        family,
        "4 vederlag",
        Decimal("21450.50"),
    )
    assert (agreement.valid_from, agreement.valid_to) == (date(2025, 2, 1), None)
    entry = logs(agreement, "create").get()
    assert entry.changes["monthly_amount"] == "21450.50"
    assert entry.actor == actor


@pytest.mark.parametrize(
    "approvals",
    [
        pytest.param([], id="no-approval"),
        pytest.param(["network"], id="network-family-gets-no-fee"),
        pytest.param([{"status": "expired"}], id="general-expired"),
        pytest.param(
            [{"status": "terminated", "status_reason": "Ophørt"}], id="general-terminated"
        ),
        pytest.param([{"status": "under_assessment"}], id="general-under-assessment"),
        pytest.param(["network", {"status": "expired"}], id="network-plus-expired-general"),
        pytest.param(["kommunal"], id="legacy-municipal"),
    ],
)
def test_fee_agreement_refused_without_current_general_approval(actor, family, approvals):
    for spec in approvals:
        if spec == "network":
            ApprovalFactory(
                family=family,
                type="netvaerk",
                approving_body="municipality",
                child=ChildFactory(municipality=family.municipality),
            )
        elif spec == "kommunal":
            ApprovalFactory(
                family=family,
                type="kommunal",
                approving_body="municipality",
                decision_date=date(2018, 1, 1),
            )
        else:
            ApprovalFactory(family=family, **spec)
    with rejected(PLAIN):
        services.fee_agreement_create(
            actor=actor,
            family=family,
            level="2 vederlag",
            monthly_amount=Decimal("10000"),
            valid_from=date(2025, 2, 1),
        )


@pytest.mark.parametrize(
    ("existing", "fields", "field"),
    [
        pytest.param({}, {}, ALL, id="second-open-agreement"),
        pytest.param(None, {"monthly_amount": Decimal("-1.00")}, ALL, id="negative-amount"),
        pytest.param(None, {"valid_to": date(2025, 1, 31)}, ALL, id="ends-before-start"),
        pytest.param(None, {"level": ""}, "level", id="no-level"),
        pytest.param(
            None, {"monthly_amount": Decimal("1.001")}, "monthly_amount", id="three-decimals"
        ),
    ],
)
def test_fee_agreement_create_rejections(actor, family, existing, fields, field):
    ApprovalFactory(family=family)
    if existing is not None:
        FeeAgreementFactory(family=family, **existing)
    data = {
        "level": "4 vederlag",
        "monthly_amount": Decimal("20000"),
        "valid_from": date(2025, 2, 1),
    } | fields
    with rejected(field):
        services.fee_agreement_create(actor=actor, family=family, **data)


def test_fee_agreement_race_gets_the_constraint_message(actor, family, monkeypatch):
    """If a concurrent request saved an open agreement after full_clean() looked,
    validated_save() turns the IntegrityError into the constraint's message."""
    ApprovalFactory(family=family)
    FeeAgreementFactory(family=family)
    monkeypatch.setattr(FeeAgreement, "validate_constraints", lambda self, **kwargs: None)
    constraint = next(
        c for c in FeeAgreement._meta.constraints if c.name == "family_one_open_fee_agreement"
    )
    with rejected(ALL) as info:
        services.fee_agreement_create(
            actor=actor,
            family=family,
            level="5 vederlag",
            monthly_amount=Decimal("25000"),
            valid_from=date(2025, 6, 1),
        )
    assert isinstance(info.value.__cause__, IntegrityError)
    assert info.value.message_dict[ALL] == [str(constraint.get_violation_error_message())]


def test_fee_agreement_after_a_closed_one(actor, family):
    ApprovalFactory(family=family)
    FeeAgreementFactory(family=family, valid_from=date(2024, 1, 1), valid_to=date(2024, 12, 31))
    services.fee_agreement_create(
        actor=actor,
        family=family,
        level="5 vederlag",
        monthly_amount=Decimal("25000"),
        valid_from=date(2025, 1, 1),
    )
    assert family.fee_agreements.filter(valid_to__isnull=True).count() == 1
    assert family.fee_agreements.count() == 2


@pytest.mark.parametrize(
    ("result", "new_amount", "new_level", "expected_level"),
    [
        pytest.param(
            "raised", Decimal("22000.00"), "5 vederlag", "5 vederlag", id="raised-new-level"
        ),
        pytest.param(
            "raised", Decimal("20000.01"), "", "4 vederlag", id="raised-by-one-oere-same-level"
        ),
        pytest.param("lowered", Decimal("15000.00"), "3 vederlag", "3 vederlag", id="lowered"),
        pytest.param("lowered", Decimal("0.00"), "", "4 vederlag", id="lowered-to-zero"),
    ],
)
def test_renegotiation_changing_fee_closes_old_and_opens_new(
    actor, new_amount, new_level, expected_level, result
):
    agreement = FeeAgreementFactory()  # 20,000 from 2025-01-01
    renegotiation = services.fee_renegotiation_record(
        actor=actor,
        agreement=agreement,
        date=date(2025, 7, 1),
        requested_by="family",
        reason="Barnets behov er øget.",
        result=result,
        new_level=new_level,
        new_amount=new_amount,
    )

    agreement.refresh_from_db()
    assert agreement.valid_to == date(2025, 6, 30)
    assert agreement.monthly_amount == Decimal("20000.00")
    new = renegotiation.new_agreement
    new.refresh_from_db()
    assert (new.family, new.level, new.monthly_amount) == (
        agreement.family,
        expected_level,
        new_amount,
    )
    assert (new.valid_from, new.valid_to) == (date(2025, 7, 1), None)
    assert FeeAgreement.objects.filter(family=agreement.family, valid_to__isnull=True).get() == new
    saved = FeeRenegotiation.objects.get()
    assert (saved.agreement, saved.result, saved.new_agreement) == (agreement, result, new)
    assert logs(agreement, "update").get().changes == {"valid_to": [None, "2025-06-30"]}
    assert logs(new, "create").exists()
    assert logs(saved, "create").get().changes["result"] == result


@pytest.mark.parametrize(
    ("result", "new_amount"),
    [
        ("unchanged", None),
        ("unchanged", Decimal("99999")),
        ("no_agreement", None),
        ("pending", None),
    ],
)
def test_renegotiation_without_new_fee_keeps_the_agreement(actor, result, new_amount):
    agreement = FeeAgreementFactory()
    renegotiation = services.fee_renegotiation_record(
        actor=actor,
        agreement=agreement,
        date=date(2025, 7, 1),
        requested_by="municipality",
        reason="Årlig opfølgning",
        result=result,
        new_amount=new_amount,
    )
    agreement.refresh_from_db()
    assert agreement.valid_to is None
    assert agreement.monthly_amount == Decimal("20000.00")
    assert renegotiation.new_agreement is None
    assert FeeAgreement.objects.count() == 1
    assert FeeRenegotiation.objects.get().result == result
    assert not logs(agreement, "update").exists()
    assert logs(renegotiation, "create").exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        pytest.param(
            {"result": "raised", "new_amount": None}, "new_amount", id="raised-without-amount"
        ),
        pytest.param(
            {"result": "raised", "new_amount": Decimal("20000.00")},
            "new_amount",
            id="raised-to-same",
        ),
        pytest.param(
            {"result": "raised", "new_amount": Decimal("19000")},
            "new_amount",
            id="raised-but-lower",
        ),
        pytest.param(
            {"result": "lowered", "new_amount": None}, "new_amount", id="lowered-without-amount"
        ),
        pytest.param(
            {"result": "lowered", "new_amount": Decimal("20000")},
            "new_amount",
            id="lowered-to-same",
        ),
        pytest.param(
            {"result": "lowered", "new_amount": Decimal("21000")},
            "new_amount",
            id="lowered-but-higher",
        ),
        pytest.param(
            {"result": "lowered", "new_amount": Decimal("-100")}, ALL, id="lowered-below-zero"
        ),
        pytest.param(
            {"result": "raised", "new_amount": Decimal("21000"), "date": date(2025, 1, 1)},
            "date",
            id="new-fee-same-day-as-old",
        ),
        pytest.param(
            {"result": "unchanged", "date": date(2024, 12, 31)}, "date", id="before-the-agreement"
        ),
        pytest.param(
            {"result": "raised", "new_amount": Decimal("21000"), "date": date(2024, 12, 31)},
            "date",
            id="raised-before-the-agreement",
        ),
        pytest.param(
            {"result": "unchanged", "requested_by": "child"}, "requested_by", id="unknown-requester"
        ),
        pytest.param(
            {"result": "raised", "new_amount": Decimal("21000"), "requested_by": "child"},
            "requested_by",
            id="raised-unknown-requester",
        ),
        pytest.param({"result": "unchanged", "reason": ""}, "reason", id="no-reason"),
        pytest.param({"result": "doubled"}, "result", id="unknown-result"),
    ],
)
def test_renegotiation_rejections(actor, fields, field):
    agreement = FeeAgreementFactory()
    data = {
        "date": date(2025, 7, 1),
        "requested_by": "family",
        "reason": "Ønske om højere vederlag",
    } | fields
    with rejected(field):
        services.fee_renegotiation_record(actor=actor, agreement=agreement, **data)
    agreement.refresh_from_db()
    assert agreement.valid_to is None


@pytest.mark.parametrize("result", ["raised", "unchanged"])
def test_renegotiation_of_a_closed_agreement_is_refused(actor, result):
    agreement = FeeAgreementFactory()
    services.fee_renegotiation_record(
        actor=actor,
        agreement=agreement,
        date=date(2025, 7, 1),
        requested_by="family",
        reason="Første",
        result="raised",
        new_amount=Decimal("22000"),
    )
    agreement.refresh_from_db()
    with rejected(PLAIN):
        services.fee_renegotiation_record(
            actor=actor,
            agreement=agreement,
            date=date(2025, 9, 1),
            requested_by="family",
            reason="Anden",
            result=result,
            new_amount=Decimal("30000"),
        )


def test_renegotiation_on_a_stale_instance_uses_the_saved_row(actor):
    agreement = FeeAgreementFactory()
    stale = FeeAgreement.objects.get(pk=agreement.pk)
    services.fee_renegotiation_record(
        actor=actor,
        agreement=agreement,
        date=date(2025, 7, 1),
        requested_by="family",
        reason="Første",
        result="raised",
        new_amount=Decimal("22000"),
    )
    with rejected(PLAIN):
        services.fee_renegotiation_record(
            actor=actor,
            agreement=stale,
            date=date(2025, 9, 1),
            requested_by="family",
            reason="Anden",
            result="raised",
            new_amount=Decimal("30000"),
        )


# --- every database constraint, when the services are bypassed ------------------------------
def _second_open_assignment(w):
    return ConsultantAssignment(
        family=w.family, consultant=consultant_of(w.family.municipality), starts_on=date(2025, 1, 1)
    )


def _approval(w, **fields):
    data = {
        "family": w.family,
        "type": "almen",
        "approving_body": "socialtilsyn",
        "status": "under_assessment",
    } | fields
    return Approval(**data)


CONSTRAINTS = [
    (
        "family_postal_code_four_digits",
        lambda w: Family(
            municipality=w.family.municipality,
            name="F",
            street="S",
            postal_code="12",
            city="C",
            phone="1",
        ),
    ),
    (
        "member_own_child_has_birth_year",
        lambda w: FamilyMember(family=w.family, kind="own_child", full_name="Barn"),
    ),
    (
        "member_cpr_format",
        lambda w: FamilyMember(
            family=w.family, kind="foster_parent", full_name="V", cpr="0101801234"
        ),
    ),
    ("family_one_current_consultant", _second_open_assignment),
    (
        "consultant_assignment_dates_ordered",
        lambda w: ConsultantAssignmentFactory.build(
            family=w.family,
            consultant=w.consultant,
            starts_on=date(2025, 2, 1),
            ends_on=date(2025, 1, 31),
        ),
    ),
    ("approval_child_only_for_child_specific_types", lambda w: _approval(w, child=w.child)),
    (
        "approval_child_only_for_child_specific_types",
        lambda w: _approval(w, type="netvaerk", approving_body="municipality"),
    ),
    (
        "approval_legacy_only_before_2019_07_01",
        lambda w: _approval(
            w, type="kommunal", approving_body="municipality", decision_date=date(2019, 7, 1)
        ),
    ),
    (
        "approval_valid_to_after_from",
        lambda w: _approval(w, valid_from=date(2025, 2, 1), valid_to=date(2025, 1, 31)),
    ),
    (
        "approval_granted_has_dates",
        lambda w: _approval(
            w,
            type="netvaerk",
            approving_body="municipality",
            child=w.child,
            status="approved",
            decision_date=date(2025, 1, 1),
        ),
    ),
    (
        "approval_granted_has_dates",
        lambda w: _approval(
            w,
            type="netvaerk",
            approving_body="municipality",
            child=w.child,
            status="suspended",
            valid_from=date(2025, 1, 1),
        ),
    ),
    (
        "family_one_current_general_approval",
        lambda w: _approval(
            w, status="approved", decision_date=date(2025, 1, 1), valid_from=date(2025, 1, 1)
        ),
    ),
    (
        "assessment_decided_has_date",
        lambda w: NetworkAssessment(
            family=w.family,
            child=w.child,
            relation_to_child="R",
            relation_rating=1,
            started_on=date(2025, 3, 1),
            outcome="rejected",
        ),
    ),
    (
        "assessment_decided_after_started",
        lambda w: NetworkAssessment(
            family=w.family,
            child=w.child,
            relation_to_child="R",
            relation_rating=1,
            started_on=date(2025, 3, 1),
            outcome="rejected",
            decided_on=date(2025, 2, 28),
        ),
    ),
    (
        "assessment_criterion_once",
        lambda w: AssessmentCriterion(assessment=w.assessment, criterion="home"),
    ),
    (
        "fee_amount_not_negative",
        lambda w: FeeAgreement(
            family=FamilyFactory(),
            level="1",
            monthly_amount=Decimal("-0.01"),
            valid_from=date(2025, 1, 1),
        ),
    ),
    (
        "fee_valid_to_after_from",
        lambda w: FeeAgreement(
            family=FamilyFactory(),
            level="1",
            monthly_amount=1,
            valid_from=date(2025, 1, 2),
            valid_to=date(2025, 1, 1),
        ),
    ),
    (
        "family_one_open_fee_agreement",
        lambda w: FeeAgreement(
            family=w.family, level="2", monthly_amount=1, valid_from=date(2025, 6, 1)
        ),
    ),
]


@pytest.fixture
def populated(home):
    """A family with a current consultant, a current general approval, an open fee
    agreement and an assessment with one criterion."""
    family = FamilyFactory(municipality=home)
    ApprovalFactory(family=family)
    FeeAgreementFactory(family=family)
    assessment = NetworkAssessmentFactory(family=family)
    AssessmentCriterion.objects.create(assessment=assessment, criterion="home", rating=2)
    return SimpleNamespace(
        family=family,
        consultant=family.consultant_assignments.get().consultant,
        child=ChildFactory(municipality=home),
        assessment=assessment,
    )


@pytest.mark.parametrize(
    ("name", "build"),
    [pytest.param(name, build, id=f"{name}-{i}") for i, (name, build) in enumerate(CONSTRAINTS)],
)
def test_database_constraint_holds_without_the_services(populated, name, build):
    instance = build(populated)
    before = db_state()
    with pytest.raises(IntegrityError) as info, transaction.atomic():
        instance.save()
    assert info.value.__cause__.diag.constraint_name == name
    assert db_state() == before


@pytest.mark.parametrize(
    ("name", "build"),
    [pytest.param(name, build, id=f"{name}-{i}") for i, (name, build) in enumerate(CONSTRAINTS)],
)
def test_every_constraint_is_also_checked_by_full_clean(populated, name, build):
    """validated_save() relies on full_clean() for the friendly message."""
    instance = build(populated)
    constraint = next(c for c in type(instance)._meta.constraints if c.name == name)
    with pytest.raises(ValidationError) as info:
        instance.full_clean()
    if isinstance(constraint, UniqueConstraint) and constraint.condition is None:
        # Django words unconditional unique constraints on fields as "… already exists"
        expected = instance.unique_error_message(type(instance), constraint.fields).messages[0]
    else:
        expected = str(constraint.get_violation_error_message())
    assert expected in info.value.messages


def test_constraint_table_covers_every_constraint_of_the_app():
    from django.apps import apps

    declared = {
        constraint.name
        for model in apps.get_app_config("families").get_models()
        for constraint in model._meta.constraints
    }
    assert declared == {name for name, _ in CONSTRAINTS}
