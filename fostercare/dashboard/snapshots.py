"""Precomputed figures, so a dashboard page answers quickly at national scale.

The figures a dashboard page shows for a period (for the whole municipality, or for the
caseworker or consultant chosen) are kept in the cache as one entry, with the time they
were computed, for ``DASHBOARD_FIGURES_CACHE_SECONDS``; the page says when ("opdateret
kl. …"). Beat refreshes every page of the whole municipality for the periods managers
open most (this year and quarter so far, the last whole year and quarter) every hour,
and once when it starts, so a deploy does not leave the first managers to compute them
(``figures_refresh``); any other period, and one caseworker's or consultant's figures,
are computed when first asked for and then kept as long. With the setting at 0 nothing
is kept.

The lists behind the figures are always live: a list opened from a figure computed an
hour ago may hold a row more or less, which is why the page says when it was computed.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as django_cache

from fostercare.accounts.models import Municipality, Role, User
from fostercare.dashboard.figures import Board
from fostercare.dashboard.periods import Period, quarter_period, year_period

PREFIX = "dashboard-figures"
# The apps the figures are computed in (their selectors, the rules and kernel helpers
# these use): a deploy that changes any of their code leaves the kept figures behind
# (they may count otherwise, or have another shape); beat computes them again when it
# starts (``tasks.refresh_figures_when_beat_starts``).
SOURCES = (
    "cases", "economics", "families", "fostercare", "hotline", "planning", "supervision",
    "support",
)  # fmt: skip


@cache
def fingerprint() -> str:
    """A digest of the code of ``SOURCES`` (migrations left out), read once a process."""
    digest = hashlib.sha256()
    for name in SOURCES:
        root = Path(import_module(name).__file__).parent
        for path in sorted(root.rglob("*.py")):
            if "migrations" not in path.relative_to(root).parts:
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Stored:
    asked: dict
    computed_at: datetime


def _key(board: Board, page: str) -> str:
    period, previous = board.period, board.previous
    staff = [getattr(member, "pk", "") for member in (board.caseworker, board.consultant)]
    return ":".join(
        str(part)
        for part in (
            PREFIX, fingerprint(), board.user.municipality_id, page, period.since, period.until,
            previous.since, previous.until, *staff,
        )
    )  # fmt: skip


def page_figures(board: Board, page: str, build: Callable[[Board], object]):
    """``build(board)`` (which asks the board for its figures), with the figures
    loaded from the cache where the page's are kept, and kept if they were not."""
    seconds = settings.DASHBOARD_FIGURES_CACHE_SECONDS
    if not seconds:
        return build(board)
    key = _key(board, page)
    stored = django_cache.get(key)
    if stored is not None:
        board.asked.update(stored.asked)
        board.computed.append(stored.computed_at)
    asked = len(board.asked)
    result = build(board)
    if stored is None or len(board.asked) > asked:
        used = {name: board.asked[name] for name in board.used}
        django_cache.set(key, Stored(used, board.computed_at), seconds)
    return result


def standard_periods(today: date) -> list[Period]:
    """The periods beat keeps fresh: this year and quarter so far, the last whole year
    and quarter (each page also shows the period before)."""
    quarter = (today.month - 1) // 3 + 1
    last_quarter_day = date(today.year, 3 * quarter - 2, 1) - timedelta(days=1)
    return [
        year_period(today.year, today),
        quarter_period(today.year, quarter, today),
        year_period(today.year - 1, today),
        quarter_period(last_quarter_day.year, (last_quarter_day.month - 1) // 3 + 1, today),
    ]


def figures_refresh(*, municipality_id: int, today: date | None = None) -> int:
    """Compute and keep the figures of every dashboard page of the municipality for
    the standard periods; the number of selector runs."""
    from django.utils import timezone

    from fostercare.dashboard.pages import PAGES

    today = today or timezone.localdate()
    seconds = settings.DASHBOARD_FIGURES_CACHE_SECONDS
    # Figures name no one and count the whole municipality: any manager's view.
    viewer = User(municipality=Municipality.objects.get(pk=municipality_id), role=Role.MANAGER)
    runs = 0
    for period in standard_periods(today):
        computed: dict = {}  # pages share selectors: each runs once per period
        for page, build in PAGES.items():
            board = Board(user=viewer, period=period, previous=period.previous())
            board.asked.update(computed)
            build(board)
            runs += 2 * (len(board.asked) - len(computed))
            computed.update(board.asked)
            if seconds:
                used = {name: board.asked[name] for name in board.used}
                django_cache.set(_key(board, page), Stored(used, timezone.now()), seconds)
    return runs
