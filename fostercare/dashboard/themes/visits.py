"""Statutory visits: children overdue, visits due in the period made on time, and the
child spoken with alone. Scope: one caseworker's children."""

from django.utils.translation import gettext_lazy as _

from cases.selectors import (
    Situation,
    VisitFinding,
    visit_alone_figures,
    visit_on_time_figures,
    visit_overdue_figures,
)
from fostercare.dashboard.figures import Board, Section, count, share
from fostercare.dashboard.themes.base import Theme, figure, period_params

SCOPE = "caseworker"


def children_link(board: Board, period, **params) -> str:
    """The child list, with the chosen caseworker on the period's last day."""
    return board.link("cases:list", **{"on": period.until, **board.staff_param(SCOPE), **params})


def _overdue(board: Board, overdue):
    return figure(
        board,
        "visits.overdue",
        _("Children overdue for a statutory visit"),
        lambda p, f: count(
            f["overdue"], children_link(board, p, situation=Situation.VISIT_OVERDUE)
        ),
        overdue,
        note=_("On the period's last day; a visit is due half a year after the last one."),
    )


def _on_time(board: Board, on_time):
    return figure(
        board,
        "visits.on_time",
        _("Visits due in the period that were made on time"),
        lambda p, f: share(
            f["on_time"],
            f["due"],
            children_link(board, p, visit=VisitFinding.LATE, **period_params(p)),
        ),
        on_time,
        unit="%",
        note=_("The link shows the children with a visit that came late."),
    )


def sections(board: Board) -> list[Section]:
    overdue = board.both(visit_overdue_figures, SCOPE)
    on_time = board.both(visit_on_time_figures, SCOPE)
    alone = board.both(visit_alone_figures, SCOPE)
    return [
        Section(
            _("Statutory visits"),
            intro=_(
                "The placing municipality visits each child in full-time care at least "
                "twice a year and talks with the child alone."
            ),
            figures=[
                _overdue(board, overdue),
                figure(
                    board,
                    "visits.placed",
                    _("Children in full-time care"),
                    lambda p, f: count(
                        f["placed"], children_link(board, p, situation=Situation.PLACED)
                    ),
                    overdue,
                    note=_("On the period's last day."),
                ),
                _on_time(board, on_time),
                figure(
                    board,
                    "visits.alone",
                    _("Visits where the child was spoken with alone"),
                    lambda p, f: share(
                        f["alone"],
                        f["visits"],
                        children_link(board, p, visit=VisitFinding.NOT_ALONE, **period_params(p)),
                    ),
                    alone,
                    unit="%",
                    note=_("The link shows the children visited without a talk alone."),
                ),
            ],
        )
    ]


def key_figures(board: Board):
    return [
        _overdue(board, board.both(visit_overdue_figures)),
        _on_time(board, board.both(visit_on_time_figures)),
    ]


THEME = Theme(
    slug="tilsyn",
    title=_("Statutory visits"),
    icon="person-check",
    summary=_("Children overdue for a visit, visits on time, talks with the child alone."),
    record_model="cases.StatutoryVisit",
    sections=sections,
    key_figures=key_figures,
    scope=SCOPE,
)
