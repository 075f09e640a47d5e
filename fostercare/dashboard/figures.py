"""What a dashboard page is made of: figures (one number, this period and the one
before) and charts (a number per category), grouped in sections, each number with the
link to the list behind it where the user may open that list.

Themes (``fostercare.dashboard.themes``) build these from the apps' ``*_figures``
selectors through a ``Board``, which holds the user, the two periods and the chosen
caseworker or consultant, and runs each selector for both periods.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from urllib.parse import urlencode

from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.functional import Promise

from fostercare.accounts.models import User
from fostercare.dashboard.periods import Period

Label = str | Promise


@dataclass(frozen=True)
class Value:
    """One period's number: a count, or a share in per cent of ``part`` out of
    ``whole``; ``url`` is the list behind it ("" where there is none for this user)."""

    number: int | float | None
    part: int | None = None
    whole: int | None = None
    url: str = ""


def count(number: int | float | None, url: str = "") -> Value:
    return Value(number, url=url)


def share(part: int, whole: int, url: str = "") -> Value:
    """``part`` of ``whole`` in whole per cent (no share of nothing)."""
    return Value(round(100 * part / whole) if whole else None, part, whole, url)


@dataclass(frozen=True)
class Figure:
    """A key figure. ``unit`` is "%" for a share; ``note`` says what it is measured
    against (the report's figure, the rule)."""

    key: str
    label: Label
    now: Value
    before: Value
    unit: str = ""
    note: Label = ""

    @property
    def change(self) -> int | float | None:
        if self.now.number is None or self.before.number is None:
            return None
        return round(self.now.number - self.before.number, 2)


@dataclass(frozen=True)
class Row:
    label: Label
    now: Value
    before: Value


@dataclass(frozen=True)
class Chart:
    """Numbers by category, drawn as bars (``bars``: one row each, for categories) or
    columns (``columns``: for hours, weekdays, years), with the previous period beside
    each; the template always shows the numbers in a table too."""

    key: str
    title: Label
    rows: list[Row]
    kind: str = "bars"
    unit: str = ""
    note: Label = ""
    compare: bool = True  # False: the rows are the comparison (a row per year)


@dataclass
class Section:
    title: Label
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    intro: Label = ""


@cache
def _permission_of(url_name: str) -> str:
    view = resolve(reverse(url_name)).func
    return view.view_class.permission


@cache
def _path_of(url_name: str) -> str:
    return reverse(url_name)


@dataclass(frozen=True)
class Board:
    """What a theme builds its page from: who is looking, the period and the one before,
    and the caseworker or consultant chosen (the whole municipality: ``None``).

    The figures are kept together (``asked``; ``used``: those the page asked for), so
    a page's figures can be stored and loaded as one (``snapshots``); ``computed``
    holds when they were computed."""

    user: User
    period: Period
    previous: Period
    caseworker: User | None = None
    consultant: User | None = None
    asked: dict = field(default_factory=dict, compare=False, repr=False)
    used: set = field(default_factory=set, compare=False, repr=False)
    computed: list = field(default_factory=list, compare=False, repr=False)

    def both(self, selector: Callable[..., dict], scope: str = "") -> tuple[dict, dict]:
        """``selector``'s figures for this period and the one before (asked once per
        page; in the same queries where the selector counts several periods at once,
        ``fostercare.figures.for_periods``); ``scope`` ("caseworker" or "consultant")
        passes the chosen one on."""
        key = (selector.__module__, selector.__qualname__, scope)
        self.used.add(key)
        if key not in self.asked:
            extra = {scope: getattr(self, scope)} if scope else {}
            periods = (self.period, self.previous)
            many = getattr(selector, "for_periods", None)  # both in the same queries
            if many is not None:
                spans = [(p.since, p.until) for p in periods]
                self.asked[key] = tuple(many(user=self.user, periods=spans, **extra))
            else:
                self.asked[key] = tuple(
                    selector(user=self.user, since=p.since, until=p.until, **extra) for p in periods
                )
            self.computed.append(timezone.now())
        return self.asked[key]

    @property
    def computed_at(self):
        """When the oldest figure on the page was computed."""
        return min(self.computed, default=None)

    def link(self, url_name: str, **params) -> str:
        """The list ``url_name`` with ``params`` (empty ones left out, dates as ISO), or
        "" if the user may not open it."""
        if not self.user.can(_permission_of(url_name)):
            return ""
        query = {
            key: value.isoformat() if isinstance(value, date) else value
            for key, value in params.items()
            if not (value is None or value is False or value == "")
        }
        return _path_of(url_name) + ("?" + urlencode(query) if query else "")

    def pair(
        self, make: Callable[[Period, dict], Value], now: dict, before: dict
    ) -> tuple[Value, Value]:
        """``make(period, figures)`` for this period and the one before."""
        return make(self.period, now), make(self.previous, before)

    def staff_param(self, scope: str) -> dict:
        """The chosen caseworker or consultant as a list's filter (its pk)."""
        member = getattr(self, scope) if scope else None
        return {scope: member.pk} if member is not None else {}
