"""Figures about network families' applications, for managers (and the dashboards):
how many, how fast they are decided in working days, how many within the
municipality's deadline, how much of the 20,000 kr. each child has used, and what
was granted per year and category.

Each selector runs a fixed number of queries and returns plain data (numbers,
``Decimal`` amounts, labels), never querysets, so a dashboard can show or combine
them. The shapes are in the docstrings."""

import math
import statistics
from collections import defaultdict
from datetime import date
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from cases.models import Child
from economics.models import (
    ApplicationKind,
    CostCategory,
    DecisionOutcome,
    DecisionRule,
    ExpenseDecision,
)
from economics.rules import (
    UNDOCUMENTED_YEARLY_CAP,
    ZERO,
    cap_remaining,
    monthly_amount_for,
    overlap,
)
from economics.selectors.applications import expense_application_scope, response_rules
from fostercare.accounts.models import User
from fostercare.figures import Span, for_periods

FIGURES = "economics.figures"


def percentile(values: list[int | float], share: float) -> float | None:
    """The nearest-rank percentile (``share`` 0-1) of ``values``; None for none."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(share * len(ordered)) - 1)])


@for_periods
def expense_application_figures(
    *, user: User, periods: list[Span], today: date | None = None
) -> list[dict]:
    """Applications received in each period (``since`` to ``until``, both included) in
    the user's municipality, and what became of them. Empty figures for a user who may
    not see them. The municipality's rules and the applications of all the periods are
    read once (four queries), then split per period here.

    Returns, for each period::

        {
          "since": date, "until": date, "deadline_days": int,
          "applications": int,                     # received in the period
          "by_kind": [{"kind": str, "label": str, "count": int}],
          "decided": int, "pending": int,
          "pending_late": int,                     # undecided past the deadline today
          "outcomes": [{"outcome": str, "label": str, "count": int}],
          "response_days": [int, ...],             # per decided application
          "median_days": float | None,             # working days, received -> decided
          "p90_days": float | None,
          "within_deadline": int,                  # decided on or before the deadline
          "within_deadline_share": int | None,     # per cent of decided
          "by_category": [{"category": str, "label": str, "applications": int,
                           "applied": Decimal, "granted": Decimal}],
        }
    """
    today = today or timezone.localdate()
    rules = response_rules(municipality_id=user.municipality_id)
    rows = []
    if user.can(FIGURES):
        rows = list(
            expense_application_scope(user=user)
            .filter(reduce(or_, (Q(received_on__range=period) for period in periods)))
            .order_by("received_on", "pk")
            .values_list(
                "kind", "category", "amount_applied", "received_on", "decision__decided_on",
                "decision__outcome", "decision__amount",
            )
        )  # fmt: skip
    return [
        _application_figures(
            [r for r in rows if since <= r[3] <= until], since, until, rules=rules, today=today
        )
        for since, until in periods
    ]


def _application_figures(rows: list[tuple], since: date, until: date, *, rules, today) -> dict:
    """``expense_application_figures`` of one period from its applications' rows."""
    figures: dict = {"since": since, "until": until, "deadline_days": rules.working_days}
    decided = [r for r in rows if r[4] is not None]
    pending = [r for r in rows if r[4] is None]
    response_days = [rules.elapsed(r[3], r[4]) for r in decided]
    on_time = sum(1 for r in decided if r[4] <= rules.deadline(r[3]))
    kinds = defaultdict(int)
    outcomes = defaultdict(int)
    categories: dict[str, dict] = {
        value: {"category": value, "label": str(label), "applications": 0, "applied": ZERO,
                "granted": ZERO}
        for value, label in CostCategory.choices
    }  # fmt: skip
    for kind, category, applied, _received, _decided, outcome, granted in rows:
        kinds[kind] += 1
        if outcome is not None:
            outcomes[outcome] += 1
        if kind == ApplicationKind.OTHER_COSTS:
            row = categories[category]
            row["applications"] += 1
            row["applied"] += applied or ZERO
            row["granted"] += granted or ZERO
    figures |= {
        "applications": len(rows),
        "by_kind": [
            {"kind": value, "label": str(label), "count": kinds[value]}
            for value, label in ApplicationKind.choices
        ],
        "decided": len(decided),
        "pending": len(pending),
        "pending_late": sum(1 for r in pending if rules.deadline(r[3]) < today),
        "outcomes": [
            {"outcome": value, "label": str(label), "count": outcomes[value]}
            for value, label in DecisionOutcome.choices
        ],
        "response_days": response_days,
        "median_days": float(statistics.median(response_days)) if response_days else None,
        "p90_days": percentile(response_days, 0.9),
        "within_deadline": on_time,
        "within_deadline_share": round(100 * on_time / len(decided)) if decided else None,
        "by_category": list(categories.values()),
    }
    return figures


def expense_cap_use_figures(*, user: User, year: int) -> dict:
    """The use of the 20,000 kr. a year without documentation, per child, in ``year``
    (by decision date), for the children of the user's municipality who used any.

    Returns::

        {
          "year": int, "cap": Decimal,
          "children": int,                         # children who used any of it
          "at_cap": int,                           # used all of it
          "used": Decimal,                         # in all
          "rows": [{"child": Child, "used": Decimal, "remaining": Decimal,
                    "share": int}],                # per cent used; most used first
        }
    """
    rows: dict[int, dict] = {}
    if user.can(FIGURES):
        used = dict(
            ExpenseDecision.objects.filter(
                application__in=expense_application_scope(user=user),
                application__kind=ApplicationKind.OTHER_COSTS,
                rule=DecisionRule.UNDOCUMENTED,
                decided_on__year=year,
            )
            .values_list("application__placement__child_id")
            .annotate(total=Sum("amount"))
            .order_by()
        )
        for child in Child.objects.filter(pk__in=list(used)).only("first_name", "last_name"):
            rows[child.pk] = {"child": child, "used": used[child.pk]}
    ordered = sorted(rows.values(), key=lambda r: (-r["used"], r["child"].first_name))
    for row in ordered:
        row["remaining"] = cap_remaining(row["used"])
        row["share"] = round(100 * row["used"] / UNDOCUMENTED_YEARLY_CAP)
    return {
        "year": year,
        "cap": UNDOCUMENTED_YEARLY_CAP,
        "children": len(ordered),
        "at_cap": sum(1 for r in ordered if r["remaining"] == ZERO),
        "used": sum((r["used"] for r in ordered), ZERO),
        "rows": ordered,
    }


def expense_totals_by_year(*, user: User, since: date, until: date) -> dict:
    """What was granted per calendar year from ``since`` to ``until``: other costs by
    category (by decision date) and lost earnings (the monthly amounts for the days of
    each year they cover, up to ``until``).

    Returns::

        {
          "years": [int, ...],
          "rows": [{"key": str, "label": str, "amounts": [Decimal per year],
                    "total": Decimal}],            # categories, then lost earnings
          "totals": [Decimal per year], "total": Decimal,
        }
    """
    years = list(range(since.year, until.year + 1))
    amounts: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    if user.can(FIGURES):
        scope = expense_application_scope(user=user)
        granted = ExpenseDecision.objects.filter(application__in=scope).exclude(
            outcome=DecisionOutcome.REFUSED
        )
        other_costs = (
            granted.filter(
                application__kind=ApplicationKind.OTHER_COSTS, decided_on__range=(since, until)
            )
            .values_list("application__category", ExtractYear("decided_on"))
            .annotate(total=Sum("amount"))
            .order_by()
        )
        for category, year, total in other_costs:
            amounts[category][year] += total
        lost_earnings = granted.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=since),
            application__kind=ApplicationKind.LOST_EARNINGS,
            starts_on__lte=until,
        ).values_list("amount", "starts_on", "ends_on")
        for monthly, starts_on, ends_on in lost_earnings:
            for year in years:
                days = overlap(
                    max(since, date(year, 1, 1)), min(until, date(year, 12, 31)), starts_on, ends_on
                )
                if days is not None:
                    amounts[ApplicationKind.LOST_EARNINGS][year] += monthly_amount_for(
                        monthly=monthly, first_day=days[0], last_day=days[1]
                    )
    keys = [
        *CostCategory.choices,
        (ApplicationKind.LOST_EARNINGS, ApplicationKind.LOST_EARNINGS.label),
    ]
    rows = []
    for key, label in keys:
        per_year = [amounts[key][year] for year in years]
        rows.append(
            {"key": key, "label": str(label), "amounts": per_year, "total": sum(per_year, ZERO)}
        )
    totals = [sum((row["amounts"][i] for row in rows), ZERO) for i in range(len(years))]
    return {"years": years, "rows": rows, "totals": totals, "total": sum(totals, ZERO)}
