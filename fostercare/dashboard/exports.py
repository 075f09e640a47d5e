"""A dashboard page's tables as one download: a row per figure and per chart row, with
this period's and the previous period's numbers (and, for a share, its parts)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from fostercare.dashboard.figures import Label, Section, Value
from fostercare.dashboard.periods import Period
from fostercare.exports import Column


@dataclass(frozen=True)
class TableRow:
    section: Label
    figure: Label
    category: Label
    unit: str
    now: Value
    before: Value


def table_rows(sections: list[Section]) -> list[TableRow]:
    rows = []
    for section in sections:
        for figure in section.figures:
            rows.append(
                TableRow(section.title, figure.label, "", figure.unit, figure.now, figure.before)
            )
        for chart in section.charts:
            for row in chart.rows:
                rows.append(
                    TableRow(section.title, chart.title, row.label, chart.unit, row.now, row.before)
                )
    return rows


def table_columns(period: Period, previous: Period) -> list[Column]:
    columns = [
        Column(_("Section"), lambda r: r.section),
        Column(_("Figure"), lambda r: r.figure),
        Column(_("Category"), lambda r: r.category),
        Column(_("Unit"), lambda r: r.unit),
    ]
    for label, attr in ((period.label, "now"), (previous.label, "before")):
        columns += [
            Column(label, lambda r, a=attr: getattr(r, a).number),
            Column(
                _("%(period)s: of") % {"period": label},
                lambda r, a=attr: getattr(r, a).part,
            ),
            Column(
                _("%(period)s: out of") % {"period": label},
                lambda r, a=attr: getattr(r, a).whole,
            ),
        ]
    return columns
