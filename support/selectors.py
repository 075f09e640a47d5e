"""Reads of the support around foster families: conditions that must start, network
groups, mentor pairings, and the managers' figures."""

from __future__ import annotations

import operator
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from families.models import (
    GENERAL_TYPES,
    Approval,
    AssessmentCondition,
    Family,
    NetworkAssessment,
)
from families.selectors import family_figure_scope
from fostercare.accounts.models import User
from fostercare.figures import Span, for_periods
from fostercare.workdays.calendar import local_day_start
from supervision.models import CourseCategory, Enrolment, SupervisionSession
from supervision.year_plan import PlanEntry
from support import rules
from support.models import (
    ConditionReminder,
    DevelopmentGoal,
    MentorPairing,
    NetworkGroup,
    NetworkGroupMeeting,
    NetworkGroupMember,
)

# Conditions of assessments that were rejected or withdrawn bind nobody.
LIVE_OUTCOMES = (NetworkAssessment.Outcome.PENDING, NetworkAssessment.Outcome.APPROVED)


# --- conditions that must start -----------------------------------------------------------
@dataclass(frozen=True)
class ConditionRow:
    condition: AssessmentCondition
    state: rules.ConditionState

    @property
    def overdue(self) -> bool:
        return self.state == rules.ConditionState.OVERDUE

    @property
    def days_overdue(self) -> int:
        return (timezone.localdate() - self.condition.start_by).days


def condition_scope(*, user: User) -> QuerySet[AssessmentCondition]:
    """The conditions of live assessments of the user's municipality's families."""
    return AssessmentCondition.objects.filter(
        assessment__family__municipality_id=user.municipality_id,
        assessment__outcome__in=LIVE_OUTCOMES,
    )


def _open_q(today: date) -> Q:
    """Not started, and the date within the warning window or passed."""
    return Q(
        started_on__isnull=True,
        start_by__lte=today + timedelta(days=rules.CONDITION_DUE_SOON_DAYS),
    )


def condition_list_by_family(
    families, *, today: date | None = None
) -> dict[int, list[ConditionRow]]:
    """For "My families": each family's conditions due within 14 days or overdue, in
    one query however many families."""
    today = today or timezone.localdate()
    result: dict[int, list[ConditionRow]] = defaultdict(list)
    conditions = (
        AssessmentCondition.objects.filter(
            _open_q(today),
            assessment__family__in=[f.pk for f in families],
            assessment__outcome__in=LIVE_OUTCOMES,
        )
        .select_related("assessment")
        .order_by("start_by", "pk")
    )
    for condition in conditions:
        state = rules.condition_state(start_by=condition.start_by, started_on=None, today=today)
        result[condition.assessment.family_id].append(ConditionRow(condition, state))
    return result


def condition_list_for_family(family: Family, *, today: date | None = None) -> list[ConditionRow]:
    """A family's conditions with where each stands (the family page)."""
    today = today or timezone.localdate()
    conditions = (
        AssessmentCondition.objects.filter(
            assessment__family=family, assessment__outcome__in=LIVE_OUTCOMES
        )
        .select_related("assessment__child")
        .order_by("start_by", "pk")
    )
    return [
        ConditionRow(
            c, rules.condition_state(start_by=c.start_by, started_on=c.started_on, today=today)
        )
        for c in conditions
    ]


@for_periods
def condition_figures(
    *, user: User, periods: list[Span], consultant: User | None = None
) -> list[dict]:
    """Conditions whose start date fell in the period (of live assessments of the
    municipality's families, or of one consultant's on the period's last day): how
    many, started on time, started late, not started. One query for all the periods."""
    due_in = [
        Q(
            start_by__gte=since,
            start_by__lte=until,
            assessment__family__in=family_figure_scope(
                user=user, until=until, consultant=consultant
            ),
        )
        for since, until in periods
    ]
    kinds = {
        "total": Q(),
        "on_time": Q(started_on__lte=F("start_by")),
        "late": Q(started_on__gt=F("start_by")),
        "not_started": Q(started_on__isnull=True),
    }
    counts = (
        condition_scope(user=user)
        .filter(reduce(operator.or_, due_in))
        .aggregate(
            **{
                f"{key}{i}": Count("pk", filter=q & kind)
                for i, q in enumerate(due_in)
                for key, kind in kinds.items()
            }
        )
    )
    figures = []
    for i in range(len(periods)):
        found = {key: counts[f"{key}{i}"] for key in kinds}
        found["on_time_share"] = (
            round(100 * found["on_time"] / found["total"]) if found["total"] else None
        )
        figures.append(found)
    return figures


def condition_reminder_list(*, user: User) -> QuerySet[ConditionReminder]:
    return ConditionReminder.objects.filter(municipality_id=user.municipality_id)


# --- network groups --------------------------------------------------------------------------
def network_group_scope(*, user: User) -> QuerySet[NetworkGroup]:
    return NetworkGroup.objects.filter(municipality_id=user.municipality_id)


def network_group_get(*, user: User, public_id) -> NetworkGroup:
    """One group of the user's municipality (a supervisor: only the groups they
    facilitate), or 404."""
    groups = network_group_scope(user=user)
    if user.role == "supervisor":
        groups = groups.filter(facilitator=user)
    return get_object_or_404(groups, public_id=public_id)


def network_group_detail(*, user: User, public_id) -> NetworkGroup:
    group = network_group_get(user=user, public_id=public_id)
    group.member_rows = list(group.members.select_related("family").order_by("family__name"))
    group.meeting_rows = list(
        group.meetings.prefetch_related(
            Prefetch("attended", queryset=Family.objects.only("pk", "name"))
        )
    )
    active = [m for m in group.member_rows if m.left_on is None]
    group.size_warning = rules.group_size_warning(len(active))
    return group


def network_group_meeting_plan_entries(*, user: User, year: int) -> list[PlanEntry]:
    """The municipality's network-group meetings in ``year`` for the yearly plan (the
    group's name, not the families'). One query; registered in ``SupportConfig.ready``."""
    from django.urls import reverse

    meetings = (
        NetworkGroupMeeting.objects.filter(
            group__municipality_id=user.municipality_id, held_on__year=year
        )
        .select_related("group")
        .only("held_on", "place", "group__name", "group__public_id")
    )
    may_open = user.can("support.view")
    return [
        PlanEntry(
            day=meeting.held_on,
            title=meeting.group.name,
            kind=str(_("Network-group meeting")),
            place=meeting.place,
            url=reverse("support:group_detail", kwargs={"public_id": meeting.group.public_id})
            if may_open
            else "",
        )
        for meeting in meetings
    ]


def network_group_list(*, user: User) -> QuerySet[NetworkGroup]:
    """The groups a user works with: a consultant the groups they are responsible for
    or facilitate, a supervisor those they facilitate, a manager all."""
    groups = network_group_scope(user=user)
    if user.role == "consultant":
        groups = groups.filter(Q(consultant=user) | Q(facilitator=user))
    elif user.role == "supervisor":
        groups = groups.filter(facilitator=user)
    return groups.select_related("consultant", "facilitator").annotate(
        member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True)
    )


def network_group_for_family(family: Family) -> list[NetworkGroupMember]:
    """The family's memberships (current first)."""
    return list(
        NetworkGroupMember.objects.filter(family=family)
        .select_related("group", "group__facilitator")
        .order_by("left_on", "-joined_on")
    )


def network_group_meeting_list(*, user: User, year: int) -> QuerySet[NetworkGroupMeeting]:
    """The municipality's group meetings in a year (the yearly plan)."""
    return (
        NetworkGroupMeeting.objects.filter(
            group__municipality_id=user.municipality_id, held_on__year=year
        )
        .select_related("group")
        .order_by("held_on")
    )


# --- mentors -------------------------------------------------------------------------------
def mentor_facts(families: list[Family], *, today: date) -> dict[int, rules.MentorFacts]:
    """What the mentor rule needs of each family, in three queries."""
    pks = [f.pk for f in families]
    first = {}
    for family_id, valid_from in (
        Approval.objects.filter(
            family_id__in=pks,
            type__in=GENERAL_TYPES,
            valid_from__isnull=False,
            decision_date__isnull=False,
        )
        .order_by("family_id", "valid_from")
        .values_list("family_id", "valid_from")
    ):
        first.setdefault(family_id, valid_from)
    basic = set(
        Enrolment.objects.filter(
            member__family_id__in=pks,
            run__course_kind__category=CourseCategory.BASIC,
            attended=True,
            run__ends_on__lte=today,
        ).values_list("member__family_id", flat=True)
    )
    supervised = set(
        SupervisionSession.objects.filter(
            families__in=pks, starts_at__lt=local_day_start(today + timedelta(days=1))
        ).values_list("families", flat=True)
    )
    return {
        pk: rules.MentorFacts(
            first_general_approval=first.get(pk),
            basic_course_completed=pk in basic,
            supervision_received=pk in supervised,
        )
        for pk in pks
    }


def mentor_eligibility_for(family: Family, *, today: date | None = None) -> rules.Eligibility:
    today = today or timezone.localdate()
    return rules.mentor_eligibility(mentor_facts([family], today=today)[family.pk], today=today)


def mentor_candidates(*, user: User, family: Family, today: date | None = None) -> list[Family]:
    """Families of the municipality in the same or a neighbouring postal area as
    ``family`` (rules.postal_area_prefix), each with ``eligibility``; the eligible
    first, then the nearest (same postal code) first."""
    today = today or timezone.localdate()
    prefix = rules.postal_area_prefix(family.postal_code)
    families = list(
        Family.objects.filter(
            municipality_id=user.municipality_id,
            is_active=True,
            postal_code__startswith=prefix,
        )
        .exclude(pk=family.pk)
        .annotate(
            mentoring_now=Count(
                "mentoring", filter=Q(mentoring__ended_on__isnull=True), distinct=True
            )
        )
        .order_by("name")
    )
    facts = mentor_facts(families, today=today)
    for candidate in families:
        candidate.eligibility = rules.mentor_eligibility(facts[candidate.pk], today=today)
        candidate.same_area = candidate.postal_code == family.postal_code
    families.sort(key=lambda f: (not f.eligibility.eligible, not f.same_area, f.name))
    return families


def _supervised_families(user: User) -> QuerySet[Family]:
    """The families a supervisor works with: in a group they facilitate or in a
    session they supervised."""
    return Family.objects.filter(
        Q(network_group_memberships__group__facilitator=user)
        | Q(supervision_sessions__supervisor=user),
        municipality_id=user.municipality_id,
    )


def mentor_pairing_scope(*, user: User) -> QuerySet[MentorPairing]:
    """The municipality's pairings; a supervisor's: those of families they work with."""
    pairings = MentorPairing.objects.filter(municipality_id=user.municipality_id)
    if user.role == "supervisor":
        families = _supervised_families(user)
        pairings = pairings.filter(Q(mentee__in=families) | Q(mentor__in=families))
    return pairings


def mentor_pairing_get(*, user: User, public_id) -> MentorPairing:
    return get_object_or_404(
        mentor_pairing_scope(user=user).select_related("mentor", "mentee", "created_by"),
        public_id=public_id,
    )


def mentor_pairing_list(*, user: User) -> QuerySet[MentorPairing]:
    """A consultant's pairings (of their families), a manager's all."""
    pairings = mentor_pairing_scope(user=user).select_related("mentor", "mentee")
    if user.role == "consultant":
        mine = Family.objects.filter(
            consultant_assignments__consultant=user, consultant_assignments__ends_on__isnull=True
        )
        pairings = pairings.filter(Q(mentee__in=mine) | Q(mentor__in=mine) | Q(created_by=user))
    return pairings


def mentor_pairings_for_family(family: Family) -> list[MentorPairing]:
    return list(
        MentorPairing.objects.filter(Q(mentor=family) | Q(mentee=family))
        .select_related("mentor", "mentee")
        .order_by("ended_on", "-started_on")
    )


# --- coverage (managers) ---------------------------------------------------------------------
def support_coverage_figures(*, user: User, today: date | None = None) -> dict:
    """Active families in a group, with a mentor; conditions started on time (all time);
    development-plan goals reviewed on time."""
    today = today or timezone.localdate()
    families = Family.objects.filter(municipality_id=user.municipality_id, is_active=True)
    in_group = NetworkGroupMember.objects.filter(
        family=OuterRef("pk"), left_on__isnull=True, group__ended_on__isnull=True
    )
    with_mentor = MentorPairing.objects.filter(mentee=OuterRef("pk"), started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    figures = families.aggregate(
        families=Count("pk"),
        in_group=Count("pk", filter=Q(Exists(in_group))),
        with_mentor=Count("pk", filter=Q(Exists(with_mentor))),
    )
    figures["conditions"] = condition_figures(user=user, since=date(2000, 1, 1), until=today)
    figures["reviews"] = development_goal_review_figures(user=user, today=today)
    return figures


def development_goal_review_figures(*, user: User, today: date) -> dict:
    """Goals of the municipality's active families whose review date has passed (before
    ``today``): reviewed on or before it, reviewed after it, not reviewed. A goal keeps
    only its latest review (``reviewed_on``), and a review that sets the next date moves
    ``review_on``; so a goal counts by its latest review against its current review date.
    One query."""
    figures = DevelopmentGoal.objects.filter(
        municipality_id=user.municipality_id, family__is_active=True, review_on__lt=today
    ).aggregate(
        total=Count("pk"),
        on_time=Count("pk", filter=Q(reviewed_on__lte=F("review_on"))),
        late=Count("pk", filter=Q(reviewed_on__gt=F("review_on"))),
        not_reviewed=Count("pk", filter=Q(reviewed_on__isnull=True)),
    )
    figures["on_time_share"] = (
        round(100 * figures["on_time"] / figures["total"]) if figures["total"] else None
    )
    return figures


# --- development plans -------------------------------------------------------------------
def development_goal_get(*, user: User, public_id) -> DevelopmentGoal:
    return get_object_or_404(
        DevelopmentGoal.objects.filter(municipality_id=user.municipality_id).select_related(
            "family"
        ),
        public_id=public_id,
    )


def development_goal_list_for_family(family: Family) -> list[DevelopmentGoal]:
    return list(
        DevelopmentGoal.objects.filter(family=family)
        .prefetch_related("courses__course_kind", "sessions")
        .order_by("status", "review_on")
    )
