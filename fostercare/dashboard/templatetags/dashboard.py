"""Server-drawn charts and figure values for the managers' dashboard.

A chart is SVG drawn here, with no script and no inline style (a strict
Content-Security-Policy allows neither): bar lengths are SVG attributes, colours come
from ``static/css/app.css``. Each chart is an image with an accessible name
(``role="img"``), and its numbers are always in a table beside it, so nothing is told
by colour or shape alone, and it prints.
"""

import math
from dataclasses import dataclass

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _

from fostercare.dashboard.figures import Chart, Value

register = template.Library()

# The columns chart's drawing area, in SVG units (it scales to the page's width).
WIDTH, HEIGHT, LABELS = 480, 150, 22


def _number(value: int | float | None) -> float:
    return float(value or 0)


@dataclass(frozen=True)
class Bar:
    label: str
    now: float  # length in per cent of the longest
    before: float


@dataclass(frozen=True)
class Column:
    label: str
    show_label: bool
    x: float
    y: float
    width: float
    height: float
    x_before: float
    y_before: float
    width_before: float
    height_before: float
    label_x: float


def _longest(chart: Chart) -> float:
    if chart.unit == "%":
        return 100.0
    numbers = [_number(row.now.number) for row in chart.rows]
    if chart.compare:
        numbers += [_number(row.before.number) for row in chart.rows]
    return max(numbers, default=0.0) or 1.0


def _bars(chart: Chart) -> list[Bar]:
    longest = _longest(chart)
    return [
        Bar(
            str(row.label),
            round(100 * _number(row.now.number) / longest, 2),
            round(100 * _number(row.before.number) / longest, 2) if chart.compare else 0,
        )
        for row in chart.rows
    ]


def _columns(chart: Chart) -> list[Column]:
    longest = _longest(chart)
    count = len(chart.rows) or 1
    slot = WIDTH / count
    # This period's column, and the period before as a narrower one beside it.
    width = slot * (0.5 if chart.compare else 0.7)
    width_before = width / 2 if chart.compare else 0
    every = math.ceil(count / 12)  # at most twelve labels under the columns
    columns = []
    for index, row in enumerate(chart.rows):
        left = index * slot + (slot - width - width_before) / 2
        height = HEIGHT * _number(row.now.number) / longest
        before = HEIGHT * _number(row.before.number) / longest if chart.compare else 0
        columns.append(
            Column(
                label=str(row.label),
                show_label=index % every == 0,
                x=round(left, 2),
                y=round(HEIGHT - height, 2),
                width=round(width, 2),
                height=round(height, 2),
                x_before=round(left + width, 2),
                y_before=round(HEIGHT - before, 2),
                width_before=round(width_before, 2),
                height_before=round(before, 2),
                label_x=round(index * slot + slot / 2, 2),
            )
        )
    return columns


@register.inclusion_tag("dashboard/_chart.html")
def chart(chart: Chart, period, previous) -> dict:
    """A chart with its table, for ``period`` set against ``previous``."""
    return {
        "chart": chart,
        "period": period,
        "previous": previous,
        "columns": _columns(chart) if chart.kind == "columns" else [],
        "width": WIDTH,
        "height": HEIGHT + LABELS,
        "plot_height": HEIGHT,
        "label_y": HEIGHT + 16,
        "rows": list(zip(chart.rows, _bars(chart), strict=True)) if chart.kind == "bars" else [],
    }


@register.simple_tag
def figure_value(value: Value, unit: str, what, when) -> str:
    """One period's number, linked to the list behind it where the user may open it
    (the link says what and when for screen readers), with a share's parts."""
    number = figure_number(value, unit)
    if value.url:
        shown = format_html(
            '<a href="{}">{}<span class="visually-hidden"> – {}, {}</span></a>',
            value.url, number, what, when,
        )  # fmt: skip
    else:
        shown = conditional_escape(number)
    detail = figure_detail(value)
    if detail:
        shown = format_html('{} <span class="figure-detail">({})</span>', shown, detail)
    return shown


@register.filter
def figure_number(value: Value | None, unit: str = "") -> str:
    """A figure's number the Danish way: "61 %", "1,5", "—" for none."""
    if value is None or value.number is None:
        return "—"
    number = value.number
    text = floatformat(number, -2) if isinstance(number, float) else str(number)
    return f"{text} %" if unit == "%" else text


@register.filter
def figure_detail(value: Value | None) -> str:
    """A share's parts: "12 of 40"."""
    if value is None or value.whole is None:
        return ""
    return _("%(part)s of %(whole)s") % {"part": value.part, "whole": value.whole}


@register.filter
def figure_change(figure) -> str:
    """The change from the period before: "+3", "−4 percentage points", "" if none."""
    change = figure.change
    if change is None:
        return ""
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    text = floatformat(abs(change), -2)
    if figure.unit == "%":
        return _("%(sign)s%(number)s percentage points") % {"sign": sign, "number": text}
    return f"{sign}{text}"
