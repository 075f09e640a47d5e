"""A dashboard theme: a page of figures on one subject, and its key figures on the
overview. A theme module defines ``THEME``; ``themes/__init__.py`` lists them in order.
"""

from collections.abc import Callable
from dataclasses import dataclass

from fostercare.dashboard.figures import Board, Chart, Figure, Label, Row, Section, Value
from fostercare.dashboard.periods import Period


@dataclass(frozen=True)
class Theme:
    """``sections(board)`` builds the theme's page, ``key_figures(board)`` the few
    figures the overview shows of it, ``key_chart(board)`` (optional) its small chart
    there. ``scope`` ("caseworker" or "consultant") lets the page narrow the figures to
    one member of staff. A download of the page's tables is access-logged as rows of
    ``record_model`` ("app_label.ModelName")."""

    slug: str  # the page's URL: /overblik/<slug>/
    title: Label
    icon: str  # a Bootstrap icon name
    summary: Label
    record_model: str
    sections: Callable[[Board], list[Section]]
    key_figures: Callable[[Board], list[Figure]]
    key_chart: Callable[[Board], Chart] | None = None
    scope: str = ""


# --- helpers the themes share --------------------------------------------------------------
MakeValue = Callable[[Period, dict], Value]


def figure(
    board: Board,
    key: str,
    label: Label,
    make: MakeValue,
    figures: tuple[dict, dict],
    *,
    unit: str = "",
    note: Label = "",
) -> Figure:
    """A figure from ``make(period, figures)`` for this period and the one before."""
    now, before = board.pair(make, *figures)
    return Figure(key, label, now, before, unit=unit, note=note)


def rows(
    board: Board,
    categories: list[tuple[str, Label]],
    make: Callable[[Period, dict, str], Value],
    figures: tuple[dict, dict],
) -> list[Row]:
    """A chart row per ``(value, label)`` of ``categories``."""
    now, before = figures
    return [
        Row(label, make(board.period, now, value), make(board.previous, before, value))
        for value, label in categories
    ]


def period_params(period: Period) -> dict:
    """A list's period filter for ``period``."""
    return {"date_from": period.since, "date_to": period.until}
