"""What each role sees of supervision, and the obligations computed from the records."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from fostercare.accounts.models import Role
from supervision import services
from supervision.models import Enrolment, SupervisionCadence
from supervision.selectors import (
    obligation_list_by_family,
    obligation_list_for_family,
    session_notes_readable,
    session_scope,
)
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    CourseKindFactory,
    CourseRunFactory,
    FamilyFactory,
    FamilyMemberFactory,
    PlacementFactory,
    SupervisionSessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def network_family(home, *, placed_on=date(2025, 3, 1)):
    family = FamilyFactory(municipality=home)
    child = ChildFactory(municipality=home)
    ApprovalFactory(
        family=family,
        type="netvaerk",
        approving_body="municipality",
        decision_date=date(2025, 2, 1),
        valid_from=date(2025, 2, 1),
        capacity_full_time=1,
        capacity_respite=0,
        child=child,
    )
    placement = PlacementFactory(child=child, family=family, start_date=placed_on)
    return family, placement


def codes(family, today):
    return {o.code: o.overdue for o in obligation_list_for_family(family, today)}


def test_network_family_obligations_clear_as_records_arrive(home, consultant):
    family, _placement = network_family(home)
    member = FamilyMemberFactory(family=family)
    today = date(2025, 9, 2)
    assert codes(family, today) == {
        "basic_course_offer": True,
        "intensive_support": True,
        "supervision": True,
    }
    run = CourseRunFactory(course_kind=CourseKindFactory(municipality=home))
    services.enrolment_create(
        actor=consultant, run=run, member=member, status=Enrolment.Status.OFFERED
    )
    assert "basic_course_offer" not in codes(family, today)
    SupervisionSessionFactory(
        municipality=home, families=[family], starts_at=datetime(2025, 8, 30, 10, tzinfo=CPH)
    )
    assert codes(family, today) == {}


def test_exception_replaces_intensive_support_with_the_start_up_course(home, consultant):
    family, placement = network_family(home)
    services.intensive_support_exception_record(
        actor=consultant,
        placement=placement,
        reason="Barnet skal falde til først",
        recorded_on=date(2025, 3, 10),
    )
    found = codes(family, date(2026, 3, 2))
    assert "intensive_support" not in found
    assert found["start_up_course"] is True
    member = FamilyMemberFactory(family=family)
    run = CourseRunFactory(
        course_kind=CourseKindFactory(municipality=home),
        starts_on=date(2026, 2, 23),
        ends_on=date(2026, 2, 26),
    )
    enrolment = services.enrolment_create(actor=consultant, run=run, member=member)
    services.attendance_record(actor=consultant, run=run, attended={enrolment.pk: True})
    assert "start_up_course" not in codes(family, date(2026, 3, 2))


def test_cadence_per_family_type_is_configurable(home):
    family = ApprovalFactory(family=FamilyFactory(municipality=home)).family
    PlacementFactory(
        child=ChildFactory(municipality=home), family=family, start_date=date(2025, 3, 1)
    )
    assert codes(family, date(2025, 6, 2)) == {"supervision": True}
    SupervisionCadence.objects.create(municipality=home, family_type="almen", months=6)
    assert codes(family, date(2025, 6, 2)) == {}


def test_obligations_for_many_families_in_fixed_queries(home, django_assert_max_num_queries):
    families = [network_family(home)[0] for _ in range(4)]
    with django_assert_max_num_queries(6):
        found = obligation_list_by_family(families, date(2025, 9, 2))
    assert all(found[f.pk] for f in families)


# --- who reads what -----------------------------------------------------------------
@pytest.fixture
def session(home, consultant):
    family = FamilyFactory(municipality=home, consultant=consultant)
    return SupervisionSessionFactory(municipality=home, families=[family])


def test_notes_are_read_by_consultant_supervisor_and_managers(session, consultant, make_user):
    assert session_notes_readable(user=consultant, session=session)
    assert session_notes_readable(user=session.supervisor, session=session)
    assert session_notes_readable(user=make_user(Role.MANAGER), session=session)


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.ON_CALL, Role.ADMIN, Role.SUPERVISOR])
def test_notes_are_hidden_from_others(session, make_user, role):
    assert not session_notes_readable(user=make_user(role), session=session)


def test_another_consultant_does_not_read_the_notes(session, make_user):
    assert not session_notes_readable(user=make_user(Role.CONSULTANT), session=session)


def test_outsider_manager_does_not_read_the_notes(session, other_municipality):
    manager = UserFactory(role=Role.MANAGER, municipality=other_municipality)
    assert not session_notes_readable(user=manager, session=session)
    assert not session_scope(user=manager).exists()


def test_supervisor_sees_only_their_own_sessions(session, home):
    other = SupervisionSessionFactory(municipality=home)
    assert list(session_scope(user=session.supervisor)) == [session]
    assert list(session_scope(user=other.supervisor)) == [other]
