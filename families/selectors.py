"""Every read of the foster-family register, limited to the user's municipality.

Families sit below cases in the import order: what a family's page needs from the
children's cases comes through ``families.sections``, and the places a family has
taken are counted through the ``placements`` relation that cases declares on it
(and the child an approval names through the approval's own relation), never by
importing cases."""

from datetime import date, timedelta

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Replace
from django.shortcuts import get_object_or_404
from django.utils import timezone

from families.models import (
    CURRENT_STATUSES,
    FULL_TIME_KINDS,
    GENERAL_TYPES,
    Approval,
    ApprovalStatus,
    ApprovalType,
    ConsultantAssignment,
    Family,
    NetworkAssessment,
)
from families.rules import APPROVAL_EXPIRY_WARNING_DAYS
from fostercare.accounts.models import User
from fostercare.accounts.selectors import assignment_current_q
from fostercare.cpr import normalise_cpr


def approval_current_q(today: date, prefix: str = "") -> Q:
    """Approvals in force on ``today``: approved or suspended, within their period."""
    return Q(
        **{f"{prefix}status__in": CURRENT_STATUSES},
        **{f"{prefix}valid_from__lte": today},
    ) & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": today}))


def _current_approvals(today: date) -> QuerySet[Approval]:
    return Approval.objects.filter(approval_current_q(today), family=OuterRef("pk"))


def _taken_places(kinds) -> QuerySet[Family]:
    """The outer family's places of ``kinds`` taken now, as ``taken``: its active
    placements, read through the ``placements`` relation the cases app declares."""
    return (
        Family.objects.filter(pk=OuterRef("pk"))
        .annotate(
            taken=Count(
                "placements",
                filter=Q(placements__end_date__isnull=True, placements__kind__in=kinds),
            )
        )
        .order_by()
    )


def family_places_taken(family: Family, kinds) -> int:
    """How many of the family's places of ``kinds`` are taken now."""
    return family.placements.filter(end_date__isnull=True, kind__in=kinds).count()


def approval_child_find(*, user: User, cpr: str):
    """The child with exactly this CPR number in the user's municipality, or None: how
    a network or specific approval (and its assessment) names its child. Whoever knows
    the whole number may name the child; reading the child's case is for cases."""
    children = Approval._meta.get_field("child").related_model.objects
    return children.filter(municipality_id=user.municipality_id, cpr=normalise_cpr(cpr)).first()


def family_scope(*, user: User) -> QuerySet[Family]:
    """Every family the user's municipality keeps."""
    return Family.objects.filter(municipality_id=user.municipality_id)


def family_list(*, user: User, today: date | None = None) -> QuerySet[Family]:
    """Families with what a list shows, in a fixed number of queries: current fixed
    consultant, current general approval type, approved places and next expiry."""
    today = today or timezone.localdate()
    current = ConsultantAssignment.objects.filter(
        assignment_current_q(today), family=OuterRef("pk")
    ).order_by("-starts_on")
    approvals = _current_approvals(today)
    return family_scope(user=user).annotate(
        consultant_id=Subquery(current.values("consultant_id")[:1]),
        consultant_name=Subquery(current.values("consultant__full_name")[:1]),
        general_type=Subquery(approvals.filter(type__in=GENERAL_TYPES).values("type")[:1]),
        has_network=Exists(approvals.filter(type=ApprovalType.NETWORK)),
        # Free full-time places: approved places less the children placed full time.
        places_full_time=Coalesce(
            Subquery(
                approvals.filter(status=ApprovalStatus.APPROVED)
                .order_by()
                .values("family")
                .annotate(total=Sum("capacity_full_time"))
                .values("total")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        )
        - Coalesce(
            Subquery(
                _taken_places(FULL_TIME_KINDS).values("taken")[:1], output_field=IntegerField()
            ),
            Value(0),
        ),
        next_expiry=Subquery(
            approvals.filter(valid_to__isnull=False)
            .order_by()
            .values("family")
            .annotate(first=Min("valid_to"))
            .values("first")[:1]
        ),
    )


def family_filter(
    queryset: QuerySet[Family],
    *,
    q: str = "",
    approval_type: str = "",
    status: str = "",
    consultant_id: int | None = None,
    free_places: bool | None = None,
    district: str = "",
    today: date | None = None,
) -> QuerySet[Family]:
    """The list page's filters and its one search box (name, address or phone)."""
    today = today or timezone.localdate()
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        match = Q(name__icontains=q) | Q(street__icontains=q) | Q(city__icontains=q)
        if digits:
            # Phones are written with spaces in many ways ("20 30 40 50", "2030 4050").
            queryset = queryset.annotate(
                phone_digits=Replace("phone", Value(" "), Value("")),
                phone_secondary_digits=Replace("phone_secondary", Value(" "), Value("")),
            )
            match |= Q(phone_digits__contains=digits) | Q(phone_secondary_digits__contains=digits)
            match |= Q(postal_code=digits)
        queryset = queryset.filter(match)
    if approval_type or status:
        approvals = Approval.objects.filter(family=OuterRef("pk"))
        if approval_type:
            approvals = approvals.filter(type=approval_type)
        if status:
            approvals = approvals.filter(status=status)
        else:
            approvals = approvals.filter(approval_current_q(today))
        queryset = queryset.filter(Exists(approvals))
    if consultant_id:
        queryset = queryset.filter(consultant_id=consultant_id)
    if free_places is True:
        queryset = queryset.filter(places_full_time__gt=0)
    elif free_places is False:
        queryset = queryset.filter(places_full_time=0)
    if district:
        queryset = queryset.filter(district=district)
    return queryset


def family_choices(*, user: User) -> QuerySet[Family]:
    """The active families a user may choose in a form, by name."""
    return family_scope(user=user).filter(is_active=True).order_by("name", "pk")


def family_districts(*, user: User) -> list[str]:
    return list(
        family_scope(user=user)
        .exclude(district="")
        .order_by("district")
        .values_list("district", flat=True)
        .distinct()
    )


def family_get(*, user: User, public_id) -> Family:
    """One family of the user's municipality, or 404."""
    return get_object_or_404(family_scope(user=user), public_id=public_id)


def family_detail(*, user: User, public_id) -> Family:
    """A family with everything its page shows, prefetched."""
    queryset = family_scope(user=user).prefetch_related(
        "members",
        Prefetch(
            "approvals",
            queryset=Approval.objects.select_related("child", "approving_municipality"),
        ),
        Prefetch(
            "consultant_assignments",
            queryset=ConsultantAssignment.objects.select_related("consultant"),
        ),
        Prefetch(
            "assessments",
            queryset=NetworkAssessment.objects.select_related("child", "approval"),
        ),
    )
    return get_object_or_404(queryset, public_id=public_id)


def family_basic(*, user: User, public_id) -> Family:
    """What an on-call responder may see: the family and its current consultant."""
    family = get_object_or_404(
        family_list(user=user).only(
            "public_id", "name", "street", "postal_code", "city", "phone", "phone_secondary"
        ),
        public_id=public_id,
    )
    family.current_consultant = (
        ConsultantAssignment.objects.filter(
            assignment_current_q(timezone.localdate()), family=family
        )
        .select_related("consultant")
        .order_by("-starts_on")
        .first()
    )
    return family


def consultant_assignment_current(
    family: Family, today: date | None = None
) -> ConsultantAssignment | None:
    """The assignment in force today among the (prefetched) assignments."""
    today = today or timezone.localdate()
    return next(
        (
            a
            for a in family.consultant_assignments.all()
            if a.starts_on <= today and (a.ends_on is None or a.ends_on > today)
        ),
        None,
    )


def family_list_mine(*, user: User, today: date | None = None) -> QuerySet[Family]:
    """The consultant's own families, those with an approval ending soon first."""
    today = today or timezone.localdate()
    warn_until = today + timedelta(days=APPROVAL_EXPIRY_WARNING_DAYS)
    return (
        family_list(user=user, today=today)
        .filter(consultant_id=user.pk, is_active=True)
        .annotate(
            expiring=Exists(
                _current_approvals(today).filter(valid_to__isnull=False, valid_to__lte=warn_until)
            )
        )
        .order_by("-expiring", "next_expiry", "name")
    )


def family_figures(*, user: User, today: date | None = None) -> dict:
    """Families by approval type and status, for managers (the shape of DOMAIN.md §2)."""
    today = today or timezone.localdate()
    families = family_scope(user=user).filter(is_active=True)
    now = _current_approvals(today)
    totals = families.aggregate(
        active=Count("pk"),
        approved=Count("pk", filter=Exists(now)),
        general=Count("pk", filter=Exists(now.filter(type__in=GENERAL_TYPES))),
        network=Count("pk", filter=Exists(now.filter(type=ApprovalType.NETWORK))),
    )
    totals["places"] = Approval.objects.filter(
        approval_current_q(today), status=ApprovalStatus.APPROVED, family__in=families
    ).aggregate(total=Coalesce(Sum("capacity_full_time"), 0))["total"]
    by_type = dict(
        Approval.objects.filter(approval_current_q(today), family__in=families)
        .values_list("type")
        .annotate(n=Count("family", distinct=True))
        .values_list("type", "n")
    )
    by_status = dict(
        Approval.objects.filter(family__in=families)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    approved = totals["approved"]
    return {
        **totals,
        "share_general": round(100 * totals["general"] / approved) if approved else None,
        "by_type": [(label, by_type.get(value, 0)) for value, label in ApprovalType.choices],
        "by_status": [(label, by_status.get(value, 0)) for value, label in ApprovalStatus.choices],
        "pending_assessments": NetworkAssessment.objects.filter(
            family__in=families, outcome=NetworkAssessment.Outcome.PENDING
        ).count(),
    }
