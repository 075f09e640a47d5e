"""Supervision write services (supervision/services.py): bad input gets a Danish
message on the right field and leaves every table exactly as it was."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from fostercare.accounts.models import Role
from fostercare.audit.models import ChangeLog
from supervision import services
from supervision.models import (
    CourseRun,
    Enrolment,
    SupervisionCourse,
    SupervisionExtension,
    SupervisionSession,
)
from tests.factories import (
    CourseKindFactory,
    CourseRunFactory,
    FamilyFactory,
    FamilyMemberFactory,
    SupervisionSessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
TRACKED = (
    SupervisionSession,
    SupervisionSession.families.through,
    Enrolment,
    SupervisionCourse,
    SupervisionExtension,
    CourseRun,
    ChangeLog,
)


def db_state() -> dict:
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in TRACKED}


def rejected(call, field: str, words: str):
    """``call()`` raises a Danish ValidationError naming ``field``; nothing is saved."""
    before = db_state()
    with translation.override("da"), pytest.raises(ValidationError) as error:
        call()
    messages = " ".join(error.value.message_dict[field])
    assert words in messages, messages
    assert db_state() == before


@pytest.fixture
def supervisor(home):
    return UserFactory(role=Role.SUPERVISOR, municipality=home)


@pytest.fixture
def family(home):
    return FamilyFactory(municipality=home)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 9, day, hour, minute, tzinfo=CPH)


def log(consultant, supervisor, families, **fields):
    fields.setdefault("starts_at", at(2, 10))
    fields.setdefault("duration_minutes", 90)
    return services.session_log(
        actor=consultant,
        supervisor=supervisor,
        families=families,
        location=fields.pop("location", "institution"),
        theme=fields.pop("theme", "Samvær"),
        **fields,
    )


def test_group_session_with_several_families_is_logged(consultant, supervisor, home):
    families = [FamilyFactory(municipality=home) for _ in range(3)]
    member = FamilyMemberFactory(family=families[0])
    session = log(consultant, supervisor, families, members=[member], notes="N")
    assert set(session.families.all()) == set(families)
    assert list(session.members.all()) == [member]
    assert ChangeLog.objects.filter(object_pk=str(session.pk), action="create").exists()


@pytest.mark.parametrize(
    ("start", "duration"),
    [
        (at(2, 10), 30),  # the same start
        (at(2, 11, 29), 60),  # starts before the other ends
        (at(2, 9), 61),  # ends after the other starts
        (at(2, 9), 240),  # wraps the other
    ],
)
def test_overlapping_sessions_of_one_supervisor_are_refused(
    consultant, supervisor, family, start, duration
):
    log(consultant, supervisor, [family], starts_at=at(2, 10), duration_minutes=90)
    rejected(
        lambda: log(consultant, supervisor, [family], starts_at=start, duration_minutes=duration),
        "starts_at",
        "har allerede en session",
    )


def test_back_to_back_sessions_and_other_supervisors_are_fine(consultant, supervisor, family, home):
    log(consultant, supervisor, [family], starts_at=at(2, 10), duration_minutes=90)
    log(consultant, supervisor, [family], starts_at=at(2, 11, 30), duration_minutes=60)
    other = UserFactory(role=Role.SUPERVISOR, municipality=home)
    log(consultant, other, [family], starts_at=at(2, 10), duration_minutes=90)
    assert SupervisionSession.objects.count() == 3


def test_an_overlap_with_a_long_session_begun_more_than_24_hours_earlier_is_found(
    consultant, supervisor, family
):
    """A legacy session (recorded before the 8-hour limit) that began two days earlier
    and still runs: the check compares the real intervals, not a 24-hour look-back."""
    SupervisionSessionFactory(
        municipality=family.municipality,
        supervisor=supervisor,
        families=[family],
        starts_at=at(1, 9),
        duration_minutes=3 * 24 * 60,
    )
    rejected(
        lambda: log(consultant, supervisor, [family], starts_at=at(3, 10), duration_minutes=60),
        "starts_at",
        "har allerede en session",
    )


@pytest.mark.parametrize(
    ("start", "duration", "message"),
    [
        (at(2, 9), 481, "højst 8 timer"),
        (at(2, 9), 99_999_999, "højst 8 timer"),
        (at(2, 23), 90, "slutter samme dag"),
    ],
)
def test_a_session_longer_than_a_working_day_or_past_midnight_is_refused(
    consultant, supervisor, family, start, duration, message
):
    rejected(
        lambda: log(consultant, supervisor, [family], starts_at=start, duration_minutes=duration),
        "duration_minutes",
        message,
    )
    assert not SupervisionSession.objects.exists()


@pytest.mark.parametrize("duration", [0, -30])
def test_zero_or_negative_duration_is_refused(consultant, supervisor, family, duration):
    rejected(
        lambda: log(consultant, supervisor, [family], duration_minutes=duration),
        "duration_minutes",
        "mere end nul minutter",
    )


@pytest.mark.parametrize("day", [date(2025, 8, 31), date(2025, 9, 5)])
def test_session_outside_the_run_dates_is_refused(consultant, supervisor, family, home, day):
    run = CourseRunFactory(course_kind=CourseKindFactory(municipality=home))
    start = datetime(day.year, day.month, day.day, 10, tzinfo=CPH)
    rejected(
        lambda: log(consultant, supervisor, [family], run=run, starts_at=start),
        "starts_at",
        "kursusforløbets datoer",
    )


@pytest.mark.parametrize("day", [1, 4])
def test_session_on_the_run_first_and_last_day_is_fine(consultant, supervisor, family, home, day):
    run = CourseRunFactory(course_kind=CourseKindFactory(municipality=home))
    assert log(consultant, supervisor, [family], run=run, starts_at=at(day, 10)).run == run


def test_session_needs_a_family_of_the_municipality(consultant, supervisor, other_municipality):
    rejected(lambda: log(consultant, supervisor, []), "families", "mindst én familie")
    outsider_family = FamilyFactory(municipality=other_municipality)
    rejected(lambda: log(consultant, supervisor, [outsider_family]), "families", "ikke i kommunen")


def test_members_must_belong_to_the_families(consultant, supervisor, family, home):
    stranger = FamilyMemberFactory(family=FamilyFactory(municipality=home))
    rejected(
        lambda: log(consultant, supervisor, [family], members=[stranger]),
        "members",
        "valgte familier",
    )


def test_enrolment_above_capacity_is_refused(consultant, home):
    run = CourseRunFactory(course_kind=CourseKindFactory(municipality=home), capacity=2)
    members = [FamilyMemberFactory(family=FamilyFactory(municipality=home)) for _ in range(3)]
    for member in members[:2]:
        services.enrolment_create(actor=consultant, run=run, member=member)
    rejected(
        lambda: services.enrolment_create(actor=consultant, run=run, member=members[2]),
        "member",
        "fuldt",
    )
    # An offer does not take a place.
    services.enrolment_create(
        actor=consultant, run=run, member=members[2], status=Enrolment.Status.OFFERED
    )


def test_enrolment_twice_is_refused(consultant, home):
    run = CourseRunFactory(course_kind=CourseKindFactory(municipality=home))
    member = FamilyMemberFactory(family=FamilyFactory(municipality=home))
    services.enrolment_create(actor=consultant, run=run, member=member)
    before = db_state()
    with pytest.raises(ValidationError):
        services.enrolment_create(actor=consultant, run=run, member=member)
    assert db_state() == before


def test_attendance_is_recorded_and_logged(consultant, home):
    run = CourseRunFactory(course_kind=CourseKindFactory(municipality=home))
    member = FamilyMemberFactory(family=FamilyFactory(municipality=home))
    enrolment = services.enrolment_create(actor=consultant, run=run, member=member)
    services.attendance_record(actor=consultant, run=run, attended={enrolment.pk: True})
    enrolment.refresh_from_db()
    assert enrolment.attended is True
    assert ChangeLog.objects.filter(object_pk=str(enrolment.pk), action="update").exists()


def test_run_dates_must_be_ordered(consultant, home):
    kind = CourseKindFactory(municipality=home)
    rejected(
        lambda: services.course_run_create(
            actor=consultant,
            course_kind=kind,
            starts_on=date(2025, 9, 4),
            ends_on=date(2025, 9, 1),
            place="online",
            capacity=5,
        ),
        "__all__",
        "sidste dag",
    )


def _course(consultant, family, supervisor, **fields):
    fields = {
        "kind": "individual",
        "supervisor": supervisor,
        "goal": "Trygge rammer ved samvær",
        "planned_sessions": 5,
        "session_minutes": 90,
        "starts_on": date(2025, 9, 1),
    } | fields
    return services.supervision_course_create(actor=consultant, family=family, **fields)


def test_consultant_takes_part_only_if_the_family_wishes(consultant, supervisor, family):
    rejected(
        lambda: _course(consultant, family, supervisor, consultant_takes_part=True),
        "__all__",
        "familien ønsker",
    )
    course = _course(
        consultant, family, supervisor, consultant_takes_part=True, family_wishes_consultant=True
    )
    assert course.consultant_takes_part


def test_extension_needs_a_reason_and_adds_sessions(consultant, supervisor, family):
    course = _course(consultant, family, supervisor)
    rejected(
        lambda: services.supervision_course_extend(
            actor=consultant, course=course, extra_sessions=2, reason=" "
        ),
        "reason",
        "begrundelsen",
    )
    services.supervision_course_extend(
        actor=consultant,
        course=course,
        extra_sessions=2,
        reason="Ny anbringelse i familien",
        new_ends_on=date(2026, 3, 1),
    )
    course.refresh_from_db()
    assert (course.planned_sessions, course.ends_on) == (7, date(2026, 3, 1))


def test_supervisor_writes_notes_afterwards(consultant, supervisor, family):
    session = log(consultant, supervisor, [family])
    services.session_update(actor=supervisor, session=session, notes="Aftalt", agreements="X")
    session.refresh_from_db()
    assert session.notes == "Aftalt"
    assert ChangeLog.objects.filter(object_pk=str(session.pk), action="update").exists()


def test_update_cannot_move_a_session_onto_another(consultant, supervisor, family):
    log(consultant, supervisor, [family], starts_at=at(2, 10))
    second = log(consultant, supervisor, [family], starts_at=at(3, 10))
    rejected(
        lambda: services.session_update(
            actor=consultant, session=second, starts_at=at(2, 10) + timedelta(minutes=30)
        ),
        "starts_at",
        "har allerede en session",
    )


def test_every_version_of_the_notes_is_kept_with_who_and_when(consultant, supervisor, family):
    session = log(consultant, supervisor, [family], notes="Første udkast")
    services.session_update(actor=supervisor, session=session, notes="Rettet")
    services.session_update(actor=supervisor, session=session, notes="Rettet")  # unchanged
    services.session_update(actor=consultant, session=session, agreements="Ny aftale")
    versions = list(session.note_versions.order_by("written_at", "id"))
    assert [(v.notes, v.agreements, v.written_by) for v in versions] == [
        ("Første udkast", "", consultant),
        ("Rettet", "", supervisor),
        ("Rettet", "Ny aftale", consultant),
    ]
    assert all(v.written_at for v in versions)


def test_notes_written_before_versions_were_kept_become_the_first_version(
    consultant, supervisor, family
):
    session = SupervisionSessionFactory(
        municipality=family.municipality,
        supervisor=supervisor,
        families=[family],
        starts_at=at(2, 10),
        notes="Gammel note",
    )
    services.session_update(actor=supervisor, session=session, notes="Ny note")
    versions = list(session.note_versions.order_by("written_at", "id"))
    assert [(v.notes, v.written_by) for v in versions] == [
        ("Gammel note", None),
        ("Ny note", supervisor),
    ]


@pytest.mark.parametrize(("capacity", "accepted"), [(0, False), (1, True), (20, True)])
def test_a_course_run_needs_at_least_one_place(consultant, home, capacity, accepted):
    kind = CourseKindFactory(municipality=home)

    def create():
        return services.course_run_create(
            actor=consultant,
            course_kind=kind,
            starts_on=date(2025, 9, 1),
            ends_on=date(2025, 9, 4),
            place="online",
            capacity=capacity,
        )

    if accepted:
        assert create().capacity == capacity
    else:
        rejected(create, "capacity", "mindst én")
