"""Every write to courses and supervision. Each function validates, saves in one
transaction and writes the change log; a rejected call saves nothing."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Placement
from families.models import Family, FamilyMember
from fostercare.accounts.models import Role, User
from fostercare.accounts.services import staff_check
from fostercare.audit.services import log_change, snapshot
from fostercare.validation import only_fields, validated_save, validated_update
from supervision.models import (
    CourseKind,
    CourseRun,
    Enrolment,
    IntensiveSupportException,
    SessionNoteVersion,
    SupervisionCourse,
    SupervisionExtension,
    SupervisionSession,
)
from supervision.rules import (
    course_run_capacity_problem,
    intervals_overlap,
    session_length_problem,
)

COURSE_KIND_FIELDS = (
    "name", "category", "theme", "provider", "provider_name", "length_hours",
    "length_days", "mandatory", "family_types", "is_active",
)  # fmt: skip
RUN_FIELDS = (
    "starts_on", "ends_on", "start_time", "end_time", "place", "place_detail", "capacity",
)  # fmt: skip
SESSION_FIELDS = ("course", "run", "starts_at", "duration_minutes", "location", "theme",
                  "notes", "agreements")  # fmt: skip
SUPERVISION_COURSE_FIELDS = (
    "kind", "supervisor", "external_supervisor", "goal", "planned_sessions",
    "session_minutes", "starts_on", "ends_on", "family_wishes_consultant",
    "consultant_takes_part",
)  # fmt: skip


# --- the course catalogue and runs ---------------------------------------------------
@transaction.atomic
def course_kind_create(*, actor: User, **fields) -> CourseKind:
    kind = CourseKind(
        municipality_id=actor.municipality_id, **only_fields(fields, COURSE_KIND_FIELDS)
    )
    validated_save(kind)
    log_change(actor=actor, instance=kind, action="create", municipality_id=kind.municipality_id)
    return kind


@transaction.atomic
def course_run_create(*, actor: User, course_kind: CourseKind, **fields) -> CourseRun:
    if course_kind.municipality_id != actor.municipality_id:
        raise ValidationError({"course_kind": _("The course is not in this municipality.")})
    run = CourseRun(course_kind=course_kind, **only_fields(fields, RUN_FIELDS))
    problem = course_run_capacity_problem(run.capacity)
    if problem:
        raise ValidationError({"capacity": problem})
    validated_save(run)
    log_change(
        actor=actor, instance=run, action="create", municipality_id=course_kind.municipality_id
    )
    return run


@transaction.atomic
def enrolment_create(
    *,
    actor: User,
    run: CourseRun,
    member: FamilyMember,
    status: str = Enrolment.Status.ENROLLED,
) -> Enrolment:
    """Offer or enrol a family member; the run row is locked while the places are
    counted, so two enrolments at once cannot both take the last place."""
    run = CourseRun.objects.select_for_update().select_related("course_kind").get(pk=run.pk)
    municipality_id = run.course_kind.municipality_id
    if member.family.municipality_id != municipality_id:
        raise ValidationError({"member": _("The family member is not in this municipality.")})
    if status == Enrolment.Status.ENROLLED:
        taken = run.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
        if taken >= run.capacity:
            raise ValidationError(
                {"member": _("The course run is full: all %(capacity)d places are taken.")
                 % {"capacity": run.capacity}}
            )  # fmt: skip
    enrolment = Enrolment(run=run, member=member, status=status)
    validated_save(enrolment)
    log_change(actor=actor, instance=enrolment, action="create", municipality_id=municipality_id)
    return enrolment


@transaction.atomic
def attendance_record(*, actor: User, run: CourseRun, attended: dict[int, bool]) -> None:
    """Record who attended (``{enrolment id: attended}``) on the run's attendance list."""
    run = CourseRun.objects.select_for_update().select_related("course_kind").get(pk=run.pk)
    enrolments = {e.pk: e for e in run.enrolments.filter(pk__in=attended)}
    if set(attended) - set(enrolments):
        raise ValidationError(_("Unknown enrolment."))
    for pk, value in attended.items():
        validated_update(
            actor=actor,
            instance=enrolments[pk],
            fields={"attended": value},
            municipality_id=run.course_kind.municipality_id,
        )


# --- supervision courses ---------------------------------------------------------------
def _check_supervisor(supervisor: User | None, municipality_id: int) -> None:
    """A supervisor is institution staff or a consultant of the municipality (or nobody yet)."""
    if supervisor is not None:
        staff_check(
            supervisor,
            roles=(Role.SUPERVISOR, Role.CONSULTANT),
            municipality_id=municipality_id,
            field="supervisor",
        )


@transaction.atomic
def supervision_course_create(*, actor: User, family: Family, **fields) -> SupervisionCourse:
    course = SupervisionCourse(family=family, **only_fields(fields, SUPERVISION_COURSE_FIELDS))
    _check_supervisor(course.supervisor, family.municipality_id)
    validated_save(course)
    log_change(
        actor=actor, instance=course, action="create", municipality_id=family.municipality_id
    )
    return course


@transaction.atomic
def supervision_course_extend(
    *,
    actor: User,
    course: SupervisionCourse,
    extra_sessions: int,
    reason: str,
    new_ends_on: date | None = None,
) -> SupervisionExtension:
    course = (
        SupervisionCourse.objects.select_for_update().select_related("family").get(pk=course.pk)
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    if new_ends_on and new_ends_on < course.starts_on:
        raise ValidationError({"new_ends_on": _("The end date cannot be before the start date.")})
    municipality_id = course.family.municipality_id
    extension = SupervisionExtension(
        course=course, extra_sessions=extra_sessions, new_ends_on=new_ends_on, reason=reason.strip()
    )
    validated_save(extension)
    log_change(actor=actor, instance=extension, action="create", municipality_id=municipality_id)
    changes = {"planned_sessions": course.planned_sessions + extra_sessions}
    if new_ends_on:
        changes["ends_on"] = new_ends_on
    validated_update(actor=actor, instance=course, fields=changes, municipality_id=municipality_id)
    return extension


@transaction.atomic
def intensive_support_exception_record(
    *, actor: User, placement: Placement, reason: str, recorded_on: date
) -> IntensiveSupportException:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the exception.")})
    exception = IntensiveSupportException(
        placement=placement, reason=reason.strip(), recorded_on=recorded_on
    )
    validated_save(exception)
    log_change(
        actor=actor,
        instance=exception,
        action="create",
        municipality_id=placement.family.municipality_id,
    )
    return exception


# --- sessions --------------------------------------------------------------------------
def _check_session(session: SupervisionSession, families: list[Family], members) -> None:
    municipality_id = session.municipality_id
    if not families:
        raise ValidationError({"families": _("Choose at least one family.")})
    if any(f.municipality_id != municipality_id for f in families):
        raise ValidationError({"families": _("The family is not in this municipality.")})
    family_ids = {f.pk for f in families}
    if any(m.family_id not in family_ids for m in members):
        raise ValidationError(
            {"members": _("The attending members must belong to the chosen families.")}
        )
    _check_supervisor(session.supervisor, municipality_id)
    if not isinstance(session.starts_at, datetime):
        raise ValidationError({"starts_at": _("Give the date and time.")})
    problem = session_length_problem(
        starts_at=session.starts_at, duration_minutes=session.duration_minutes
    )
    if problem:
        raise ValidationError({"duration_minutes": problem})
    if session.run_id:
        run = session.run
        day = (
            timezone.localdate(session.starts_at)
            if isinstance(session.starts_at, datetime)
            else None
        )
        if run.course_kind.municipality_id != municipality_id:
            raise ValidationError({"run": _("The course is not in this municipality.")})
        if day is None or not run.starts_on <= day <= run.ends_on:
            raise ValidationError(
                {"starts_at": _("The session must lie within the course run's dates "
                                "(%(start)s–%(end)s).")
                 % {"start": run.starts_on.strftime("%d.%m.%Y"),
                    "end": run.ends_on.strftime("%d.%m.%Y")}}
            )  # fmt: skip
    if session.course_id and session.course.family_id not in family_ids:
        raise ValidationError({"course": _("The supervision course is for another family.")})
    # No two sessions of one supervisor at the same time: the supervisor's row is locked
    # while the overlap is checked, so two requests cannot both pass.
    User.objects.select_for_update().filter(pk=session.supervisor_id).first()
    # The real intervals: every session of the supervisor that begins before this one
    # ends and ends after it begins, however long ago it began.
    end = session.starts_at + timedelta(minutes=session.duration_minutes)
    others = (
        SupervisionSession.objects.filter(supervisor_id=session.supervisor_id, starts_at__lt=end)
        .annotate(
            ends_at=ExpressionWrapper(
                F("starts_at") + F("duration_minutes") * Value(timedelta(minutes=1)),
                output_field=DateTimeField(),
            )
        )
        .filter(ends_at__gt=session.starts_at)
        .exclude(pk=session.pk)
        .order_by("starts_at")
    )
    for other in others[:1]:
        if intervals_overlap(
            other.starts_at, other.duration_minutes, session.starts_at, session.duration_minutes
        ):
            raise ValidationError(
                {"starts_at": _("The supervisor already has a session at that time "
                                "(%(theme)s, %(when)s).")
                 % {"theme": other.theme,
                    "when": timezone.localtime(other.starts_at).strftime("%d.%m.%Y %H:%M")}}
            )  # fmt: skip


@transaction.atomic
def session_log(
    *,
    actor: User,
    supervisor: User,
    families: list[Family],
    members: list[FamilyMember] = (),
    **fields,
) -> SupervisionSession:
    """Log a supervision session; a group session names several families."""
    families, members = list(families), list(members)
    session = SupervisionSession(
        municipality_id=actor.municipality_id,
        supervisor=supervisor,
        **only_fields(fields, SESSION_FIELDS),
    )
    _check_session(session, families, members)
    validated_save(session)
    session.families.set(families)
    session.members.set(members)
    _note_version_add(session, actor=actor)
    log_change(
        actor=actor, instance=session, action="create", municipality_id=session.municipality_id
    )
    return session


NOTE_FIELDS = ("theme", "notes", "agreements")


def _note_version_add(session: SupervisionSession, *, actor: User, before: dict | None = None):
    """Keep the session's theme, notes and agreements as a version when they changed.
    A session from before versions were kept first gets its earlier text as a version
    without an author."""
    latest = session.note_versions.order_by("-written_at", "-id").first()
    if latest is None and before is not None and any(before[f] for f in NOTE_FIELDS):
        latest = SessionNoteVersion.objects.create(
            session=session, written_by=None, written_at=session.created_at, **before
        )
    current = {f: getattr(session, f) for f in NOTE_FIELDS}
    if latest is not None and all(getattr(latest, f) == current[f] for f in NOTE_FIELDS):
        return None
    return SessionNoteVersion.objects.create(session=session, written_by=actor, **current)


@transaction.atomic
def session_update(*, actor: User, session: SupervisionSession, **fields) -> SupervisionSession:
    """Change a session (e.g. the supervisor writes the notes and agreements)."""
    session = SupervisionSession.objects.select_for_update().get(pk=session.pk)
    before = snapshot(session)
    notes_before = {f: getattr(session, f) for f in NOTE_FIELDS}
    for name, value in only_fields(fields, SESSION_FIELDS).items():
        setattr(session, name, value)
    families = list(session.families.all())
    _check_session(session, families, list(session.members.all()))
    validated_save(session)
    _note_version_add(session, actor=actor, before=notes_before)
    log_change(
        actor=actor,
        instance=session,
        action="update",
        before=before,
        municipality_id=session.municipality_id,
    )
    return session
