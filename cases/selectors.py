"""Every read of children's cases, limited to what the user may see.

Caseworkers and managers see every child of their municipality; a family-care
consultant sees only children currently placed in a family they are the fixed
consultant of; everyone else nothing. Another municipality's child is a 404.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from operator import or_

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.models import (
    ActionPlan,
    BreakdownReason,
    CaseworkerAssignment,
    Child,
    ContactArrangement,
    EndReason,
    InformationItem,
    Initiator,
    Placement,
    PlacementChange,
    StatutoryVisit,
    next_visit_due,
)
from cases.rules import INFORMATION_LOOKBACK_DAYS, VISIT_INTERVAL_DAYS, WORKLIST_HORIZON_DAYS
from families.models import (
    FULL_TIME_KINDS,
    Approval,
    ApprovalType,
    ConsultantAssignment,
    PlacementKind,
)
from families.selectors import placement_active_on_q
from fostercare.accounts.models import Role, User
from fostercare.accounts.selectors import assignment_current_q, staff_list
from fostercare.figures import Span, counts_per_period, covering, for_periods, period_counts


def child_scope(*, user: User, today: date | None = None) -> QuerySet[Child]:
    """Every child the user may read."""
    children = Child.objects.filter(municipality_id=user.municipality_id)
    if user.role in (Role.CASEWORKER, Role.MANAGER):
        return children
    if user.role == Role.CONSULTANT:
        today = today or timezone.localdate()
        own_families = ConsultantAssignment.objects.filter(
            assignment_current_q(today), consultant=user
        ).values("family_id")
        return children.filter(
            Exists(
                Placement.objects.filter(
                    child=OuterRef("pk"), end_date__isnull=True, family_id__in=own_families
                )
            )
        )
    return children.none()


def _current_placement() -> QuerySet[Placement]:
    return Placement.objects.filter(
        child=OuterRef("pk"), end_date__isnull=True, kind__in=FULL_TIME_KINDS
    )


def _caseworker_on(day: date | None) -> QuerySet[CaseworkerAssignment]:
    """The outer child's caseworker: the open assignment, or the one in force on ``day``."""
    if day is None:
        return CaseworkerAssignment.objects.filter(child=OuterRef("pk"), ends_on__isnull=True)
    return CaseworkerAssignment.objects.filter(assignment_current_q(day), child=OuterRef("pk"))


def child_list(*, user: User, on: date | None = None) -> QuerySet[Child]:
    """Children with what a list shows: current family and caseworker (the caseworker
    on ``on``, where a list looks at another day)."""
    current = _current_placement()
    caseworker = _caseworker_on(on)
    return child_scope(user=user).annotate(
        family_name=Subquery(current.values("family__name")[:1]),
        placement_kind=Subquery(current.values("kind")[:1]),
        caseworker_id=Subquery(caseworker.values("caseworker_id")[:1]),
        caseworker_name=Subquery(caseworker.values("caseworker__full_name")[:1]),
    )


class Situation:
    """What the child list can look for on a day (``child_filter(situation=, on=)``)."""

    PLACED = "placed"  # in full-time care
    VISIT_OVERDUE = "visit_overdue"
    REVIEW_OVERDUE = "review_overdue"


class VisitFinding:
    """What the child list can look for among a period's visits (``child_filter(visit=)``)."""

    LATE = "late"
    NOT_ALONE = "not_alone"


def child_filter(
    queryset: QuerySet[Child], *, cpr: str | None = None, name: str = "",
    placed: bool | None = None, caseworker_id: int | None = None, situation: str = "",
    on: date | None = None, visit: str = "", since: date | None = None,
    until: date | None = None, caseworker_changes: str = "",
) -> QuerySet[Child]:  # fmt: skip
    """The child list's filters; a CPR number (normalised) matches exactly, never in part:
    CPR numbers are not browsed. ``situation`` looks at the children on the day ``on``
    (default today); ``visit`` and ``caseworker_changes`` (a number, "2", or at least a
    number, "2+") at the period from ``since`` to ``until``. The managers' figures
    count with the same filters, so a figure and the list behind it agree."""
    if cpr:
        queryset = queryset.filter(cpr=cpr)
    if name:
        queryset = queryset.filter(Q(first_name__icontains=name) | Q(last_name__icontains=name))
    if placed is True:
        queryset = queryset.filter(family_name__isnull=False)
    elif placed is False:
        queryset = queryset.filter(family_name__isnull=True)
    if caseworker_id:
        queryset = queryset.filter(caseworker_id=caseworker_id)
    day = on or timezone.localdate()
    if situation == Situation.PLACED:
        queryset = queryset.filter(Exists(_placed_full_time_on(day)))
    elif situation == Situation.VISIT_OVERDUE:
        queryset = _with_visit_due(queryset, day).filter(visit_due__lt=day)
    elif situation == Situation.REVIEW_OVERDUE:
        queryset = _with_review_due(queryset, day).filter(review_due__lt=day)
    if since and until:
        if visit == VisitFinding.LATE:
            queryset = queryset.filter(_late_visit_q(since, until))
        elif visit == VisitFinding.NOT_ALONE:
            queryset = queryset.filter(
                Exists(
                    StatutoryVisit.objects.filter(
                        child=OuterRef("pk"),
                        visited_on__range=(since, until),
                        spoken_alone=False,
                    )
                )
            )
        if caseworker_changes:
            at_least = caseworker_changes.endswith("+")
            wanted = int(caseworker_changes.rstrip("+"))
            queryset = queryset.annotate(
                caseworker_changes=Coalesce(
                    Subquery(
                        _caseworker_changes(since, until)
                        .filter(child=OuterRef("pk"))
                        .order_by()
                        .values("child")
                        .annotate(n=Count("pk"))
                        .values("n")[:1]
                    ),
                    0,
                )
            )
            lookup = "caseworker_changes__gte" if at_least else "caseworker_changes"
            queryset = queryset.filter(**{lookup: wanted})
    return queryset


def _placed_full_time_on(day: date) -> QuerySet[Placement]:
    return Placement.objects.filter(
        placement_active_on_q(day), child=OuterRef("pk"), kind__in=FULL_TIME_KINDS
    )


def _visit_due_on(day: date):
    """The day the outer child's next statutory visit was due as seen on ``day``
    (``next_visit_due``: half a year after the last visit, or after the start of the
    full-time placement in force that day)."""
    last_visit = (
        StatutoryVisit.objects.counting()
        .filter(child=OuterRef("pk"), visited_on__lte=day)
        .order_by("-visited_on")
        .values("visited_on")[:1]
    )
    placed_since = _placed_full_time_on(day).order_by("-start_date").values("start_date")[:1]
    return Cast(
        ExpressionWrapper(
            Coalesce(Subquery(last_visit), Subquery(placed_since))
            + timedelta(days=VISIT_INTERVAL_DAYS),
            output_field=DateField(),
        ),
        DateField(),
    )


def _with_visit_due(queryset: QuerySet[Child], day: date) -> QuerySet[Child]:
    """The children in full-time care on ``day`` with the day their next statutory visit
    was due as seen on ``day`` (``_visit_due_on``)."""
    return queryset.filter(Exists(_placed_full_time_on(day))).annotate(visit_due=_visit_due_on(day))


def _review_due_on(day: date) -> Subquery:
    """The review date of the outer child's action plan in force on ``day``."""
    latest = ActionPlan.objects.filter(child=OuterRef("pk"), adopted_on__lte=day).order_by(
        "-adopted_on", "-id"
    )
    return Subquery(latest.values("next_review_on")[:1])


def _with_review_due(queryset: QuerySet[Child], day: date) -> QuerySet[Child]:
    """The children in full-time care on ``day`` who have an action plan, with the review
    date of the plan in force on ``day``."""
    return (
        queryset.filter(Exists(_placed_full_time_on(day)))
        .annotate(review_due=_review_due_on(day))
        .filter(review_due__isnull=False)
    )


def _date_plus(field: str, days: int):
    return Cast(
        ExpressionWrapper(F(field) + timedelta(days=days), output_field=DateField()), DateField()
    )


def _visit_anchors(since: date, until: date) -> tuple[QuerySet, QuerySet]:
    """The statutory visits that fell due from ``since`` to ``until`` (and before today,
    so they can be judged): a visit is due half a year after the last one, or after a
    full-time placement began without a visit before it; it counts while the child is in
    full-time care on the day it is due. Each row has ``due`` and ``on_time`` (the next
    visit came on or before that day). Visits as anchors, placements as anchors."""
    last_day = min(until, timezone.localdate() - timedelta(days=1))
    in_care = Placement.objects.filter(
        child=OuterRef("child"),
        kind__in=FULL_TIME_KINDS,
        start_date__lte=OuterRef("due"),
    ).filter(Q(end_date__isnull=True) | Q(end_date__gt=OuterRef("due")))

    def next_visit(after: str):
        return StatutoryVisit.objects.counting().filter(
            child=OuterRef("child"), visited_on__gt=OuterRef(after), visited_on__lte=OuterRef("due")
        )

    # The same days as ``due__range`` on the stored day, which the planner can use
    # before computing ``due`` for every visit and placement.
    interval = timedelta(days=VISIT_INTERVAL_DAYS)
    anchored = (since - interval, last_day - interval)
    visits = (
        StatutoryVisit.objects.counting()
        .filter(visited_on__range=anchored)
        .annotate(due=_date_plus("visited_on", VISIT_INTERVAL_DAYS))
        .filter(due__range=(since, last_day))
        .filter(Exists(in_care))
        .annotate(on_time=Exists(next_visit("visited_on")))
    )
    starts = (
        Placement.objects.filter(kind__in=FULL_TIME_KINDS, start_date__range=anchored)
        .exclude(
            Exists(
                StatutoryVisit.objects.counting().filter(
                    child=OuterRef("child"), visited_on__lte=OuterRef("start_date")
                )
            )
        )
        .annotate(due=_date_plus("start_date", VISIT_INTERVAL_DAYS))
        .filter(due__range=(since, last_day))
        .filter(Exists(in_care))
        .annotate(on_time=Exists(next_visit("start_date")))
    )
    return visits, starts


def _late_visit_q(since: date, until: date) -> Q:
    """Children with a statutory visit due in the period that did not come in time."""
    visits, starts = _visit_anchors(since, until)
    return Q(Exists(visits.filter(on_time=False, child=OuterRef("pk")))) | Q(
        Exists(starts.filter(on_time=False, child=OuterRef("pk")))
    )


def _caseworker_changes(since: date, until: date) -> QuerySet[CaseworkerAssignment]:
    """Changes of caseworker from ``since`` to ``until``: an assignment that took over
    from one ending the day it began (not a child's first caseworker)."""
    took_over = CaseworkerAssignment.objects.filter(
        child=OuterRef("child"), ends_on=OuterRef("starts_on")
    )
    return CaseworkerAssignment.objects.filter(Exists(took_over), starts_on__range=(since, until))


def _contact_current_q(day: date) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def child_list_in_family(*, user: User, family, today: date | None = None) -> list[dict]:
    """First name, age and kind of placement of the user's municipality's children
    living in ``family`` now, and the contact arrangement in force today (the hotline's
    calls about contact with the parents): all an on-call responder may know of them.
    Two queries."""
    today = today or timezone.localdate()
    placements = list(
        Placement.objects.filter(
            family=family, end_date__isnull=True, child__municipality_id=user.municipality_id
        )
        .select_related("child")
        .order_by("child__birth_date")
    )
    contacts = {
        c.child_id: c
        for c in ContactArrangement.objects.filter(
            _contact_current_q(today), child_id__in=[p.child_id for p in placements]
        ).order_by("starts_on")
    }
    return [
        {
            "first_name": p.child.first_name,
            "age": p.child.age_on(today),
            "kind": p.get_kind_display(),
            "contact": contacts.get(p.child_id),
        }
        for p in placements
    ]


def placement_list_in_family(*, user: User, family) -> list[Placement]:
    """The user's municipality's children living in ``family`` now or from a planned
    start, with the child (one query). The family's page links them to the child's
    case for those who may read it."""
    return list(
        Placement.objects.filter(
            family=family, child__municipality_id=user.municipality_id, end_date__isnull=True
        )
        .select_related("child")
        .order_by("start_date", "pk")
    )


def places_taken_elsewhere(*, user: User, family) -> list[dict]:
    """The family's places taken now by children of other municipalities, when the
    family is the user's municipality's: the placing municipality, the kind of place
    and since when, and nothing about the child (its case is the placing
    municipality's). One query, none for another municipality's family."""
    if family.municipality_id != user.municipality_id:
        return []
    placements = (
        Placement.objects.filter(family=family, end_date__isnull=True)
        .exclude(child__municipality_id=user.municipality_id)
        .order_by("start_date", "pk")
        .values("kind", "start_date", "child__municipality__name")
    )
    return [
        {
            "municipality": p["child__municipality__name"],
            "kind": PlacementKind(p["kind"]).label,
            "start_date": p["start_date"],
        }
        for p in placements
    ]


def contact_arrangement_current(*, child: Child, today: date | None = None):
    """The child's contact arrangement in force on ``today``, if any."""
    today = today or timezone.localdate()
    return child.contact_arrangements.filter(_contact_current_q(today)).first()


def child_get(*, user: User, public_id) -> Child:
    """One child the user may read, or 404."""
    return get_object_or_404(child_scope(user=user), public_id=public_id)


def child_detail(*, user: User, public_id) -> Child:
    """A child with everything its page shows, prefetched."""
    queryset = child_scope(user=user).prefetch_related(
        Prefetch(
            "placements",
            queryset=Placement.objects.select_related("family__municipality").order_by(
                "-start_date", "-id"
            ),
        ),
        Prefetch(
            "caseworker_assignments",
            queryset=CaseworkerAssignment.objects.select_related("caseworker"),
        ),
        Prefetch("visits", queryset=StatutoryVisit.objects.select_related("visitor")),
        "action_plans",
        "contact_arrangements",
        Prefetch(
            "placement_changes",
            queryset=PlacementChange.objects.select_related(
                "from_placement__family", "to_family", "decided_by"
            ),
        ),
    )
    child = get_object_or_404(queryset, public_id=public_id)
    child.current_placement = next(
        (p for p in child.placements.all() if p.end_date is None and p.is_full_time), None
    )
    child.current_caseworker = next(
        (a for a in child.caseworker_assignments.all() if a.ends_on is None), None
    )
    child.family_consultant = None
    if child.current_placement:
        child.family_consultant = (
            ConsultantAssignment.objects.filter(
                assignment_current_q(timezone.localdate()), family=child.current_placement.family
            )
            .select_related("consultant")
            .order_by("-starts_on")
            .first()
        )
    counting = [visit for visit in child.visits.all() if visit.resets_deadline]
    child.next_visit_due = next_visit_due(
        counting[0].visited_on if counting else None,
        child.current_placement.start_date if child.current_placement else None,
    )
    return child


def child_shows_full_cpr(*, user: User, child: Child) -> bool:
    """The full CPR number is for the child's own caseworker and managers."""
    if user.role == Role.MANAGER:
        return True
    current = getattr(child, "current_caseworker", None)
    return user.role == Role.CASEWORKER and current is not None and current.caseworker_id == user.pk


def placement_change_get(*, user: User, child: Child, public_id) -> PlacementChange:
    return get_object_or_404(
        PlacementChange.objects.filter(child=child).select_related(
            "from_placement__family", "to_family", "child"
        ),
        public_id=public_id,
    )


def placement_current_get(*, user: User, child: Child) -> Placement | None:
    """The child's current full-time placement (the child comes from ``child_get``)."""
    return (
        Placement.objects.filter(child=child, end_date__isnull=True, kind__in=FULL_TIME_KINDS)
        .select_related("family")
        .first()
    )


def placement_active_get(*, user: User, child: Child, public_id) -> Placement:
    return get_object_or_404(
        Placement.objects.filter(child=child, end_date__isnull=True).select_related("family"),
        public_id=public_id,
    )


# --- the caseworker's worklist -------------------------------------------------------
@dataclass(frozen=True)
class WorkItem:
    kind: str  # "visit", "review", "change"
    due: date
    child: Child
    change: PlacementChange | None = None
    missing: tuple[str, ...] = ()

    @property
    def overdue(self) -> bool:
        return self.due < timezone.localdate()


def child_list_mine(*, user: User, today: date | None = None) -> QuerySet[Child]:
    """Children whose current caseworker is ``user``."""
    return child_scope(user=user).filter(
        caseworker_assignments__caseworker=user, caseworker_assignments__ends_on__isnull=True
    )


def _information_missing(children: QuerySet[Child], today: date) -> list[WorkItem]:
    """Current full-time placements begun within ``INFORMATION_LOOKBACK_DAYS`` whose
    foster family has not been given every item of the information checklist; due when
    the placement started. One query."""
    placements = (
        Placement.objects.filter(
            start_date__gte=today - timedelta(days=INFORMATION_LOOKBACK_DAYS),
            child__in=children,
            end_date__isnull=True,
            kind__in=FULL_TIME_KINDS,
        )
        .select_related("child")
        .annotate(given=ArrayAgg("information_given__item", distinct=True, default=Value([])))
    )
    labels = dict(InformationItem.choices)
    items = []
    for placement in placements:
        missing = tuple(str(labels[v]) for v in InformationItem.values if v not in placement.given)
        if missing:
            items.append(
                WorkItem("information", placement.start_date, placement.child, None, missing)
            )
    return items


def information_checklist(*, placement: Placement) -> list[dict]:
    """The checklist for ``placement``: each item with the log rows of when and by whom
    it was given (none: missing)."""
    rows = list(placement.information_given.select_related("given_by"))
    return [
        {"item": value, "label": label, "given": [r for r in rows if r.item == value]}
        for value, label in InformationItem.choices
    ]


def case_worklist(*, user: User, today: date | None = None) -> list[WorkItem]:
    """The caseworker's due work, most urgent first: statutory visits and action-plan
    reviews due within the horizon (or overdue), open changes of placement waiting
    for a legal step, and placements whose foster family still lacks information about
    the child. Four queries, whatever the caseload."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=WORKLIST_HORIZON_DAYS)
    children = child_list_mine(user=user, today=today)
    placed = (
        children.annotate(
            placed_since=Subquery(_current_placement().values("start_date")[:1]),
            last_visit=Subquery(
                StatutoryVisit.objects.counting()
                .filter(child=OuterRef("pk"))
                .order_by("-visited_on")
                .values("visited_on")[:1]
            ),
        )
        .filter(placed_since__isnull=False)
        .annotate(
            visit_due=Cast(
                ExpressionWrapper(
                    Coalesce(F("last_visit"), F("placed_since"))
                    + timedelta(days=VISIT_INTERVAL_DAYS),
                    output_field=DateField(),
                ),
                DateField(),
            )
        )
        .filter(visit_due__lte=horizon)
    )
    items = [WorkItem("visit", child.visit_due, child) for child in placed]
    latest_plan = ActionPlan.objects.filter(child=OuterRef("pk")).order_by("-adopted_on", "-id")
    reviews = children.annotate(
        review_due=Subquery(latest_plan.values("next_review_on")[:1])
    ).filter(review_due__lte=horizon)
    items += [WorkItem("review", child.review_due, child) for child in reviews]
    changes = PlacementChange.objects.filter(
        child__in=children, status=PlacementChange.Status.OPEN
    ).select_related("child", "to_family")
    for change in changes:
        missing = tuple(label for _name, label, _why in change.missing_steps)
        items.append(WorkItem("change", change.planned_move_on, change.child, change, missing))
    items += _information_missing(children, today)
    order = {"change": 0, "visit": 1, "review": 2, "information": 3}
    return sorted(items, key=lambda item: (item.due, order[item.kind], item.child.first_name))


# --- lists of placements and changes of placement ----------------------------------------
def _network_approval() -> QuerySet:
    """The outer placement's family is approved as a network family for its child."""
    return Approval.objects.filter(
        type=ApprovalType.NETWORK, family=OuterRef("family"), child=OuterRef("child")
    )


def placement_list(*, user: User) -> QuerySet[Placement]:
    """Placements of the children the user may read, with child and family."""
    return (
        Placement.objects.filter(child__in=child_scope(user=user))
        .select_related("child", "family")
        .annotate(in_network=Exists(_network_approval()))
    )


def _caseworker_is(caseworker_id: int, day: date, prefix: str = "child") -> Q:
    return Q(
        Exists(
            CaseworkerAssignment.objects.filter(
                assignment_current_q(day), child=OuterRef(prefix), caseworker_id=caseworker_id
            )
        )
    )


def placement_filter(
    queryset: QuerySet[Placement], *, kind: str = "", network: bool | None = None,
    active_on: date | None = None, started: tuple[date, date] | None = None,
    ended: tuple[date, date] | None = None, end_reason: str = "", breakdown_reason: str = "",
    caseworker_id: int | None = None, on: date | None = None,
) -> QuerySet[Placement]:  # fmt: skip
    """The placement list's filters (and the managers' figures: the same rows).
    ``started``/``ended`` are ``(first day, last day)``; ``caseworker_id`` is the child's
    caseworker on ``on`` (default today)."""
    if kind:
        queryset = queryset.filter(kind=kind)
    if network is not None:
        queryset = queryset.filter(
            Exists(_network_approval()) if network else ~Exists(_network_approval())
        )
    if active_on:
        queryset = queryset.filter(placement_active_on_q(active_on))
    if started:
        queryset = queryset.filter(start_date__range=started)
    if ended:
        queryset = queryset.filter(end_date__range=ended)
    if end_reason:
        queryset = queryset.filter(end_reason=end_reason)
    if breakdown_reason:
        queryset = queryset.filter(breakdown_reasons__contains=[breakdown_reason])
    if caseworker_id:
        queryset = queryset.filter(_caseworker_is(caseworker_id, on or timezone.localdate()))
    return queryset


class Legality:
    """How a completed change of placement stands against the three legal steps."""

    STEPS_BEFORE = "steps_before"  # all three steps recorded on or before the move
    ACUTE = "acute"  # moved on an acute exception
    STEPS_MISSING = "steps_missing"  # a step missing or recorded after the move


_STEPS_BEFORE_MOVE = Q(
    action_plan_revised_on__lte=F("completed_on"),
    child_conversation_on__lte=F("completed_on"),
    family_statement_on__lte=F("completed_on"),
)
LEGALITY_Q = {
    Legality.STEPS_BEFORE: _STEPS_BEFORE_MOVE,
    Legality.ACUTE: ~_STEPS_BEFORE_MOVE & Q(acute_exception=True),
    Legality.STEPS_MISSING: ~_STEPS_BEFORE_MOVE & Q(acute_exception=False),
}


def placement_change_list(*, user: User) -> QuerySet[PlacementChange]:
    """Changes of placement of the children the user may read; a completed one with its
    ``legality`` (a ``Legality`` value)."""
    return (
        PlacementChange.objects.filter(child__in=child_scope(user=user))
        .select_related("child", "from_placement__family", "to_family")
        .annotate(legality=_legality())
    )


def _legality() -> Case:
    """A change's ``Legality`` value (``LEGALITY_Q``) once completed, else ""."""
    return Case(
        *(
            When(q & Q(status=PlacementChange.Status.COMPLETED), then=Value(key))
            for key, q in LEGALITY_Q.items()
        ),
        default=Value(""),
        output_field=CharField(),
    )


def _completed_in(span: tuple[date, date]) -> Q:
    """Changes completed from the first day to the last."""
    return Q(status=PlacementChange.Status.COMPLETED, completed_on__range=span)


def placement_change_filter(
    queryset: QuerySet[PlacementChange], *, status: str = "",
    completed: tuple[date, date] | None = None, legality: str = "", initiated_by: str = "",
    poor_match: bool | None = None, late_assessment: bool | None = None,
    caseworker_id: int | None = None, on: date | None = None,
) -> QuerySet[PlacementChange]:  # fmt: skip
    """The change list's filters (and the managers' figures). A legality finding is for
    completed changes."""
    if status:
        queryset = queryset.filter(status=status)
    if completed:
        queryset = queryset.filter(_completed_in(completed))
    if legality in LEGALITY_Q:
        queryset = queryset.filter(LEGALITY_Q[legality], status=PlacementChange.Status.COMPLETED)
    if initiated_by:
        queryset = queryset.filter(initiated_by=initiated_by)
    if poor_match is not None:
        queryset = queryset.filter(poor_match=poor_match)
    if late_assessment is not None:
        queryset = queryset.filter(late_assessment=late_assessment)
    if caseworker_id:
        queryset = queryset.filter(_caseworker_is(caseworker_id, on or timezone.localdate()))
    return queryset


# --- figures for managers ------------------------------------------------------------------
# Each function is one indicator of the managers' dashboard (DOMAIN.md §3). It takes the
# acting user, the period (``since`` to ``until``, both days included; ``until`` is not
# after today) and, where it makes sense, one caseworker, whose children are those they
# were caseworker for on the period's last day. A state ("overdue") is taken on the
# period's last day; events ("placements begun") are counted within the period. Figures
# count the user's whole municipality and name no child, so an admin may see them too;
# the lists behind them (child_filter, placement_filter, placement_change_filter) apply
# the same filters to what the user may read. Each runs a fixed number of queries.
def _figure_children(*, user: User, until: date, caseworker: User | None) -> QuerySet[Child]:
    children = Child.objects.filter(municipality_id=user.municipality_id)
    if caseworker is not None:
        children = children.filter(_caseworker_is(caseworker.pk, until, prefix="pk"))
    return children


def _counts(queryset: QuerySet, field: str, values) -> dict[str, int]:
    found = dict(
        queryset.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n")
    )
    return {value: found.get(value, 0) for value in values}


@for_periods
def placement_active_figures(
    *, user: User, periods: list[Span], caseworker: User | None = None
) -> list[dict]:
    """Placements in force on each period's last day, by kind, and how many are in a
    network family (a family approved as a network family for that child). One query
    for all the periods."""
    in_force = {
        f"n_{i}": Count(
            "pk",
            filter=_figure_children_q(user=user, until=until, caseworker=caseworker)
            & placement_active_on_q(until),
        )
        for i, (_since, until) in enumerate(periods)
    }
    rows = list(
        Placement.objects.filter(child__municipality_id=user.municipality_id)
        .filter(reduce(or_, (placement_active_on_q(until) for _since, until in periods)))
        .annotate(in_network=Exists(_network_approval()))
        .order_by()
        .values_list("kind", "in_network")
        .annotate(**in_force)
    )
    figures = []
    for i in range(len(periods)):
        by_kind = dict.fromkeys(PlacementKind.values, 0)
        network = 0
        for kind, in_network, *counts in rows:
            by_kind[kind] = by_kind.get(kind, 0) + counts[i]
            network += counts[i] if in_network else 0
        figures.append({"total": sum(by_kind.values()), "network": network, "by_kind": by_kind})
    return figures


def _figure_children_q(
    *, user: User, until: date, caseworker: User | None, prefix: str = "child__"
) -> Q:
    """``_figure_children`` as a condition on rows with a child (``prefix``)."""
    if caseworker is None:
        return Q(**{f"{prefix}municipality_id": user.municipality_id})
    return Q(**{f"{prefix}in": _figure_children(user=user, until=until, caseworker=caseworker)})


def caseworker_had_q(caseworker: User | None, until: date, child: str = "pk") -> Q:
    """``_figure_children`` as a condition on children of the user's municipality (or,
    with ``child``, on rows about one: ``"child"``): the caseworker's on ``until`` (all,
    for no caseworker). Other apps' figures narrow to one caseworker with it."""
    if caseworker is None:
        return Q()
    return _caseworker_is(caseworker.pk, until, prefix=child)


@for_periods
def placement_flow_figures(
    *, user: User, periods: list[Span], caseworker: User | None = None
) -> list[dict]:
    """Placements begun in each period by kind, and ended in it by end reason (a move
    ends one placement and begins another). One query for all the periods: the
    placements begun or ended in any of them, grouped by kind and end reason and
    counted per period, added up here."""
    started, ended = [], []
    for since, until in periods:
        children = _figure_children_q(user=user, until=until, caseworker=caseworker)
        started.append(children & Q(start_date__range=(since, until)))
        ended.append(children & Q(end_date__range=(since, until)))
    span = covering(periods)
    rows = list(
        Placement.objects.filter(child__municipality_id=user.municipality_id)
        .filter(Q(start_date__range=span) | Q(end_date__range=span))
        .order_by()
        .values_list("kind", "end_reason")
        .annotate(**period_counts(started + ended))
    )
    figures = []
    for i in range(len(periods)):
        by_kind = dict.fromkeys(PlacementKind.values, 0)
        by_reason = dict.fromkeys(EndReason.values, 0)
        for kind, reason, *counts in rows:
            if kind in by_kind:
                by_kind[kind] += counts[i]
            if reason in by_reason:
                by_reason[reason] += counts[len(periods) + i]
        figures.append(
            {
                "started": sum(by_kind.values()),
                "started_by_kind": by_kind,
                "ended": sum(by_reason.values()),
                "ended_by_reason": by_reason,
            }
        )
    return figures


BREAKDOWN_YEARS = 5


@for_periods
def placement_breakdown_figures(
    *, user: User, periods: list[Span], caseworker: User | None = None
) -> list[dict]:
    """Breakdowns (placements ended in sammenbrud) in each period with their recorded
    reasons (a breakdown may have several), and breakdowns in each of the last five
    calendar years up to the period's. One query for all the periods: the breakdowns of
    those years by day and reasons (and, for one caseworker, whether the child was
    theirs on each period's last day), split per period here."""
    first_years = [until.year - BREAKDOWN_YEARS + 1 for _since, until in periods]
    theirs = {}
    if caseworker is not None:
        theirs = {
            f"theirs_{i}": ExpressionWrapper(
                _figure_children_q(user=user, until=until, caseworker=caseworker),
                output_field=BooleanField(),
            )
            for i, (_since, until) in enumerate(periods)
        }
    rows = (
        Placement.objects.filter(
            child__municipality_id=user.municipality_id,
            end_reason=EndReason.BREAKDOWN,
            end_date__gte=date(min(first_years), 1, 1),
            end_date__lte=max(until for _since, until in periods),
        )
        .annotate(**theirs)
        .order_by()
        .values_list("end_date", "breakdown_reasons", *theirs)
        .annotate(n=Count("pk"))
    )
    totals = [0 for _period in periods]
    by_reason = [dict.fromkeys(BreakdownReason.values, 0) for _period in periods]
    by_year = [
        dict.fromkeys(range(first_year, until.year + 1), 0)
        for first_year, (_since, until) in zip(first_years, periods, strict=True)
    ]
    for end_date, chosen, *flags, n in rows:
        for i, (since, until) in enumerate(periods):
            if (flags and not flags[i]) or end_date > until:
                continue
            if end_date >= since:
                totals[i] += n
                for reason in chosen:
                    by_reason[i][reason] = by_reason[i].get(reason, 0) + n
            if end_date.year >= first_years[i]:
                by_year[i][end_date.year] += n
    return [
        {"total": total, "by_reason": reasons, "by_year": years}
        for total, reasons, years in zip(totals, by_reason, by_year, strict=True)
    ]


def _figure_changes(user: User) -> QuerySet[PlacementChange]:
    return PlacementChange.objects.filter(child__municipality_id=user.municipality_id)


def _changes_completed_q(*, user: User, since: date, until: date, caseworker) -> Q:
    """Changes of the figures' children (``_figure_children_q``) completed in the period."""
    children = _figure_children_q(user=user, until=until, caseworker=caseworker)
    return children & _completed_in((since, until))


def _changes_completed_in(
    user: User, periods: list[Span], caseworker: User | None
) -> tuple[QuerySet[PlacementChange], list[Q]]:
    """The figures' changes completed in any of the periods, and each period's condition
    (``_changes_completed_q``) to count them by."""
    completed = [
        _changes_completed_q(user=user, since=since, until=until, caseworker=caseworker)
        for since, until in periods
    ]
    return _figure_changes(user).filter(_completed_in(covering(periods))), completed


@for_periods
def placement_change_figures(
    *, user: User, periods: list[Span], caseworker: User | None = None
) -> list[dict]:
    """Moves: changes of placement completed in each period, by who initiated them, and
    in how many a poor match or a late assessment of the child played a part. One query
    for all the periods: the changes completed in any of them, grouped by those three
    and counted per period, added up here."""
    changes, completed = _changes_completed_in(user, periods, caseworker)
    rows = list(
        changes.order_by()
        .values_list("initiated_by", "poor_match", "late_assessment")
        .annotate(**period_counts(completed))
    )
    figures = []
    for i in range(len(periods)):
        figure = {"total": 0, "poor_match": 0, "late_assessment": 0}
        by_initiator = dict.fromkeys(Initiator.values, 0)
        for initiator, poor_match, late_assessment, *counts in rows:
            figure["total"] += counts[i]
            figure["poor_match"] += counts[i] if poor_match else 0
            figure["late_assessment"] += counts[i] if late_assessment else 0
            if initiator in by_initiator:
                by_initiator[initiator] += counts[i]
        figures.append(figure | {"by_initiator": by_initiator})
    return figures


@for_periods
def placement_change_legality_figures(
    *, user: User, periods: list[Span], caseworker: User | None = None
) -> list[dict]:
    """Changes of placement completed in each period: with all three legal steps
    recorded on or before the move, moved on an acute exception, and with a step missing
    or recorded after the move (Ankestyrelsen's review found 61 % lawful). One query for
    all the periods: the changes completed in any of them, grouped by their legality
    (``_legality``, as the list shows it) and counted per period."""
    changes, completed = _changes_completed_in(user, periods, caseworker)
    rows = list(
        changes.annotate(legality=_legality())
        .order_by()
        .values_list("legality")
        .annotate(**period_counts(completed))
    )
    figures = []
    for i in range(len(periods)):
        by_legality = dict.fromkeys(LEGALITY_Q, 0)
        for legality, *counts in rows:
            if legality in by_legality:
                by_legality[legality] += counts[i]
        total = sum(counts[i] for _key, *counts in rows)
        figures.append({"total": total, "by_legality": by_legality})
    return figures


def _placed_on_last_days(
    *, user: User, periods: list[Span], caseworker: User | None, value: Callable[[date], Subquery]
) -> list[list]:
    """For each period, ``value(until)`` of each child of the figures
    (``_figure_children``) in full-time care on the period's last day. One query for
    all the periods: a row per child of the municipality with, for each last day,
    whether the child was in care and the value (each subquery once; the children are
    few), sorted out here."""
    columns = {}
    for i, (_since, until) in enumerate(periods):
        columns |= {f"placed_{i}": Exists(_placed_full_time_on(until)), f"value_{i}": value(until)}
    theirs = {}
    if caseworker is not None:
        theirs = {
            f"theirs_{i}": ExpressionWrapper(
                caseworker_had_q(caseworker, until), output_field=BooleanField()
            )
            for i, (_since, until) in enumerate(periods)
        }
    rows = (
        Child.objects.filter(municipality_id=user.municipality_id)
        .annotate(**theirs, **columns)
        .order_by()
        .values_list(*theirs, *columns)
    )
    found = [[] for _period in periods]
    for row in rows:
        mine, values = row[: len(theirs)], row[len(theirs) :]
        for i, placed in enumerate(found):
            if values[2 * i] and (not theirs or mine[i]):
                placed.append(values[2 * i + 1])
    return found


@for_periods
def visit_overdue_figures(
    *, user: User, periods: list[Span], caseworker: User | None = None
) -> list[dict]:
    """Children in full-time care on each period's last day, and those of them whose
    statutory visit was overdue that day (``_visit_due_on``). One query for all the
    periods (``_placed_on_last_days``)."""
    found = _placed_on_last_days(
        user=user, periods=periods, caseworker=caseworker, value=_visit_due_on
    )
    return [
        {"placed": len(dues), "overdue": sum(1 for due in dues if due < until)}
        for dues, (_since, until) in zip(found, periods, strict=True)
    ]


@for_periods
def visit_on_time_figures(
    *, user: User, periods: list[Span], caseworker: User | None = None
) -> list[dict]:
    """Statutory visits that fell due in each period (by the day before today), and how
    many came on time (``_visit_anchors``). One query for all the periods: the visits
    and the placements as anchors, each grouped by whether the next visit came on time,
    put together (``UNION ALL``)."""
    last_day = timezone.localdate() - timedelta(days=1)
    in_period = {
        f"n_{i}": Count(
            "pk",
            filter=Q(due__range=(since, min(until, last_day)))
            & _figure_children_q(user=user, until=until, caseworker=caseworker),
        )
        for i, (since, until) in enumerate(periods)
    }
    first, last = covering(periods)
    visits, starts = (
        anchors.filter(child__municipality_id=user.municipality_id)
        .order_by()
        .values_list("on_time")
        .annotate(**in_period)
        for anchors in _visit_anchors(first, last)
    )
    figures = [{"due": 0, "on_time": 0} for _period in periods]
    for came_on_time, *counts in visits.union(starts, all=True):
        for figure, n in zip(figures, counts, strict=True):
            figure["due"] += n
            figure["on_time"] += n if came_on_time else 0
    return [figure | {"late": figure["due"] - figure["on_time"]} for figure in figures]


@for_periods
def visit_alone_figures(
    *, user: User, periods: list[Span], caseworker: User | None = None
) -> list[dict]:
    """Statutory visits made in each period, and in how many the child was spoken with
    alone. One query for all the periods."""

    def conditions(since: date, until: date) -> dict[str, Q]:
        made = _figure_children_q(user=user, until=until, caseworker=caseworker) & Q(
            visited_on__range=(since, until)
        )
        return {"visits": made, "alone": made & Q(spoken_alone=True)}

    visits = StatutoryVisit.objects.filter(
        child__municipality_id=user.municipality_id,
        visited_on__range=covering(periods),
    )
    return counts_per_period(visits, periods, conditions)


@for_periods
def caseworker_change_figures(
    *, user: User, periods: list[Span], caseworker: User | None = None
) -> list[dict]:
    """Caseworker continuity (DOMAIN.md §3): among the children in full-time care at
    some time in each period, how many changes of caseworker there were, how many
    children had none, one, two, three or more, and the changes per child per year.
    Two queries for all the periods."""

    def in_care_q(since: date, until: date) -> Q:
        return Q(
            Exists(
                Placement.objects.filter(
                    child=OuterRef("pk"), kind__in=FULL_TIME_KINDS, start_date__lte=until
                ).filter(Q(end_date__isnull=True) | Q(end_date__gt=since))
            )
        )

    totals = Child.objects.filter(municipality_id=user.municipality_id).aggregate(
        **{
            f"children_{i}": Count(
                "pk", filter=caseworker_had_q(caseworker, until) & in_care_q(since, until)
            )
            for i, (since, until) in enumerate(periods)
        }
    )
    first, last = covering(periods)
    rows = list(
        _caseworker_changes(first, last)
        .filter(child__municipality_id=user.municipality_id)
        .order_by()
        .values_list("child")
        .annotate(
            **{
                f"n_{i}": Count(
                    "pk",
                    filter=Q(starts_on__range=(since, until))
                    & Q(
                        child__in=Child.objects.filter(
                            caseworker_had_q(caseworker, until),
                            in_care_q(since, until),
                            municipality_id=user.municipality_id,
                        )
                    ),
                )
                for i, (since, until) in enumerate(periods)
            }
        )
    )
    figures = []
    for i, (since, until) in enumerate(periods):
        per_child = [counts[i] for _child, *counts in rows if counts[i]]
        total_children = totals[f"children_{i}"]
        changes = sum(per_child)
        distribution = {"0": total_children - len(per_child), "1": 0, "2": 0, "3+": 0}
        for n in per_child:
            distribution["3+" if n >= 3 else str(n)] += 1
        days = (until - since).days + 1
        figures.append(
            {
                "children": total_children,
                "changes": changes,
                "two_or_more": distribution["2"] + distribution["3+"],
                "distribution": distribution,
                "per_child_per_year": round(changes / total_children * 365 / days, 2)
                if total_children
                else None,
            }
        )
    return figures


@for_periods
def action_plan_overdue_figures(
    *, user: User, periods: list[Span], caseworker: User | None = None
) -> list[dict]:
    """Children in full-time care on each period's last day who have an action plan, and
    those whose plan was overdue for review that day (``_review_due_on``). One query for
    all the periods (``_placed_on_last_days``)."""
    found = _placed_on_last_days(
        user=user, periods=periods, caseworker=caseworker, value=_review_due_on
    )
    figures = []
    for reviews, (_since, until) in zip(found, periods, strict=True):
        planned = [review for review in reviews if review is not None]
        figures.append(
            {"with_plan": len(planned), "overdue": sum(1 for review in planned if review < until)}
        )
    return figures


@for_periods
def child_caseload_figures(*, user: User, periods: list[Span]) -> list[dict]:
    """Children per caseworker on each period's last day: every active caseworker of
    the municipality with the children they were caseworker for. Two queries for all
    the periods (the assignments in force on any of the last days, counted per period;
    the staff)."""
    rows = list(
        CaseworkerAssignment.objects.filter(child__municipality_id=user.municipality_id)
        .filter(reduce(or_, (assignment_current_q(until) for _since, until in periods)))
        .order_by()
        .values_list("caseworker")
        .annotate(
            **{
                f"n_{i}": Count("pk", filter=assignment_current_q(until))
                for i, (_since, until) in enumerate(periods)
            }
        )
    )
    staff = list(staff_list(roles=Role.CASEWORKER, user=user).only("pk", "full_name"))
    known = {member.pk for member in staff}
    figures = []
    for i in range(len(periods)):
        counts = {pk: found[i] for pk, *found in rows if found[i]}
        per_caseworker = [(member, counts.get(member.pk, 0)) for member in staff]
        per_caseworker.sort(key=lambda row: (-row[1], row[0].full_name))
        figures.append(
            {
                "children": sum(counts.values()),
                "caseworkers": len(staff),
                "per_caseworker": per_caseworker,
                # Children whose caseworker has left (an inactive user) still count above.
                "with_former_staff": sum(n for pk, n in counts.items() if pk not in known),
            }
        )
    return figures
