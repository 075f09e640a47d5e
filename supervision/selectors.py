"""Every read of courses and supervision, limited to what the user may see.

A supervisor (institution staff) sees only the sessions they supervise and the
families in them. Session notes are confidential to the family's consultant, the
supervisor and managers (``may_read_notes``); caseworkers see that supervision
happened, not what was said.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.models import Placement
from families.models import Approval, ApprovalType, ConsultantAssignment, Family
from families.selectors import approval_current_q, family_scope
from fostercare.accounts.models import Role, User
from fostercare.accounts.selectors import assignment_current_q, staff_list
from supervision.models import (
    CourseCategory,
    CourseKind,
    CourseRun,
    Enrolment,
    IntensiveSupportException,
    SupervisionCadence,
    SupervisionCourse,
    SupervisionSession,
)
from supervision.rules import (
    COVERAGE_DAYS,
    DEFAULT_SUPERVISION_CADENCE_MONTHS,
    INTENSIVE_SUPPORT_START_MONTHS,
    NETWORK_BASIC_COURSE_MIN_DAYS,
    FamilyFacts,
    Obligation,
    PlacementFacts,
    obligations_from,
)


# --- sessions ------------------------------------------------------------------------
def session_scope(*, user: User) -> QuerySet[SupervisionSession]:
    sessions = SupervisionSession.objects.filter(municipality_id=user.municipality_id)
    if user.role == Role.SUPERVISOR:
        sessions = sessions.filter(supervisor=user)
    return sessions.select_related("supervisor", "run__course_kind", "course").prefetch_related(
        "families", "members"
    )


def session_get(*, user: User, public_id) -> SupervisionSession:
    return get_object_or_404(session_scope(user=user), public_id=public_id)


def session_notes_readable(
    *, user: User, session: SupervisionSession, today: date | None = None
) -> bool:
    """The family's consultant, the session's supervisor and managers read the notes."""
    if user.municipality_id != session.municipality_id or not user.is_active:
        return False
    if user.role == Role.MANAGER:
        return True
    if session.supervisor_id == user.pk:
        return True
    if user.role == Role.CONSULTANT:
        today = today or timezone.localdate()
        return ConsultantAssignment.objects.filter(
            assignment_current_q(today),
            consultant=user,
            family__in=session.families.all(),
        ).exists()
    return False


def session_list_supervised(*, user: User, upcoming: bool = True) -> QuerySet[SupervisionSession]:
    now = timezone.now()
    sessions = session_scope(user=user).filter(supervisor=user)
    if upcoming:
        return sessions.filter(starts_at__gte=now).order_by("starts_at")
    return sessions.filter(starts_at__lt=now).order_by("-starts_at")


def session_list_for_family(*, user: User, family: Family) -> list[SupervisionSession]:
    return list(session_scope(user=user).filter(families=family).order_by("-starts_at"))


def enrolment_list_for_family(*, user: User, family: Family) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(
            member__family=family, run__course_kind__municipality_id=user.municipality_id
        )
        .select_related("run__course_kind", "member")
        .order_by("-run__starts_on")
    )


def supervision_course_list_for_family(
    *, user: User, family: Family
) -> QuerySet[SupervisionCourse]:
    return (
        SupervisionCourse.objects.filter(
            family=family, family__municipality_id=user.municipality_id
        )
        .select_related("supervisor")
        .prefetch_related("extensions")
    )


def session_family_choices(*, user: User) -> QuerySet[Family]:
    """The families a user may log a session for: a supervisor those they supervise
    (in a session or a supervision course), others the municipality's active families."""
    families = family_scope(user=user).filter(is_active=True)
    if user.role == Role.SUPERVISOR:
        families = families.filter(
            Q(supervision_sessions__supervisor=user) | Q(supervision_courses__supervisor=user)
        ).distinct()
    return families.order_by("name")


def supervisor_list(*, user: User) -> QuerySet[User]:
    """Who may supervise a family: institution staff and the municipality's consultants."""
    return staff_list(roles=(Role.SUPERVISOR, Role.CONSULTANT), user=user).order_by(
        "role", "full_name"
    )


# --- courses -------------------------------------------------------------------------
def course_kind_list(*, user: User) -> QuerySet[CourseKind]:
    return CourseKind.objects.filter(municipality_id=user.municipality_id).annotate(
        run_count=Count("runs")
    )


def course_run_list(*, user: User) -> QuerySet[CourseRun]:
    return (
        CourseRun.objects.filter(course_kind__municipality_id=user.municipality_id)
        .select_related("course_kind")
        .annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.ENROLLED))
        )
    )


def course_run_get(*, user: User, public_id) -> CourseRun:
    return get_object_or_404(
        course_run_list(user=user).prefetch_related(
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.select_related("member__family").order_by(
                    "member__family__name", "member__full_name"
                ),
            )
        ),
        public_id=public_id,
    )


# --- obligations -----------------------------------------------------------------------
def _basic_q(prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}run__course_kind__category": CourseCategory.BASIC,
            f"{prefix}run__course_kind__length_days__gte": NETWORK_BASIC_COURSE_MIN_DAYS,
        }
    )


def family_facts(families, today: date) -> dict[int, FamilyFacts]:
    """The facts the obligations are computed from, for many families in a fixed
    number of queries."""
    families = list(families)
    ids = [f.pk for f in families]
    approvals: dict[int, list[Approval]] = {pk: [] for pk in ids}
    for approval in Approval.objects.filter(approval_current_q(today), family_id__in=ids):
        approvals[approval.family_id].append(approval)
    municipalities = {f.municipality_id for f in families}
    cadences = {
        (m, t): months
        for m, t, months in SupervisionCadence.objects.filter(
            municipality_id__in=municipalities
        ).values_list("municipality_id", "family_type", "months")
    }
    session_days: dict[int, list[date]] = {pk: [] for pk in ids}
    for family_id, starts_at in (
        SupervisionSession.families.through.objects.filter(
            family_id__in=ids, supervisionsession__starts_at__date__lte=today
        )
        .order_by("supervisionsession__starts_at")
        .values_list("family_id", "supervisionsession__starts_at")
    ):
        session_days[family_id].append(timezone.localdate(starts_at))
    offered: set[int] = set()
    completed: dict[int, date] = {}
    for family_id, attended, ends_on in (
        Enrolment.objects.filter(_basic_q(), member__family_id__in=ids)
        .order_by("run__ends_on")
        .values_list("member__family_id", "attended", "run__ends_on")
    ):
        offered.add(family_id)
        if attended and ends_on <= today:
            completed.setdefault(family_id, ends_on)
    placements: dict[int, list[Placement]] = {pk: [] for pk in ids}
    for placement in (
        Placement.objects.filter(family_id__in=ids, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .annotate(
            has_exception=Exists(IntensiveSupportException.objects.filter(placement=OuterRef("pk")))
        )
    ):
        placements[placement.family_id].append(placement)
    facts = {}
    for family in families:
        network = [a for a in approvals[family.pk] if a.type == ApprovalType.NETWORK]
        network_children = {a.child_id for a in network}
        days = session_days[family.pk]
        type_cadences = [
            cadences[(family.municipality_id, a.type)]
            for a in approvals[family.pk]
            if (family.municipality_id, a.type) in cadences
        ]
        facts[family.pk] = FamilyFacts(
            network_approved_on=min(
                (a.decision_date or a.valid_from for a in network), default=None
            ),
            basic_course_offered=family.pk in offered,
            placements=tuple(
                PlacementFacts(
                    start_date=p.start_date,
                    network=p.child_id in network_children,
                    exception=p.has_exception,
                    support_started_on=next((d for d in days if d >= p.start_date), None),
                    start_up_completed_on=completed.get(family.pk),
                )
                for p in placements[family.pk]
            ),
            last_supervision_on=days[-1] if days else None,
            cadence_months=min(type_cadences, default=DEFAULT_SUPERVISION_CADENCE_MONTHS),
        )
    return facts


def obligation_list_for_family(family: Family, today: date | None = None) -> list[Obligation]:
    """The family's training and supervision obligations due or overdue on ``today``."""
    today = today or timezone.localdate()
    return obligations_from(family_facts([family], today)[family.pk], today)


def obligation_list_by_family(families, today: date | None = None) -> dict[int, list[Obligation]]:
    """For "My families": each family's due or overdue obligations, in a fixed number
    of queries however many families there are."""
    today = today or timezone.localdate()
    return {
        pk: obligations_from(facts, today) for pk, facts in family_facts(families, today).items()
    }


# --- the manager's coverage ------------------------------------------------------------
@dataclass(frozen=True)
class Coverage:
    families_placed: int
    supervised_last_quarter: int
    network_placements: int
    network_support_in_time: int
    basic_offered: int
    basic_completed: int
    network_families: int

    @staticmethod
    def share(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def supervised_share(self):
        return self.share(self.supervised_last_quarter, self.families_placed)

    @property
    def network_support_share(self):
        return self.share(self.network_support_in_time, self.network_placements)


def supervision_coverage(*, user: User, today: date | None = None) -> Coverage:
    today = today or timezone.localdate()
    families = family_scope(user=user).filter(is_active=True)
    active = Placement.objects.filter(start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    placed = families.filter(Exists(active.filter(family=OuterRef("pk"))))
    recent = SupervisionSession.objects.filter(
        families=OuterRef("pk"),
        starts_at__date__gt=today - timedelta(days=COVERAGE_DAYS),
        starts_at__date__lte=today,
    )
    network_families = families.filter(
        Exists(
            Approval.objects.filter(
                approval_current_q(today), family=OuterRef("pk"), type=ApprovalType.NETWORK
            )
        )
    )
    network_placements = active.filter(family__in=network_families).only("family_id", "start_date")
    in_time = 0
    count = 0
    for placement in network_placements:
        count += 1
        limit = placement.start_date + relativedelta(months=INTENSIVE_SUPPORT_START_MONTHS)
        if SupervisionSession.objects.filter(
            families=placement.family_id,
            starts_at__date__gte=placement.start_date,
            starts_at__date__lte=limit,
        ).exists():
            in_time += 1
    basic = Enrolment.objects.filter(_basic_q(), member__family__in=network_families)
    return Coverage(
        families_placed=placed.count(),
        supervised_last_quarter=placed.filter(Exists(recent)).count(),
        network_placements=count,
        network_support_in_time=in_time,
        basic_offered=basic.values("member__family").distinct().count(),
        basic_completed=basic.filter(attended=True).values("member__family").distinct().count(),
        network_families=network_families.count(),
    )


def member_choices_for_enrolment(*, user: User, family_public_id=None) -> QuerySet:
    from families.models import FamilyMember

    members = FamilyMember.objects.filter(
        family__municipality_id=user.municipality_id, family__is_active=True
    ).exclude(kind=FamilyMember.Kind.OWN_CHILD)
    if family_public_id:
        members = members.filter(family__public_id=family_public_id)
    return members.select_related("family").order_by("family__name", "full_name")


# --- the yearly plan (årshjul) -----------------------------------------------------------
@dataclass(frozen=True)
class PlanEntry:
    day: date
    title: str
    kind: str
    place: str
    url: str = ""


def supervision_year_plan(*, user: User, year: int) -> list[PlanEntry]:
    """The municipality's courses, network meetings and group sessions in ``year``,
    in date order (group sessions without the families' names)."""
    from django.urls import reverse

    entries = [
        PlanEntry(
            day=run.starts_on,
            title=run.course_kind.name,
            kind=run.course_kind.get_category_display(),
            place=run.get_place_display(),
            url=reverse("supervision:run_detail", kwargs={"public_id": run.public_id})
            if user.can("supervision.courses")
            else "",
        )
        for run in course_run_list(user=user).filter(starts_on__year=year)
    ]
    groups = (
        SupervisionSession.objects.filter(
            municipality_id=user.municipality_id, starts_at__year=year
        )
        .annotate(family_count=Count("families"))
        .filter(family_count__gt=1)
    )
    entries += [
        PlanEntry(
            day=timezone.localdate(session.starts_at),
            title=session.theme,
            kind=str(SupervisionCourse.Kind.GROUP.label),
            place=session.get_location_display(),
        )
        for session in groups
    ]
    return sorted(entries, key=lambda entry: (entry.day, entry.title))


def placement_list_network_without_exception(*, user: User, family: Family) -> QuerySet[Placement]:
    """The family's current network placements that have no exception recorded."""
    return (
        Placement.objects.filter(
            family=family,
            family__municipality_id=user.municipality_id,
            end_date__isnull=True,
            child__in=Approval.objects.filter(family=family, type=ApprovalType.NETWORK).values(
                "child"
            ),
            intensive_support_exception__isnull=True,
        )
        .select_related("child")
        .order_by("start_date")
    )
