"""Every read of courses and supervision, limited to what the user may see.

A supervisor (institution staff) sees only the sessions they supervise and the
families in them. Session notes are confidential to the family's consultant, the
supervisor and managers (``may_read_notes``); caseworkers see that supervision
happened, not what was said.
"""

import operator
from datetime import date, timedelta
from functools import reduce

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.models import Placement
from families.models import Approval, ApprovalType, ConsultantAssignment, Family, FamilyMember
from families.selectors import (
    approval_current_q,
    family_picker_annotate,
    family_scope,
    placement_active_on_q,
)
from fostercare.accounts.models import Role, User
from fostercare.accounts.selectors import assignment_current_q, staff_list
from fostercare.figures import Span, covering, for_periods, period_counts
from fostercare.workdays.calendar import local_day_start
from supervision.models import (
    CourseCategory,
    CourseKind,
    CourseRun,
    Enrolment,
    IntensiveSupportException,
    SessionNoteVersion,
    SupervisionCadence,
    SupervisionCourse,
    SupervisionSession,
)
from supervision.rules import (
    DEFAULT_SUPERVISION_CADENCE_MONTHS,
    INTENSIVE_SUPPORT_START_MONTHS,
    NETWORK_BASIC_COURSE_MIN_DAYS,
    FamilyFacts,
    Obligation,
    PlacementFacts,
    deadlines_passed_before,
    obligations_from,
    supervision_due,
)
from supervision.year_plan import PlanEntry, year_plan_registered_entries


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


def session_note_versions(*, session: SupervisionSession) -> list[SessionNoteVersion]:
    """The versions of a session's notes, newest first (the first is the current text);
    for those who may read the notes (``session_notes_readable``)."""
    return list(session.note_versions.select_related("written_by").order_by("-written_at", "-id"))


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


def session_list_for_family(*, user: User, family: Family) -> QuerySet[SupervisionSession]:
    """The family's sessions, newest first (the family page shows the latest of them)."""
    return session_scope(user=user).filter(families=family).order_by("-starts_at", "-pk")


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
            Exists(SupervisionSession.objects.filter(families=OuterRef("pk"), supervisor=user))
            | Exists(SupervisionCourse.objects.filter(family=OuterRef("pk"), supervisor=user))
        )
    return family_picker_annotate(families.order_by("name", "pk"))


def session_member_choices(*, families: QuerySet[Family]) -> QuerySet[FamilyMember]:
    """The members who may attend a session of ``families`` (a picker offers only those
    of the families chosen)."""
    return (
        FamilyMember.objects.filter(family__in=families.values("pk"))
        .select_related("family")
        .order_by("family__name", "family_id", "kind", "full_name")
    )


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
            enrolled=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.ENROLLED)),
            attended=Count("enrolments", filter=Q(enrolments__attended=True)),
        )
    )


def course_run_filter(
    queryset: QuerySet[CourseRun],
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    category: str = "",
    place: str = "",
) -> QuerySet[CourseRun]:
    """The course runs held (in part) from ``date_from`` to ``date_to``, of a kind, at a
    place."""
    if date_from:
        queryset = queryset.filter(ends_on__gte=date_from)
    if date_to:
        queryset = queryset.filter(starts_on__lte=date_to)
    if category:
        queryset = queryset.filter(course_kind__category=category)
    if place:
        queryset = queryset.filter(place=place)
    return queryset


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
            family_id__in=ids,
            supervisionsession__starts_at__lt=local_day_start(today + timedelta(days=1)),
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


def session_deadline_warnings(*, families, starts_at) -> list[tuple[Family, Obligation]]:
    """For a session planned on a later day: each family whose supervision deadline
    (``deadlines_passed_before``) will have passed by then, with that deadline."""
    today = timezone.localdate()
    day = timezone.localtime(starts_at).date()
    if day <= today or not families:
        return []
    facts = family_facts(families, today)
    return [
        (family, obligation)
        for family in families
        for obligation in deadlines_passed_before(facts[family.pk], day)
    ]


def obligation_list_by_family(families, today: date | None = None) -> dict[int, list[Obligation]]:
    """For "My families": each family's due or overdue obligations, in a fixed number
    of queries however many families there are."""
    today = today or timezone.localdate()
    return {
        pk: obligations_from(facts, today) for pk, facts in family_facts(families, today).items()
    }


# --- the lists of sessions and course runs ------------------------------------------------
def session_list(*, user: User) -> QuerySet[SupervisionSession]:
    """The municipality's sessions with supervisor and families (never the notes, which
    only some may read: ``session_notes_readable``), and how many families each had.
    The count is a subquery, not a join with GROUP BY: a page of the newest sessions
    then reads 25 rows of the (municipality, starts_at) index, not all of them."""
    families = (
        SupervisionSession.families.through.objects.filter(supervisionsession_id=OuterRef("pk"))
        .order_by()
        .values("supervisionsession_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return (
        SupervisionSession.objects.filter(municipality_id=user.municipality_id)
        .select_related("supervisor", "course")
        .prefetch_related(Prefetch("families", queryset=Family.objects.only("pk", "name")))
        .annotate(family_count=Coalesce(Subquery(families), 0))
    )


def session_filter(
    queryset: QuerySet[SupervisionSession],
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    kind: str = "",
    supervisor: User | None = None,
    location: str = "",
    family_type: str = "",
    consultant: User | None = None,
) -> QuerySet[SupervisionSession]:
    """The session list's filters (and the figures'): by local day, individual or group
    (one family or several), supervisor, place, the type of a family's current approval
    and a family's fixed consultant (both on the last day, or today)."""
    if date_from:
        queryset = queryset.filter(starts_at__gte=local_day_start(date_from))
    if date_to:
        queryset = queryset.filter(starts_at__lt=local_day_start(date_to + timedelta(days=1)))
    if kind == SupervisionCourse.Kind.INDIVIDUAL:
        queryset = queryset.filter(family_count=1)
    elif kind == SupervisionCourse.Kind.GROUP:
        queryset = queryset.filter(family_count__gt=1)
    if supervisor is not None:
        queryset = queryset.filter(supervisor=supervisor)
    if location:
        queryset = queryset.filter(location=location)
    day = date_to or timezone.localdate()
    return queryset.filter(
        _with_families_q(family_type=family_type, consultant=consultant, day=day)
    )


def _with_families_q(*, family_type: str, consultant: User | None, day: date) -> Q:
    """Sessions with a family of ``family_type`` (a current approval on ``day``) or of
    ``consultant`` (on ``day``); all sessions without either."""
    if family_type or consultant is not None:
        families = Family.objects.all()
        if family_type:
            families = families.filter(
                Exists(
                    Approval.objects.filter(
                        approval_current_q(day), family=OuterRef("pk"), type=family_type
                    )
                )
            )
        if consultant is not None:
            families = families.filter(_consultant_is(consultant, day))
        return Q(
            Exists(
                SupervisionSession.families.through.objects.filter(
                    supervisionsession_id=OuterRef("pk"), family__in=families
                )
            )
        )
    return Q()


def _consultant_is(consultant: User, day: date, prefix: str = "pk") -> Q:
    return Q(
        Exists(
            ConsultantAssignment.objects.filter(
                assignment_current_q(day), family=OuterRef(prefix), consultant=consultant
            )
        )
    )


# --- which families stand how, for the family list and the figures -------------------------
def _placed_on(day: date) -> Q:
    """Families with a child placed (any kind) on ``day``."""
    return Q(Exists(Placement.objects.filter(placement_active_on_q(day), family=OuterRef("pk"))))


def _supervised_q(since: date, until: date) -> Q:
    return Q(
        Exists(
            SupervisionSession.objects.filter(
                families=OuterRef("pk"),
                starts_at__gte=local_day_start(since),
                starts_at__lt=local_day_start(until + timedelta(days=1)),
            )
        )
    )


class _MonthsLater(Func):
    """``date + cadence months`` in SQL (a month later clips to the month's end, as
    ``relativedelta`` does)."""

    output_field = DateField()

    def as_sql(self, compiler, connection, **extra_context):
        day_sql, day_params = compiler.compile(self.source_expressions[0])
        months_sql, months_params = compiler.compile(self.source_expressions[1])
        return (
            f"(({day_sql}) + make_interval(months => ({months_sql})::int))::date",
            [*day_params, *months_params],
        )


class _LocalDayStart(Func):
    """The moment a local day (a date in SQL, ``plus_days`` later) begins: midnight in
    the current time zone, as ``local_day_start`` in Python. A range of such moments
    lets an index on a timestamp serve a period; ``starts_at__date`` cannot."""

    output_field = DateTimeField()

    def __init__(self, day, *, plus_days: int = 0):
        super().__init__(day)
        self.plus_days = plus_days

    def as_sql(self, compiler, connection, **extra_context):
        day_sql, day_params = compiler.compile(self.source_expressions[0])
        return (
            f"((({day_sql}) + %s)::timestamp AT TIME ZONE %s)",
            [*day_params, self.plus_days, timezone.get_current_timezone_name()],
        )


def _with_supervision_due(families: QuerySet[Family], day: date) -> QuerySet[Family]:
    """The families with a child placed on ``day``, with the day their next supervision
    was due as seen on ``day`` (``supervision_due``): the cadence after the last session
    or after the first of their current placements began, whichever is later; the
    cadence is the shortest the municipality set for the family's current approval
    types, else ``DEFAULT_SUPERVISION_CADENCE_MONTHS`` (as ``obligations_from``)."""
    last_session = (
        SupervisionSession.objects.filter(
            families=OuterRef("pk"), starts_at__lt=local_day_start(day + timedelta(days=1))
        )
        .order_by("-starts_at")
        .values("starts_at__date")[:1]
    )
    first_start = (
        Placement.objects.filter(placement_active_on_q(day), family=OuterRef("pk"))
        .order_by("start_date")
        .values("start_date")[:1]
    )
    cadence = (
        SupervisionCadence.objects.filter(municipality_id=OuterRef("municipality_id"))
        .filter(
            Exists(
                Approval.objects.filter(
                    approval_current_q(day),
                    family=OuterRef(OuterRef("pk")),
                    type=OuterRef("family_type"),
                )
            )
        )
        .order_by("months")
        .values("months")[:1]
    )
    return (
        families.filter(_placed_on(day))
        .annotate(
            last_session=Subquery(last_session, output_field=DateField()),
            first_start=Subquery(first_start),
            cadence=Coalesce(Subquery(cadence), Value(DEFAULT_SUPERVISION_CADENCE_MONTHS)),
        )
        .annotate(
            supervision_due=_MonthsLater(Greatest("last_session", "first_start"), F("cadence"))
        )
    )


def _network_placements(day_from: date, day_to: date) -> QuerySet[Placement]:
    """Network placements (the family approved as a network family for this child) whose
    six months for intensive support ended from ``day_from`` to ``day_to``, with whether
    support started in time (a session with the family from the start to the deadline)
    and whether an exception is recorded."""
    network = Approval.objects.filter(
        type=ApprovalType.NETWORK, family=OuterRef("family"), child=OuterRef("child")
    )
    return (
        Placement.objects.filter(Exists(network))
        .annotate(
            deadline=_MonthsLater(F("start_date"), Value(INTENSIVE_SUPPORT_START_MONTHS)),
        )
        .filter(deadline__gte=day_from, deadline__lte=day_to)
        .annotate(
            support_in_time=Exists(
                SupervisionSession.objects.filter(
                    families=OuterRef("family"),
                    starts_at__gte=_LocalDayStart(OuterRef("start_date")),
                    starts_at__lt=_LocalDayStart(OuterRef("deadline"), plus_days=1),
                )
            ),
            exception=Exists(IntensiveSupportException.objects.filter(placement=OuterRef("pk"))),
        )
    )


def _judged_until(until: date) -> date:
    """Deadlines are judged once they have passed: up to yesterday at the latest."""
    return min(until, timezone.localdate() - timedelta(days=1))


def _basic_offered(day: date) -> Q:
    return Q(
        Exists(
            Enrolment.objects.filter(
                _basic_q(),
                member__family=OuterRef("pk"),
                created_at__lt=local_day_start(day + timedelta(days=1)),
            )
        )
    )


def _basic_completed(day: date) -> Q:
    return Q(
        Exists(
            Enrolment.objects.filter(
                _basic_q(), member__family=OuterRef("pk"), attended=True, run__ends_on__lte=day
            )
        )
    )


class FamilyStanding:
    """The values of the filters supervision adds to the family list."""

    OVERDUE = "overdue"  # supervision overdue on the day
    WITH_SESSION = "with_session"  # a child placed on the last day, a session in the period
    NONE_IN_PERIOD = "none_in_period"  # a child placed on the last day, no session in it
    IN_TIME = "in_time"  # a network placement's intensive support started within 6 months
    LATE = "late"  # ... did not, and no exception was recorded
    OFFERED = "offered"
    NOT_OFFERED = "not_offered"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"


def family_filter_supervision(families, value: str, *, on: date, since=None, until=None):
    """Families overdue for supervision on ``on``, or (with a period) placed on its last
    day without a session in it."""
    if value == FamilyStanding.OVERDUE:
        return _with_supervision_due(families, on).filter(supervision_due__lt=on)
    if value == FamilyStanding.WITH_SESSION and since and until:
        return families.filter(_placed_on(until) & _supervised_q(since, until))
    if value == FamilyStanding.NONE_IN_PERIOD and since and until:
        return families.filter(_placed_on(until)).exclude(_supervised_q(since, until))
    return families


def family_filter_intensive_support(families, value: str, *, on: date, since=None, until=None):
    """Network families whose intensive support started within 6 months of a placement
    (or did not, with no exception recorded), for deadlines in the period."""
    condition = {
        FamilyStanding.IN_TIME: Q(support_in_time=True),
        FamilyStanding.LATE: Q(support_in_time=False, exception=False),
    }.get(value)
    if condition is None or not (since and until):
        return families
    placements = _network_placements(since, _judged_until(until)).filter(condition)
    return families.filter(pk__in=placements.values("family"))


def family_filter_basic_course(families, value: str, *, on: date, since=None, until=None):
    """Families offered (or not) the basic course of at least 4 days by ``on``, and
    those who completed it (or not)."""
    condition = {
        FamilyStanding.OFFERED: _basic_offered(on),
        FamilyStanding.NOT_OFFERED: ~_basic_offered(on),
        FamilyStanding.COMPLETED: _basic_completed(on),
        FamilyStanding.NOT_COMPLETED: ~_basic_completed(on),
    }.get(value)
    return families if condition is None else families.filter(condition)


# --- figures for managers ------------------------------------------------------------------
# Each function is one indicator of the managers' dashboard (DOMAIN.md §3). It takes the
# acting user, the period (``since`` to ``until``, both included; ``until`` is not after
# today; where it says so, several periods in the same queries,
# ``fostercare.figures.for_periods``) and, where it makes sense, one consultant, whose
# families are those they were the fixed consultant of on the period's last day. Figures
# count the user's whole municipality and name no one; the lists behind them (the family
# list with the filters above, ``session_filter``) apply the same filters. Fixed number
# of queries.
def _figure_families(*, user: User, until: date, consultant: User | None) -> QuerySet[Family]:
    families = family_scope(user=user)
    if consultant is not None:
        families = families.filter(_consultant_is(consultant, until))
    return families


@for_periods
def supervision_family_figures(
    *, user: User, periods: list[Span], consultant: User | None = None
) -> list[dict]:
    """Families with a child placed on the period's last day; those of them with a
    supervision session in the period, in all and by each type of current approval (a
    family with two types counts under both); and those overdue for supervision that
    day by the municipality's cadence. Three queries for all the periods, grouped per
    family and finished here rather than with subqueries per family (the same families
    as ``family_filter_supervision``; overdue as ``_with_supervision_due``)."""
    names = [f"n{i}" for i in range(len(periods))]
    placed_on = [
        placement_active_on_q(until)
        & Q(family__in=_figure_families(user=user, until=until, consultant=consultant))
        for _since, until in periods
    ]
    placed: list[dict[int, date]] = [{} for _span in periods]  # family: first current start
    for family_id, *firsts in (
        Placement.objects.filter(reduce(operator.or_, placed_on))
        .order_by()
        .values("family_id")
        .annotate(
            **{name: Min("start_date", filter=q) for name, q in zip(names, placed_on, strict=True)}
        )
        .values_list("family_id", *names)
    ):
        for i, first in enumerate(firsts):
            if first is not None:
                placed[i][family_id] = first
    every = set().union(*placed)
    ends = [local_day_start(until + timedelta(days=1)) for _since, until in periods]
    held_in = [
        Q(
            supervisionsession__starts_at__gte=local_day_start(since),
            supervisionsession__starts_at__lt=end,
        )
        for (since, _until), end in zip(periods, ends, strict=True)
    ]
    supervised: list[set] = [set() for _span in periods]
    last_session: list[dict[int, date]] = [{} for _span in periods]  # its local day
    lasts = [f"last{i}" for i in range(len(periods))]
    for family_id, *found in (
        SupervisionSession.families.through.objects.filter(
            family_id__in=every, supervisionsession__starts_at__lt=max(ends)
        )
        .order_by()
        .values("family_id")
        .annotate(
            **period_counts(held_in),
            **{
                name: TruncDate(
                    Max(
                        "supervisionsession__starts_at",
                        filter=Q(supervisionsession__starts_at__lt=end),
                    )
                )
                for name, end in zip(lasts, ends, strict=True)
            },
        )
        .values_list("family_id", *names, *lasts)
    ):
        counts, latest = found[: len(periods)], found[len(periods) :]
        for i, (n, day) in enumerate(zip(counts, latest, strict=True)):
            if n and family_id in placed[i]:
                supervised[i].add(family_id)
            if day is not None:
                last_session[i][family_id] = day
    current = [approval_current_q(until) for _since, until in periods]
    by_type = [{value: [0, 0] for value in ApprovalType.values} for _span in periods]
    cadence: list[dict[int, int]] = [{} for _span in periods]  # the shortest of the types'
    for family_id, approval_type, months, *counts in (
        Approval.objects.filter(reduce(operator.or_, current), family_id__in=every)
        .order_by()
        .values("family_id", "type")
        .annotate(
            months=Subquery(
                SupervisionCadence.objects.filter(
                    municipality_id=user.municipality_id, family_type=OuterRef("type")
                ).values("months")
            ),
            **period_counts(current),
        )
        .values_list("family_id", "type", "months", *names)
    ):
        for i, n in enumerate(counts):
            if n and family_id in placed[i]:
                by_type[i][approval_type][0] += 1
                by_type[i][approval_type][1] += family_id in supervised[i]
                if months is not None:
                    cadence[i][family_id] = min(cadence[i].get(family_id, months), months)
    overdue = [
        sum(
            supervision_due(
                first_start,
                last_session[i].get(family_id),
                cadence[i].get(family_id, DEFAULT_SUPERVISION_CADENCE_MONTHS),
            )
            < until
            for family_id, first_start in placed[i].items()
        )
        for i, (_since, until) in enumerate(periods)
    ]
    return [
        {
            "placed": len(placed[i]),
            "supervised": len(supervised[i]),
            "overdue": overdue[i],
            "by_type": {value: tuple(counts) for value, counts in by_type[i].items()},
        }
        for i in range(len(periods))
    ]


def _has_type(day: date, approval_type: str) -> Q:
    return Q(
        Exists(
            Approval.objects.filter(
                approval_current_q(day), family=OuterRef("pk"), type=approval_type
            )
        )
    )


@for_periods
def supervision_intensive_figures(
    *, user: User, periods: list[Span], consultant: User | None = None
) -> list[dict]:
    """Network placements whose six months for intensive support ended in the period (by
    yesterday): support started in time, an exception recorded, or late. One query for
    all the periods."""
    ends = [(since, _judged_until(until)) for since, until in periods]
    ended_in = [
        Q(deadline__gte=since, deadline__lte=judged_until)
        & Q(family__in=_figure_families(user=user, until=until, consultant=consultant))
        for (since, judged_until), (_since, until) in zip(ends, periods, strict=True)
    ]
    placements = _network_placements(*covering(ends)).filter(reduce(operator.or_, ended_in))
    outcome = Case(
        When(support_in_time=True, then=Value("in_time")),
        When(exception=True, then=Value("exception")),
        default=Value("late"),
        output_field=CharField(),
    )
    counts = [dict.fromkeys(("in_time", "exception", "late"), 0) for _span in periods]
    for key, *found in (
        placements.annotate(outcome=outcome)
        .order_by()
        .values_list("outcome")
        .annotate(**period_counts(ended_in))
    ):
        for i, n in enumerate(found):
            counts[i][key] = n
    return [{"due": sum(c.values()), **c} for c in counts]


@for_periods
def course_basic_figures(
    *, user: User, periods: list[Span], consultant: User | None = None
) -> list[dict]:
    """Families with a current network approval on the period's last day: offered the
    basic course of at least 4 full days by then, and completed it (as
    ``family_filter_basic_course``). Two grouped queries for all the periods."""
    network = [
        approval_current_q(until)
        & Q(family__in=_figure_families(user=user, until=until, consultant=consultant))
        for _since, until in periods
    ]
    names = [f"n{i}" for i in range(len(periods))]
    approved: list[set] = [set() for _span in periods]
    for family_id, *counts in (
        Approval.objects.filter(reduce(operator.or_, network), type=ApprovalType.NETWORK)
        .order_by()
        .values("family_id")
        .annotate(**period_counts(network))
        .values_list("family_id", *names)
    ):
        for i, n in enumerate(counts):
            if n:
                approved[i].add(family_id)
    courses = list(
        Enrolment.objects.filter(_basic_q(), member__family_id__in=set().union(*approved))
        .order_by()
        .values("member__family_id")
        .annotate(
            first_offered=Min("created_at"),
            first_completed=Min("run__ends_on", filter=Q(attended=True)),
        )
    )
    offered_at = {row["member__family_id"]: row["first_offered"] for row in courses}
    completed_on = {row["member__family_id"]: row["first_completed"] for row in courses}
    found = []
    for families, (_since, until) in zip(approved, periods, strict=True):
        end = local_day_start(until + timedelta(days=1))
        found.append(
            {
                "network": len(families),
                "offered": sum(offered_at.get(f, end) < end for f in families),
                "completed": sum((completed_on.get(f) or date.max) <= until for f in families),
            }
        )
    return found


@for_periods
def session_figures(
    *, user: User, periods: list[Span], consultant: User | None = None
) -> list[dict]:
    """Supervision sessions held in the period: individual (one family) and group, and
    their hours. One query for all the periods (the filters of ``session_filter``)."""
    held_in = [
        Q(
            starts_at__gte=local_day_start(since),
            starts_at__lt=local_day_start(until + timedelta(days=1)),
        )
        & _with_families_q(family_type="", consultant=consultant, day=until)
        for since, until in periods
    ]
    names = [f"{key}{i}" for i in range(len(periods)) for key in ("total", "minutes")]
    counts = dict.fromkeys(names, 0) | {f"group{i}": 0 for i in range(len(periods))}
    for group, *found in (
        session_list(user=user)
        .order_by()
        .filter(reduce(operator.or_, held_in))
        .annotate(group=ExpressionWrapper(Q(family_count__gt=1), BooleanField()))
        .values_list("group")
        .annotate(
            **{
                f"{key}{i}": aggregate
                for i, q in enumerate(held_in)
                for key, aggregate in (
                    ("total", Count("pk", filter=q)),
                    ("minutes", Coalesce(Sum("duration_minutes", filter=q), 0)),
                )
            }
        )
        .values_list("group", *names)
    ):
        for name, n in zip(names, found, strict=True):
            counts[name] += n
            if group and name.startswith("total"):
                counts[name.replace("total", "group")] += n
    return [
        {
            "total": counts[f"total{i}"],
            "individual": counts[f"total{i}"] - counts[f"group{i}"],
            "group": counts[f"group{i}"],
            "hours": round(counts[f"minutes{i}"] / 60),
        }
        for i in range(len(periods))
    ]


def member_choices_for_enrolment(*, user: User, family_public_id=None) -> QuerySet:
    from families.models import FamilyMember

    members = FamilyMember.objects.filter(
        family__municipality_id=user.municipality_id, family__is_active=True
    ).exclude(kind=FamilyMember.Kind.OWN_CHILD)
    if family_public_id:
        members = members.filter(family__public_id=family_public_id)
    return members.select_related("family").order_by("family__name", "full_name")


# --- the yearly plan (årshjul) -----------------------------------------------------------
def supervision_year_plan(*, user: User, year: int) -> list[PlanEntry]:
    """The municipality's courses, network meetings and group sessions in ``year``, and
    what other apps registered (``supervision/year_plan.py``: support's network-group
    meetings), in date order (group sessions without the families' names)."""
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
    entries += year_plan_registered_entries(user=user, year=year)
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
