"""Every read of placement planning: the child's network, profiles, the matching list
and the managers' figures. The child comes through ``cases.selectors.child_get`` and
the families through ``families.selectors``, so the municipality's limits hold."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cases.models import Child, Placement
from cases.selectors import caseworker_had_q
from families.models import FULL_TIME_KINDS, Approval, ApprovalStatus, Family
from families.selectors import approval_current_q, placeable_family_list
from fostercare.accounts.models import User
from fostercare.figures import Span, counts_per_period, for_periods
from planning import rules
from planning.models import (
    FamilyProfile,
    NeedsProfile,
    NetworkMeeting,
    NetworkPerson,
    PlacementDecision,
    PossibleCarer,
)


def network_person_list(*, child: Child) -> QuerySet[NetworkPerson]:
    return NetworkPerson.objects.filter(child=child).select_related("family")


def network_meeting_list(*, child: Child) -> QuerySet[NetworkMeeting]:
    return NetworkMeeting.objects.filter(child=child)


def _explored_q(prefix: str = "") -> Q:
    """The outer child's network was explored: a person assessed, or a meeting held."""
    persons = NetworkPerson.objects.filter(child=OuterRef(f"{prefix}pk")).exclude(
        possible_carer=PossibleCarer.NOT_ASSESSED
    )
    meetings = NetworkMeeting.objects.filter(child=OuterRef(f"{prefix}pk"))
    return Q(Exists(persons)) | Q(Exists(meetings))


def network_explored(*, child: Child) -> bool:
    """Whether a network map with an assessed person, or a network meeting or family
    group conference, is recorded for the child."""
    return Child.objects.filter(_explored_q(), pk=child.pk).exists()


def needs_profile_for(*, child: Child) -> NeedsProfile | None:
    return NeedsProfile.objects.filter(child=child).first()


def family_profile_for(*, family: Family) -> FamilyProfile | None:
    return FamilyProfile.objects.filter(family=family).first()


def network_family_ids(*, child: Child, on: date) -> set[int]:
    """Families of the child's network: approved as network (or specific) family for
    this child, or a person in the network map registered as the family."""
    approved = Approval.objects.filter(
        approval_current_q(on), child=child, type__in=rules.CHILD_SPECIFIC_APPROVALS
    ).values_list("family_id", flat=True)
    mapped = NetworkPerson.objects.filter(child=child, family__isnull=False).values_list(
        "family_id", flat=True
    )
    return set(approved) | set(mapped)


def child_facts(*, child: Child, profile: NeedsProfile, on: date) -> rules.ChildFacts:
    return rules.ChildFacts(
        age=child.age_on(on),
        level=profile.level,
        places_needed=1 + profile.siblings_together,
        special_needs=frozenset(profile.special_needs),
        languages=frozenset(profile.languages),
        school_city=profile.school_city,
    )


def approval_type_for_child(approvals: list[Approval], child: Child) -> str:
    """The family's current approval that lets it take this child, the highest level first."""
    usable = [
        a.type
        for a in approvals
        if a.type not in rules.CHILD_SPECIFIC_APPROVALS or a.child_id == child.pk
    ]
    if not usable:
        return ""
    return max(usable, key=lambda t: rules.LEVEL_ORDER[rules.APPROVAL_LEVEL.get(t, rules.LIGHT)])


def family_facts(
    *, family: Family, child: Child, approvals: list[Approval], free: int, in_network: bool
) -> rules.FamilyFacts:
    profile = getattr(family, "matching_profile", None)
    return rules.FamilyFacts(
        approval_type=approval_type_for_child(approvals, child),
        free_places=free,
        in_network=in_network,
        has_profile=profile is not None,
        age_min=profile.age_min if profile else None,
        age_max=profile.age_max if profile else None,
        takes_siblings=profile.takes_siblings if profile else False,
        needs_taken=frozenset(profile.needs_taken) if profile else frozenset(),
        languages=frozenset(family.languages),
        city=family.city,
    )


@dataclass
class Match:
    family: Family
    facts: rules.FamilyFacts
    criteria: list[rules.Criterion]

    @property
    def in_network(self) -> bool:
        return self.facts.in_network

    @property
    def met_count(self) -> int:
        return sum(1 for c in self.criteria if c.met is True)

    @property
    def failed_count(self) -> int:
        return sum(1 for c in self.criteria if c.met is False)


def current_approvals_by_family(family_ids, on: date) -> dict[int, list[Approval]]:
    by_family: dict[int, list[Approval]] = {}
    approvals = Approval.objects.filter(
        approval_current_q(on), family_id__in=family_ids, status=ApprovalStatus.APPROVED
    )
    for approval in approvals:
        by_family.setdefault(approval.family_id, []).append(approval)
    return by_family


def matching_list(*, user: User, child: Child, profile: NeedsProfile) -> list[Match]:
    """The active families with a free full-time place and a current approval that lets
    them take this child — the municipality's own, and the generally approved families
    of the other municipalities of its region — ranked: the child's network
    families first, then by how many criteria they meet. A fixed number of queries."""
    today = timezone.localdate()
    network = network_family_ids(child=child, on=today)
    families = list(
        placeable_family_list(user=user, region_only=True)
        .filter(is_active=True, places_full_time__gt=0)
        .select_related("matching_profile", "municipality")
    )
    approvals = current_approvals_by_family([f.pk for f in families], today)
    wanted = child_facts(child=child, profile=profile, on=today)
    matches = []
    for family in families:
        facts = family_facts(
            family=family,
            child=child,
            approvals=approvals.get(family.pk, []),
            free=family.places_full_time,
            in_network=family.pk in network,
        )
        if not facts.approval_type:
            continue  # a network family of another child
        matches.append(Match(family, facts, rules.criteria_evaluate(wanted, facts)))
    years = {
        f.pk: getattr(getattr(f, "matching_profile", None), "years_experience", 0) for f in families
    }
    matches.sort(
        key=lambda m: rules.match_rank_key(
            m.criteria, in_network=m.in_network, years=years[m.family.pk], name=m.family.name
        )
    )
    return matches


def placement_decision_list(*, child: Child) -> QuerySet[PlacementDecision]:
    return (
        PlacementDecision.objects.filter(child=child)
        .select_related("family", "placement", "decided_by")
        .prefetch_related("alternatives")
    )


# --- managers' figures -------------------------------------------------------------------
@for_periods
def network_figures(
    *, user: User, periods: list[Span], caseworker: User | None = None
) -> list[dict]:
    """The network first, in each period: new full-time placements, how many in the
    network, how many outside it with the network explored first, and how many outside
    it without (a reason recorded instead); network meetings and family group
    conferences held; people mapped. Three queries for all the periods. One
    caseworker's: about the children they were caseworker for on the period's last day,
    as the cases' figures count."""
    placements = Placement.objects.filter(
        child__municipality_id=user.municipality_id, kind__in=FULL_TIME_KINDS
    )
    network_approval = Approval.objects.filter(
        family=OuterRef("family"), child=OuterRef("child"), type__in=rules.CHILD_SPECIFIC_APPROVALS
    )
    in_network = Q(Exists(network_approval))

    def placed(since: date, until: date) -> dict[str, Q]:
        started = Q(start_date__gte=since, start_date__lte=until) & theirs(until)
        return {
            "placed": started,
            "in_network": started & in_network,
            "explored": started & ~in_network & _explored_q("child__"),
            "not_explored": started & ~in_network & ~_explored_q("child__"),
        }

    def held(since: date, until: date) -> dict[str, Q]:
        on = Q(held_on__gte=since, held_on__lte=until) & theirs(until)
        return {
            "meetings": on & Q(kind=NetworkMeeting.Kind.NETWORK_MEETING),
            "conferences": on & Q(kind=NetworkMeeting.Kind.FAMILY_GROUP_CONFERENCE),
        }

    def mapped(since: date, until: date) -> dict[str, Q]:
        created = Q(created_at__date__gte=since, created_at__date__lte=until) & theirs(until)
        return {"mapped": created, "possible_carers": created & Q(possible_carer=PossibleCarer.YES)}

    def theirs(until: date) -> Q:
        return caseworker_had_q(caseworker, until, child="child")

    municipality = Q(child__municipality_id=user.municipality_id)
    return [
        a | b | c
        for a, b, c in zip(
            counts_per_period(placements, periods, placed),
            counts_per_period(NetworkMeeting.objects.filter(municipality), periods, held),
            counts_per_period(NetworkPerson.objects.filter(municipality), periods, mapped),
            strict=True,
        )
    ]
