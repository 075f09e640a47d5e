"""Every read of children's cases, limited to what the user may see.

Caseworkers and managers see every child of their municipality; a family-care
consultant sees only children currently placed in a family they are the fixed
consultant of; everyone else nothing. Another municipality's child is a 404.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.models import (
    ActionPlan,
    CaseworkerAssignment,
    Child,
    Placement,
    PlacementChange,
    StatutoryVisit,
    next_visit_due,
)
from cases.rules import VISIT_INTERVAL_DAYS, WORKLIST_HORIZON_DAYS
from families.models import FULL_TIME_KINDS, ConsultantAssignment
from fostercare.accounts.models import Role, User
from fostercare.accounts.selectors import assignment_current_q


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


def child_list(*, user: User) -> QuerySet[Child]:
    """Children with what a list shows: current family and caseworker."""
    current = _current_placement()
    caseworker = CaseworkerAssignment.objects.filter(child=OuterRef("pk"), ends_on__isnull=True)
    return child_scope(user=user).annotate(
        family_name=Subquery(current.values("family__name")[:1]),
        placement_kind=Subquery(current.values("kind")[:1]),
        caseworker_id=Subquery(caseworker.values("caseworker_id")[:1]),
        caseworker_name=Subquery(caseworker.values("caseworker__full_name")[:1]),
    )


def child_filter(
    queryset: QuerySet[Child], *, cpr: str | None = None, name: str = "",
    placed: bool | None = None, caseworker_id: int | None = None,
) -> QuerySet[Child]:  # fmt: skip
    """The child list's filters; a CPR number (normalised) matches exactly, never in part:
    CPR numbers are not browsed."""
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
    return queryset


def child_list_in_family(*, family, today: date | None = None) -> list[dict]:
    """First name, age and kind of placement of the children living in ``family`` now:
    all an on-call responder may know of them."""
    today = today or timezone.localdate()
    placements = (
        Placement.objects.filter(family=family, end_date__isnull=True)
        .select_related("child")
        .order_by("child__birth_date")
    )
    return [
        {
            "first_name": p.child.first_name,
            "age": p.child.age_on(today),
            "kind": p.get_kind_display(),
        }
        for p in placements
    ]


def child_get(*, user: User, public_id) -> Child:
    """One child the user may read, or 404."""
    return get_object_or_404(child_scope(user=user), public_id=public_id)


def child_detail(*, user: User, public_id) -> Child:
    """A child with everything its page shows, prefetched."""
    queryset = child_scope(user=user).prefetch_related(
        Prefetch(
            "placements",
            queryset=Placement.objects.select_related("family").order_by("-start_date", "-id"),
        ),
        Prefetch(
            "caseworker_assignments",
            queryset=CaseworkerAssignment.objects.select_related("caseworker"),
        ),
        Prefetch("visits", queryset=StatutoryVisit.objects.select_related("visitor")),
        "action_plans",
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
    visits = list(child.visits.all())
    child.next_visit_due = next_visit_due(
        visits[0].visited_on if visits else None,
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


def placement_active_get(*, user: User, child: Child, public_id) -> Placement:
    return get_object_or_404(
        Placement.objects.filter(child=child, end_date__isnull=True).select_related("family"),
        public_id=public_id,
    )


def caseworker_change_figures(*, user: User, year: int) -> dict:
    """Changes of caseworker per child in ``year`` (a new assignment after a first one):
    the continuity figure managers see (DOMAIN.md §3)."""
    # A change is an assignment that took over from one ending the same day.
    took_over = CaseworkerAssignment.objects.filter(
        child=OuterRef("child"), ends_on=OuterRef("starts_on")
    )
    changes = (
        CaseworkerAssignment.objects.filter(
            Exists(took_over), child__in=child_scope(user=user), starts_on__year=year
        )
        .values("child")
        .annotate(n=Count("pk"))
    )
    per_child = {row["child"]: row["n"] for row in changes}
    children = (
        child_scope(user=user)
        .filter(Exists(Placement.objects.filter(child=OuterRef("pk"), start_date__year__lte=year)))
        .count()
    )
    total = sum(per_child.values())
    return {
        "year": year,
        "children": children,
        "changes": total,
        "children_with_changes": len(per_child),
        "per_child": round(total / children, 2) if children else None,
    }


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


def case_worklist(*, user: User, today: date | None = None) -> list[WorkItem]:
    """The caseworker's due work, most urgent first: statutory visits and action-plan
    reviews due within the horizon (or overdue), and open changes of placement waiting
    for a legal step. Three queries, whatever the caseload."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=WORKLIST_HORIZON_DAYS)
    children = child_list_mine(user=user, today=today)
    placed = (
        children.annotate(
            placed_since=Subquery(_current_placement().values("start_date")[:1]),
            last_visit=Max("visits__visited_on"),
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
    order = {"change": 0, "visit": 1, "review": 2}
    return sorted(items, key=lambda item: (item.due, order[item.kind], item.child.first_name))
