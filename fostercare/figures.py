"""What the apps' ``*_figures`` selectors share (the managers' dashboard asks them,
``fostercare/dashboard/figures.py``): counting several periods in one query."""

from collections.abc import Callable
from datetime import date
from functools import wraps

from django.db.models import Count, Q, QuerySet

Span = tuple[date, date]  # since, until: both days included


def for_periods(many: Callable[..., list[dict]]) -> Callable[..., dict]:
    """A ``*_figures`` selector from ``many(*, user, periods, **scope)``, which counts
    each of ``periods`` (``Span``s) in the same queries and returns their figures in
    that order. The selector is asked like every other, for one period
    (``selector(user=…, since=…, until=…, **scope)``); ``selector.for_periods`` is
    ``many``, which the dashboard asks for a period and the one before at once."""

    @wraps(many)
    def one(*, since: date, until: date, **kwargs) -> dict:
        return many(periods=[(since, until)], **kwargs)[0]

    one.for_periods = many
    return one


def covering(periods: list[Span]) -> Span:
    """The days from the first period's first day to the last one's last day: one range
    an index can serve, within which each period's own condition counts."""
    return min(since for since, _until in periods), max(until for _since, until in periods)


def period_counts(conditions: list[Q]) -> dict[str, Count]:
    """``n0``, ``n1``, …: the rows meeting each period's condition, for ``annotate`` on a
    grouped query (the counts come back per row in that order)."""
    return {f"n{i}": Count("pk", filter=q) for i, q in enumerate(conditions)}


def counts_per_period(
    queryset: QuerySet, periods: list[Span], conditions: Callable[[date, date], dict[str, Q]]
) -> list[dict[str, int]]:
    """One aggregate over ``queryset``: for each period, how many rows meet each of the
    named ``conditions(since, until)``; ``{name: count}`` per period, in order."""
    named = [conditions(since, until) for since, until in periods]
    found = queryset.aggregate(
        **{
            f"p{i}_{name}": Count("pk", filter=q)
            for i, period in enumerate(named)
            for name, q in period.items()
        }
    )
    return [{name: found[f"p{i}_{name}"] for name in period} for i, period in enumerate(named)]
