"""Reads of applications, decisions and letters, and of the placed children they are
about, limited to the user's municipality.

Economics is for the roles that may read it (``economics.view``: caseworkers,
consultants and managers); for everyone else the scopes are empty, so a page about
an application, a decision or a letter is a 404 to them as it is to an outsider."""

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.models import Child, Placement
from economics.models import (
    ApplicationKind,
    DecisionLetter,
    DecisionRule,
    EconomicsSettings,
    ExpenseApplication,
    ExpenseDecision,
)
from economics.rules import DEFAULT_RESPONSE_WORKING_DAYS, response_deadline
from families.models import ApprovalType
from fostercare.accounts.models import User
from fostercare.workdays.calendar import WorkingCalendar

READ = "economics.view"


def placement_get(*, user: User, public_id) -> Placement:
    """A placement (a child in a family) of the user's municipality, or 404."""
    placements = Placement.objects.filter(child__municipality_id=user.municipality_id)
    if not user.can(READ):
        placements = placements.none()
    return get_object_or_404(placements.select_related("child", "family"), public_id=public_id)


def expense_placement_choices(*, family) -> QuerySet[Placement]:
    """The family's placements of children it is approved for as a network family:
    those an application can be about, newest first."""
    return (
        Placement.objects.filter(
            family=family,
            child__family_approvals__family=family,
            child__family_approvals__type=ApprovalType.NETWORK,
        )
        .select_related("child")
        .distinct()
        .order_by("-start_date", "pk")
    )


def expense_application_scope(*, user: User) -> QuerySet[ExpenseApplication]:
    """Every application of the user's municipality (none for roles that may not read
    economics)."""
    applications = ExpenseApplication.objects.filter(municipality_id=user.municipality_id)
    return applications if user.can(READ) else applications.none()


def expense_application_get(*, user: User, public_id) -> ExpenseApplication:
    """One application with its child, family and decision, or 404."""
    return get_object_or_404(
        expense_application_scope(user=user).select_related(
            "placement__child",
            "family",
            "municipality",
            "registered_by",
            "decision__decided_by",
            "decision__letter",
        ),
        public_id=public_id,
    )


def decision_letter_get(*, user: User, public_id) -> DecisionLetter:
    """The letter of the decision ``public_id``, or 404."""
    letters = DecisionLetter.objects.filter(
        decision__application__in=expense_application_scope(user=user)
    ).select_related(
        "decision__application__family",
        "decision__application__municipality",
        "decision__application__placement__child",
    )
    return get_object_or_404(letters, decision__public_id=public_id)


def undocumented_used(*, child: Child, year: int) -> Decimal:
    """What ``child`` has been granted of other costs without documentation in
    ``year`` (by decision date), in every family it has lived with: the part of the
    year's 20,000 kr. that is used."""
    total = ExpenseDecision.objects.filter(
        application__placement__child=child,
        application__kind=ApplicationKind.OTHER_COSTS,
        rule=DecisionRule.UNDOCUMENTED,
        decided_on__year=year,
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")


def undocumented_used_by_child(*, child_ids, year: int) -> dict[int, Decimal]:
    """``{child id: used}`` for many children at once (one query)."""
    rows = (
        ExpenseDecision.objects.filter(
            application__placement__child_id__in=list(child_ids),
            application__kind=ApplicationKind.OTHER_COSTS,
            rule=DecisionRule.UNDOCUMENTED,
            decided_on__year=year,
        )
        .values_list("application__placement__child_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return dict(rows)


# --- response time -------------------------------------------------------------------
@dataclass
class ResponseRules:
    """A municipality's working-day calendar and its deadline for deciding.

    ``deadline`` and ``elapsed`` give what ``economics.rules.response_deadline`` and
    ``working_days_elapsed`` give, from a list of the working days of the years asked
    about, made once, so the figures of thousands of applications stay fast."""

    calendar: WorkingCalendar
    working_days: int
    _days: list[date] = field(default_factory=list, repr=False)
    _years: tuple[int, int] | None = field(default=None, repr=False)

    def _cover(self, *days: date) -> list[date]:
        first = min(days).year
        last = max(days).year + 1  # a deadline may fall in the next year
        if self._years is None or first < self._years[0] or last > self._years[1]:
            if self._years is not None:
                first, last = min(first, self._years[0]), max(last, self._years[1])
            day, stop = date(first, 1, 1), date(last, 12, 31)
            self._days = []
            while day <= stop:
                if self.calendar.is_working_day(day):
                    self._days.append(day)
                day += timedelta(days=1)
            self._years = (first, last)
        return self._days

    def deadline(self, received_on: date) -> date:
        days = self._cover(received_on)
        index = bisect_right(days, received_on) + self.working_days - 1
        if index >= len(days):  # beyond the years covered: ask the calendar
            return response_deadline(self.calendar, received_on, self.working_days)
        return days[index]

    def elapsed(self, received_on: date, until: date) -> int:
        if until <= received_on:
            return 0
        days = self._cover(received_on, until)
        return bisect_right(days, until) - bisect_right(days, received_on)

    def late_if_received_on_or_before(self, today: date) -> date:
        """The latest day an application may have come and, still undecided today, be
        late: its deadline is before today."""
        day = today
        while self.deadline(day) >= today:
            day -= timedelta(days=1)
        return day


def response_rules(*, municipality_id: int) -> ResponseRules:
    """The calendar and deadline of a municipality (three queries)."""
    settings_row = EconomicsSettings.objects.filter(municipality_id=municipality_id).first()
    days = settings_row.response_working_days if settings_row else DEFAULT_RESPONSE_WORKING_DAYS
    return ResponseRules(WorkingCalendar.for_municipality(municipality_id), days)


def expense_application_pending(*, user: User) -> QuerySet[ExpenseApplication]:
    """Applications not yet decided, the oldest first."""
    return (
        expense_application_scope(user=user)
        .filter(decision__isnull=True)
        .select_related("placement__child", "family", "registered_by")
        .order_by("received_on", "pk")
    )


def expense_application_filter(
    queryset: QuerySet[ExpenseApplication],
    *,
    kind: str = "",
    late_before: date | None = None,
) -> QuerySet[ExpenseApplication]:
    """The worklist's filters: the kind, and only those received on or before
    ``late_before`` (``ResponseRules.late_if_received_on_or_before``)."""
    if kind:
        queryset = queryset.filter(kind=kind)
    if late_before is not None:
        queryset = queryset.filter(received_on__lte=late_before)
    return queryset


def expense_application_late_count(*, user: User, today: date | None = None) -> int:
    """How many applications of the municipality are undecided past its deadline: the
    figure the deciders' start page shows."""
    if not user.can("economics.decide"):
        return 0
    today = today or timezone.localdate()
    rules = response_rules(municipality_id=user.municipality_id)
    return (
        expense_application_scope(user=user)
        .filter(decision__isnull=True, received_on__lte=rules.late_if_received_on_or_before(today))
        .count()
    )


def expense_application_list_for_family(*, user: User, family) -> list[ExpenseApplication]:
    """The family's applications, undecided first, then the newest (one query)."""
    return list(
        expense_application_scope(user=user)
        .filter(family=family)
        .select_related("placement__child", "decision")
        .order_by(
            ExpressionWrapper(Q(decision__isnull=True), output_field=BooleanField()).desc(),
            "-received_on",
            "-pk",
        )
    )
