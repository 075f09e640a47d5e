"""What the apps' ``*_figures`` selectors share (the managers' dashboard asks them,
``fostercare/dashboard/figures.py``): counting several periods in one query."""

from collections.abc import Callable
from datetime import date
from functools import wraps

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
