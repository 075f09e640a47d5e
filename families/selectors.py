"""Every read of the foster-family register, limited to the user's municipality.

Families sit below cases in the import order: what a family's page needs from the
children's cases comes through ``families.sections``, and the places a family has
taken are counted through the ``placements`` relation that cases declares on it
(and the child an approval names through the approval's own relation), never by
importing cases."""

from collections import Counter, defaultdict
from datetime import date, timedelta
from functools import reduce
from operator import or_

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
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
from django.db.models.functions import Coalesce, Replace
from django.shortcuts import get_object_or_404
from django.utils import timezone

from families.models import (
    CURRENT_STATUSES,
    FULL_TIME_KINDS,
    GENERAL_TYPES,
    RESPITE_KINDS,
    Approval,
    ApprovalStatus,
    ApprovalType,
    ConsultantAssignment,
    Family,
    FamilyMember,
    NetworkAssessment,
)
from families.rules import APPROVAL_EXPIRY_WARNING_DAYS
from fostercare.accounts.models import Role, User
from fostercare.accounts.selectors import assignment_current_q, staff_list
from fostercare.cpr import normalise_cpr
from fostercare.figures import Span, counts_per_period, for_periods, period_counts

# The report's split (DOMAIN.md §2): generally approved families (the general types and
# the former municipal families) against families approved only for a named child. The
# family list filters by either (``approval_type`` GENERAL or SPECIFIC).
SPECIFIC_TYPES = (ApprovalType.NETWORK, ApprovalType.SPECIFIC_LEGACY)
GENERAL = "general"
SPECIFIC = "specific"
ANY_CURRENT = "any"


def approval_current_q(today: date, prefix: str = "") -> Q:
    """Approvals in force on ``today``: approved or suspended, within their period."""
    return Q(
        **{f"{prefix}status__in": CURRENT_STATUSES},
        **{f"{prefix}valid_from__lte": today},
    ) & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": today}))


def _current_approvals(today: date) -> QuerySet[Approval]:
    return Approval.objects.filter(approval_current_q(today), family=OuterRef("pk"))


def placement_active_on_q(day: date, prefix: str = "") -> Q:
    """Placements in force on ``day``: begun, and not ended on or before it. A move ends
    the old placement the day the new one starts, so a child is counted once. (Defined
    here, below cases, so that families count places the way cases counts children.)"""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gt": day})
    )


def _taken_places(kinds, day: date | None = None) -> QuerySet[Family]:
    """The outer family's places of ``kinds`` taken now (or on ``day``), as ``taken``:
    its active placements, read through the ``placements`` relation the cases app
    declares."""
    active = (
        Q(placements__end_date__isnull=True)
        if day is None
        else placement_active_on_q(day, "placements__")
    )
    return (
        Family.objects.filter(pk=OuterRef("pk"))
        .annotate(taken=Count("placements", filter=active & Q(placements__kind__in=kinds)))
        .order_by()
    )


def _placements():
    """The cases app's placements, read through the relation it declares on Family."""
    return Family._meta.get_field("placements").related_model.objects


def _free_places(approvals: QuerySet[Approval], capacity: str, kinds, day) -> Coalesce:
    """Approved places of one kind less the children placed in them (on ``day``)."""
    return Coalesce(
        Subquery(
            approvals.filter(status=ApprovalStatus.APPROVED)
            .order_by()
            .values("family")
            .annotate(total=Sum(capacity))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    ) - Coalesce(
        Subquery(_taken_places(kinds, day).values("taken")[:1], output_field=IntegerField()),
        Value(0),
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


def _generally_approved_q(today: date) -> Q:
    """Families with a current general approval: those another municipality may place
    with (``families.rules.may_take_child_from_another_municipality``)."""
    return Q(
        Exists(
            Approval.objects.filter(
                approval_current_q(today),
                family=OuterRef("pk"),
                status=ApprovalStatus.APPROVED,
                type__in=GENERAL_TYPES,
            )
        )
    )


def placeable_family_scope(*, user: User, region_only: bool = False) -> QuerySet[Family]:
    """The families the user's municipality may place a child with: its own, and the
    families of other municipalities with a current general approval (the database
    side of ``families.rules.may_take_child_from_another_municipality``); with
    ``region_only``, those of the municipality's own region (a matching list need not
    span the country)."""
    today = timezone.localdate()
    others = ~Q(municipality_id=user.municipality_id) & _generally_approved_q(today)
    if region_only:
        others &= Q(municipality__region=user.municipality.region)
    return Family.objects.filter(Q(municipality_id=user.municipality_id) | others)


def family_generally_approved(*, family: Family, on: date) -> bool:
    """Whether ``family`` has a current general approval on ``on`` (one query)."""
    return Family.objects.filter(_generally_approved_q(on), pk=family.pk).exists()


def _placed_here_q(user: User, today: date) -> Q:
    """Families another municipality keeps where a child of the user's municipality
    lives now, or will from a planned start."""
    placements = _placements().filter(
        Q(end_date__isnull=True) | Q(end_date__gt=today),
        family=OuterRef("pk"),
        child__municipality_id=user.municipality_id,
    )
    return ~Q(municipality_id=user.municipality_id) & Q(Exists(placements))


def family_shared_get(*, user: User, public_id) -> Family:
    """A family of another municipality that a child of the user's municipality lives
    with, as the placing municipality sees it: the basic record (name, address,
    contact, current approvals, free places, the fixed consultant to call), or 404.
    Everything else about the family stays with its own municipality."""
    today = timezone.localdate()
    family = get_object_or_404(
        _annotate_list(Family.objects.filter(_placed_here_q(user, today)), today, None)
        .select_related("municipality")
        .prefetch_related(
            Prefetch(
                "approvals",
                queryset=Approval.objects.filter(approval_current_q(today)).order_by("type"),
                to_attr="current_approvals",
            )
        ),
        public_id=public_id,
    )
    family.current_consultant = (
        ConsultantAssignment.objects.filter(assignment_current_q(today), family=family)
        .select_related("consultant")
        .order_by("-starts_on")
        .first()
    )
    return family


def family_is_shared(*, user: User, public_id) -> bool:
    """Whether ``family_shared_get`` would find the family (one query)."""
    today = timezone.localdate()
    return Family.objects.filter(_placed_here_q(user, today), public_id=public_id).exists()


def family_list(*, user: User, today: date | None = None) -> QuerySet[Family]:
    """Families with what a list shows, in a fixed number of queries: current fixed
    consultant, current general approval type, free places of each kind and next
    expiry, as they stand ``today`` (a list may look at another day)."""
    real_today = timezone.localdate()
    today = today or real_today
    day = None if today == real_today else today
    return _annotate_list(family_scope(user=user), today, day)


def placeable_family_list(*, user: User, region_only: bool = False) -> QuerySet[Family]:
    """``placeable_family_scope`` with what ``family_list`` shows of each family."""
    return _annotate_list(
        placeable_family_scope(user=user, region_only=region_only), timezone.localdate(), None
    )


def _annotate_list(families: QuerySet[Family], today: date, day: date | None) -> QuerySet[Family]:
    current = ConsultantAssignment.objects.filter(
        assignment_current_q(today), family=OuterRef("pk")
    ).order_by("-starts_on")
    approvals = _current_approvals(today)
    return families.annotate(
        consultant_id=Subquery(current.values("consultant_id")[:1]),
        consultant_name=Subquery(current.values("consultant__full_name")[:1]),
        general_type=Subquery(approvals.filter(type__in=GENERAL_TYPES).values("type")[:1]),
        has_network=Exists(approvals.filter(type=ApprovalType.NETWORK)),
        # Free places: approved places less the children placed in them.
        places_full_time=_free_places(approvals, "capacity_full_time", FULL_TIME_KINDS, day),
        places_respite=_free_places(approvals, "capacity_respite", RESPITE_KINDS, day),
        next_expiry=Subquery(
            approvals.filter(valid_to__isnull=False)
            .order_by()
            .values("family")
            .annotate(first=Min("valid_to"))
            .values("first")[:1]
        ),
    )


class Occupancy:
    """What a family with a current approval had placed on a day (DOMAIN.md §2: 83 % of
    approved families had a child in full-time care or respite)."""

    PLACED = "placed"  # a child in full-time care or respite
    FULL_TIME = "full_time"  # a child in full-time care (or an emergency placement)
    RESPITE_ONLY = "respite_only"  # respite, no child in full-time care
    IDLE = "idle"  # no child placed


def _placed_on(day: date) -> tuple[Exists, Exists]:
    """The outer family had a child in full-time care, and one in respite, on ``day``."""
    active = _placements().filter(placement_active_on_q(day), family=OuterRef("pk"))
    return (
        Exists(active.filter(kind__in=FULL_TIME_KINDS)),
        Exists(active.filter(kind__in=RESPITE_KINDS)),
    )


def _occupancy_q(full_time: Q, respite: Q) -> dict[str, Q]:
    """Each ``Occupancy`` from whether a family had a child in full-time care and in
    respite."""
    return {
        Occupancy.PLACED: full_time | respite,
        Occupancy.FULL_TIME: full_time,
        Occupancy.RESPITE_ONLY: ~full_time & respite,
        Occupancy.IDLE: ~full_time & ~respite,
    }


def _occupancy(full_time: bool, respite: bool) -> dict[str, bool]:
    """``_occupancy_q`` for one family known to have had a child in full-time care and
    one in respite or not (the figures count with this, the list filters with that)."""
    return {
        Occupancy.PLACED: full_time or respite,
        Occupancy.FULL_TIME: full_time,
        Occupancy.RESPITE_ONLY: not full_time and respite,
        Occupancy.IDLE: not full_time and not respite,
    }


def _with_occupancy(queryset: QuerySet[Family], day: date) -> QuerySet[Family]:
    """The families with a current approval on ``day``, with what they had placed."""
    full_time, respite = _placed_on(day)
    return queryset.filter(Exists(_current_approvals(day))).annotate(
        has_full_time=full_time, has_respite=respite
    )


OCCUPANCY_Q = _occupancy_q(Q(has_full_time=True), Q(has_respite=True))


def family_filter(
    queryset: QuerySet[Family],
    *,
    q: str = "",
    approval_type: str = "",
    status: str = "",
    consultant_id: int | None = None,
    free_places: bool | None = None,
    free_respite: bool | None = None,
    district: str = "",
    occupancy: str = "",
    today: date | None = None,
) -> QuerySet[Family]:
    """The list page's filters and its one search box (name, address or phone). Pass
    ``family_list``'s day as ``today``. The managers' figures count with the same
    filters, so a figure and the list behind it agree."""
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
    if approval_type == ANY_CURRENT:
        queryset = queryset.filter(Exists(_current_approvals(today)))
        approval_type = ""
    if approval_type in (GENERAL, SPECIFIC):
        # The report's split: families with a general approval, and those approved
        # only for a named child (family_approval_figures).
        current = _current_approvals(today)
        general = Exists(current.exclude(type__in=SPECIFIC_TYPES))
        specific = Exists(current.filter(type__in=SPECIFIC_TYPES))
        queryset = queryset.filter(general if approval_type == GENERAL else specific & ~general)
        approval_type = ""
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
    if free_respite is True:
        queryset = queryset.filter(places_respite__gt=0)
    elif free_respite is False:
        queryset = queryset.filter(places_respite__lte=0)
    if district:
        queryset = queryset.filter(district=district)
    if occupancy in OCCUPANCY_Q:
        queryset = _with_occupancy(queryset, today).filter(OCCUPANCY_Q[occupancy])
    return queryset


def family_picker_annotate(queryset: QuerySet[Family]) -> QuerySet[Family]:
    """What tells families of the same name apart in a picker (``FamilyPickerField``):
    the current approval types and the fixed consultant, in the same query."""
    today = timezone.localdate()
    current = ConsultantAssignment.objects.filter(
        assignment_current_q(today), family=OuterRef("pk")
    ).order_by("-starts_on")
    return queryset.annotate(
        picker_consultant=Subquery(current.values("consultant__full_name")[:1]),
        picker_types=ArraySubquery(
            _current_approvals(today).order_by("type").values("type").distinct()
        ),
    )


def family_picker_search(queryset: QuerySet[Family], word: str) -> QuerySet[Family]:
    """Families whose name, address, postal code or city contains ``word``."""
    return queryset.filter(
        Q(name__icontains=word)
        | Q(street__icontains=word)
        | Q(postal_code__startswith=word)
        | Q(city__icontains=word)
    )


def member_picker_search(queryset: QuerySet[FamilyMember], word: str) -> QuerySet[FamilyMember]:
    """Family members whose name or family's name, address or city contains ``word``."""
    return queryset.filter(
        Q(full_name__icontains=word)
        | Q(family__name__icontains=word)
        | Q(family__street__icontains=word)
        | Q(family__city__icontains=word)
    )


def family_choices(*, user: User) -> QuerySet[Family]:
    """The active families a user may choose in a form, by name, with what tells them
    apart (``family_picker_annotate``)."""
    return family_picker_annotate(
        family_scope(user=user).filter(is_active=True).order_by("name", "pk")
    )


def placeable_family_choices(*, user: User) -> QuerySet[Family]:
    """The active families a child of the user's municipality may be placed with
    (``placeable_family_scope``), by name, as ``family_choices``; a family of another
    municipality carries that municipality's name as ``picker_elsewhere``."""
    return family_picker_annotate(
        placeable_family_scope(user=user).filter(is_active=True).order_by("name", "pk")
    ).annotate(
        picker_elsewhere=Case(
            When(municipality_id=user.municipality_id, then=Value("")),
            default=F("municipality__name"),
        )
    )


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


# --- figures for managers ------------------------------------------------------------------
# Each function is one indicator of the managers' dashboard (DOMAIN.md §3). It takes the
# acting user, the period (``since`` to ``until``, both included; ``until`` is not after
# today) and, where it makes sense, one consultant, whose families are those they were
# the fixed consultant of on the period's last day. A state (approvals, occupancy, free
# places) is taken on the period's last day; events are counted within the period.
# Figures count the user's whole municipality and name no one; the list behind each
# (``family_list`` with ``family_filter``) applies the same filters. Fixed number of
# queries each.
def _consultant_had_q(consultant: User | None, until: date, family: str = "pk") -> Q:
    """Families the consultant was the fixed consultant of on ``until`` (all, for no
    consultant); ``family`` names the outer query's family (``"family"`` from an
    approval or a placement)."""
    if consultant is None:
        return Q()
    return Q(
        Exists(
            ConsultantAssignment.objects.filter(
                assignment_current_q(until), family=OuterRef(family), consultant=consultant
            )
        )
    )


def _theirs(consultant: User | None, periods: list[Span], family: str = "pk") -> dict:
    """For one consultant, ``theirs_0``, …: whether the row's family was theirs on each
    period's last day (``_consultant_had_q``), to group by; none for the municipality."""
    if consultant is None:
        return {}
    return {
        f"theirs_{i}": ExpressionWrapper(
            _consultant_had_q(consultant, until, family), output_field=BooleanField()
        )
        for i, (_since, until) in enumerate(periods)
    }


def family_figure_scope(*, user: User, until: date, consultant: User | None) -> QuerySet[Family]:
    """The families a manager's figures count: the municipality's, or one consultant's on
    the period's last day."""
    return family_scope(user=user).filter(_consultant_had_q(consultant, until))


@for_periods
def family_approval_figures(
    *, user: User, periods: list[Span], consultant: User | None = None
) -> list[dict]:
    """Families with a current approval on each period's last day: by approval type (a
    family with a general and a network approval counts under both) and split as the
    report does, general against specific (a family with both counts as general), and
    network-family assessments under way that day. Two queries for all the periods: the
    current approvals grouped by family and type, counted per period here (a
    municipality's families are few), and the assessments."""
    current = [approval_current_q(until) for _since, until in periods]
    theirs = _theirs(consultant, periods, "family")
    rows = (
        Approval.objects.filter(reduce(or_, current), family__municipality_id=user.municipality_id)
        .annotate(**theirs)
        .order_by()
        .values_list("family", "type", *theirs)
        .annotate(**period_counts(current))
    )
    types = [defaultdict(set) for _period in periods]  # per period: family -> its types
    for family, approval_type, *found in rows:
        mine, counts = found[: len(theirs)], found[len(theirs) :]
        for i, n in enumerate(counts):
            if n and (not theirs or mine[i]):
                types[i][family].add(approval_type)

    def pending(_since: date, until: date) -> dict[str, Q]:
        return {
            "pending": _consultant_had_q(consultant, until, "family")
            & Q(started_on__lte=until)
            & (Q(decided_on__isnull=True) | Q(decided_on__gt=until))
        }

    assessments = NetworkAssessment.objects.filter(family__municipality_id=user.municipality_id)
    figures = []
    for found, under_way in zip(
        types, counts_per_period(assessments, periods, pending), strict=True
    ):
        general = sum(1 for held in found.values() if not held <= set(SPECIFIC_TYPES))
        figures.append(
            {
                "approved": len(found),
                "general": general,
                "specific": len(found) - general,
                "by_type": {
                    value: sum(1 for held in found.values() if value in held)
                    for value in ApprovalType.values
                },
                "pending_assessments": under_way["pending"],
            }
        )
    return figures


@for_periods
def family_occupancy_figures(
    *, user: User, periods: list[Span], consultant: User | None = None
) -> list[dict]:
    """Families with a current approval on each period's last day by what they had
    placed: a child in full-time care, respite only, or no child (idle). One query for
    all the periods: each family's current approvals and placements of each kind on
    each last day, counted over its approvals and placements joined (only whether a
    count is above none matters), and the families counted by those here (a
    municipality's families are few)."""
    counts, approved = {}, []
    for i, (_since, until) in enumerate(periods):
        active = placement_active_on_q(until, "placements__")
        counts |= {
            f"approved_{i}": Count("approvals", filter=approval_current_q(until, "approvals__")),
            f"full_time_{i}": Count(
                "placements", filter=active & Q(placements__kind__in=FULL_TIME_KINDS)
            ),
            f"respite_{i}": Count(
                "placements", filter=active & Q(placements__kind__in=RESPITE_KINDS)
            ),
        }
        approved.append(Q(**{f"approved_{i}__gt": 0}))
    theirs = _theirs(consultant, periods)
    rows = (
        family_scope(user=user)
        .annotate(**theirs)
        .order_by()
        .annotate(**counts)
        .filter(reduce(or_, approved))
        .values_list(*theirs, *counts)
    )
    placed = [Counter() for _period in periods]  # (full-time, respite) -> families
    for row in rows:
        mine, found = row[: len(theirs)], row[len(theirs) :]
        for i, families in enumerate(placed):
            had, full_time, respite = found[3 * i : 3 * i + 3]
            if had and (not theirs or mine[i]):
                families[full_time > 0, respite > 0] += 1
    figures = []
    for families in placed:
        found = dict.fromkeys(OCCUPANCY_Q, 0)
        for (full_time, respite), n in families.items():
            for key, holds in _occupancy(full_time, respite).items():
                found[key] += n * holds
        figures.append(
            {
                "approved": families.total(),
                "placed": found[Occupancy.PLACED],
                "by_occupancy": {key: found[key] for key in OCCUPANCY_Q if key != Occupancy.PLACED},
            }
        )
    return figures


@for_periods
def family_free_place_figures(
    *, user: User, periods: list[Span], consultant: User | None = None
) -> list[dict]:
    """Free places on each period's last day, by kind: each family's approved places
    less the children placed in them (never below none), summed; and the families with
    a free place of each kind. One query for all the periods: the approved places per
    family and the places taken per family (negative), each grouped on its own table and
    the two put together (``UNION ALL``), summed per family and period here (the
    municipality's families are few; joining the two tables would repeat the places)."""
    real_today = timezone.localdate()
    approved, taken = {}, {}
    conditions, actives = [], []
    for i, (_since, until) in enumerate(periods):
        current = approval_current_q(until) & Q(status=ApprovalStatus.APPROVED)
        conditions.append(current)
        approved |= {
            f"full_time_{i}": Sum("capacity_full_time", filter=current, default=0),
            f"respite_{i}": Sum("capacity_respite", filter=current, default=0),
        }
        # As the family list: now, every placement not ended (a planned one included).
        active = Q(end_date__isnull=True) if until == real_today else placement_active_on_q(until)
        actives.append(active)
        taken |= {
            f"full_time_{i}": -Count("pk", filter=active & Q(kind__in=FULL_TIME_KINDS)),
            f"respite_{i}": -Count("pk", filter=active & Q(kind__in=RESPITE_KINDS)),
        }
    theirs = _theirs(consultant, periods, "family")
    municipality = Q(family__municipality_id=user.municipality_id)
    places = (
        Approval.objects.filter(reduce(or_, conditions), municipality)
        .annotate(**theirs)
        .order_by()
        .values_list("family", *theirs)
        .annotate(**approved)
    )
    placed = (
        _placements()
        .filter(reduce(or_, actives), municipality)
        .annotate(**theirs)
        .order_by()
        .values_list("family", *theirs)
        .annotate(**taken)
    )
    width = len(theirs)
    free = {}  # family -> [theirs_0, …, full_time_0, respite_0, full_time_1, …]
    for family, *found in places.union(placed, all=True):
        known = free.setdefault(family, found)
        if known is not found:
            for column in range(width, len(found)):
                known[column] += found[column]
    figures = []
    for i in range(len(periods)):
        figure = {}
        for column, kind in enumerate(("full_time", "respite"), start=width + 2 * i):
            spare = [
                columns[column]
                for columns in free.values()
                if columns[column] > 0 and (not theirs or columns[i])
            ]
            figure |= {kind: sum(spare), f"families_{kind}": len(spare)}
        figures.append(figure)
    return figures


@for_periods
def family_caseload_figures(*, user: User, periods: list[Span]) -> list[dict]:
    """Families per consultant on each period's last day: every active consultant of the
    municipality with the active families they were the fixed consultant of. Two
    queries for all the periods (the assignments in force on any of the last days,
    counted per period; the staff)."""
    rows = list(
        ConsultantAssignment.objects.filter(
            family__municipality_id=user.municipality_id, family__is_active=True
        )
        .filter(reduce(or_, (assignment_current_q(until) for _since, until in periods)))
        .order_by()
        .values_list("consultant")
        .annotate(
            **{
                f"n_{i}": Count("pk", filter=assignment_current_q(until))
                for i, (_since, until) in enumerate(periods)
            }
        )
    )
    staff = list(staff_list(roles=Role.CONSULTANT, user=user).only("pk", "full_name"))
    figures = []
    for i in range(len(periods)):
        counts = {pk: found[i] for pk, *found in rows if found[i]}
        per_consultant = sorted(
            ((member, counts.get(member.pk, 0)) for member in staff),
            key=lambda row: (-row[1], row[0].full_name),
        )
        figures.append(
            {
                "families": sum(counts.values()),
                "consultants": len(staff),
                "per_consultant": per_consultant,
            }
        )
    return figures
