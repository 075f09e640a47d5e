"""Stability: breakdowns and their reasons, moves, and who initiated them (the report:
about 40 % by the foster family). Scope: one caseworker's children."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from cases.models import BreakdownReason, EndReason, Initiator
from cases.selectors import (
    placement_breakdown_figures,
    placement_change_figures,
    placement_flow_figures,
)
from fostercare.dashboard.figures import Board, Chart, Row, Section, Value, count, share
from fostercare.dashboard.themes.base import Theme, figure, period_params, rows
from fostercare.dashboard.themes.placements import placements_link

SCOPE = "caseworker"


def changes_link(board: Board, period, **params) -> str:
    """The list of changes of placement completed in ``period``."""
    return board.link(
        "cases:changes", **period_params(period), **board.staff_param(SCOPE), **params
    )


def _breakdowns_link(board: Board, period, **params) -> str:
    return placements_link(
        board,
        period,
        state="ended",
        end_reason=EndReason.BREAKDOWN,
        date_from=period.since,
        **params,
    )


def _breakdowns(board: Board, breakdowns):
    return figure(
        board,
        "stability.breakdowns",
        _("Breakdowns"),
        lambda p, f: count(f["total"], _breakdowns_link(board, p)),
        breakdowns,
    )


def _moves(board: Board, changes):
    return figure(
        board,
        "stability.moves",
        _("Moves (completed changes of placement)"),
        lambda p, f: count(f["total"], changes_link(board, p)),
        changes,
    )


def _by_family(board: Board, changes):
    return figure(
        board,
        "stability.by_family",
        _("Moves initiated by the foster family"),
        lambda p, f: share(
            f["by_initiator"][Initiator.FOSTER_FAMILY],
            f["total"],
            changes_link(board, p, initiated_by=Initiator.FOSTER_FAMILY),
        ),
        changes,
        unit="%",
        note=_("The national review: in about 40 per cent the foster family ended the contract."),
    )


def _per_year(board: Board, breakdowns) -> Chart:
    now, _before = breakdowns
    chart_rows = []
    for year, n in now["by_year"].items():
        first = date(year, 1, 1)
        last = min(date(year, 12, 31), board.period.until)
        url = placements_link(
            board,
            board.period,
            state="ended",
            end_reason=EndReason.BREAKDOWN,
            date_from=first,
            date_to=last,
        )
        chart_rows.append(Row(str(year), Value(n, url=url), Value(None)))
    return Chart(
        "stability.breakdowns_per_year",
        _("Breakdowns per year"),
        chart_rows,
        kind="columns",
        compare=False,
        note=_("The period's year so far, and the four years before."),
    )


def sections(board: Board) -> list[Section]:
    breakdowns = board.both(placement_breakdown_figures, SCOPE)
    flow = board.both(placement_flow_figures, SCOPE)
    changes = board.both(placement_change_figures, SCOPE)
    return [
        Section(
            _("Breakdowns"),
            figures=[
                _breakdowns(board, breakdowns),
                figure(
                    board,
                    "stability.breakdown_share",
                    _("Ended placements that broke down"),
                    lambda p, f: share(
                        f["ended_by_reason"][EndReason.BREAKDOWN],
                        f["ended"],
                        _breakdowns_link(board, p),
                    ),
                    flow,
                    unit="%",
                ),
            ],
            charts=[
                Chart(
                    "stability.breakdown_reasons",
                    _("Reasons for the breakdowns"),
                    rows(
                        board,
                        BreakdownReason.choices,
                        lambda p, f, value: count(
                            f["by_reason"][value],
                            _breakdowns_link(board, p, breakdown_reason=value),
                        ),
                        breakdowns,
                    ),
                    note=_("A breakdown may have several reasons."),
                ),
                _per_year(board, breakdowns),
            ],
        ),
        Section(
            _("Moves"),
            figures=[
                _moves(board, changes),
                _by_family(board, changes),
                figure(
                    board,
                    "stability.poor_match",
                    _("A poor match played a part"),
                    lambda p, f: share(
                        f["poor_match"], f["total"], changes_link(board, p, poor_match="true")
                    ),
                    changes,
                    unit="%",
                ),
                figure(
                    board,
                    "stability.late_assessment",
                    _("A late assessment of the child played a part"),
                    lambda p, f: share(
                        f["late_assessment"],
                        f["total"],
                        changes_link(board, p, late_assessment="true"),
                    ),
                    changes,
                    unit="%",
                ),
            ],
            charts=[
                Chart(
                    "stability.initiators",
                    _("Moves by who initiated them"),
                    rows(
                        board,
                        Initiator.choices,
                        lambda p, f, value: count(
                            f["by_initiator"][value], changes_link(board, p, initiated_by=value)
                        ),
                        changes,
                    ),
                )
            ],
        ),
    ]


def key_figures(board: Board):
    return [
        _breakdowns(board, board.both(placement_breakdown_figures)),
        _moves(board, board.both(placement_change_figures)),
        _by_family(board, board.both(placement_change_figures)),
    ]


def key_chart(board: Board) -> Chart:
    return _per_year(board, board.both(placement_breakdown_figures))


THEME = Theme(
    slug="stabilitet",
    title=_("Stability"),
    icon="shield-check",
    summary=_("Breakdowns and their reasons, moves and who initiated them."),
    record_model="cases.Placement",
    sections=sections,
    key_figures=key_figures,
    key_chart=key_chart,
    scope=SCOPE,
)
