"""Placements: in force by kind, the share in network families, begun and ended by end
reason. Scope: one caseworker's children."""

from django.utils.translation import gettext_lazy as _

from cases.models import EndReason
from cases.selectors import placement_active_figures, placement_flow_figures
from families.models import PlacementKind
from fostercare.dashboard.figures import Board, Chart, Section, count, share
from fostercare.dashboard.themes.base import Theme, figure, rows

SCOPE = "caseworker"


def placements_link(board: Board, period, **params) -> str:
    """The placement list, with the chosen caseworker (on the period's last day, which
    is also the day "in force" is taken on)."""
    return board.link(
        "cases:placements", **{"date_to": period.until, **board.staff_param(SCOPE), **params}
    )


def _in_force(board: Board, active):
    return figure(
        board,
        "placements.active",
        _("Placements in force"),
        lambda p, f: count(f["total"], placements_link(board, p, state="active")),
        active,
        note=_("On the period's last day."),
    )


def _network_share(board: Board, active):
    return figure(
        board,
        "placements.network",
        _("Placements in network families"),
        lambda p, f: share(
            f["network"], f["total"], placements_link(board, p, state="active", network="true")
        ),
        active,
        unit="%",
    )


def _flow(board: Board, key: str, label, state: str, total: str, flow):
    return figure(
        board,
        key,
        label,
        lambda p, f: count(f[total], placements_link(board, p, state=state, date_from=p.since)),
        flow,
    )


def sections(board: Board) -> list[Section]:
    active = board.both(placement_active_figures, SCOPE)
    flow = board.both(placement_flow_figures, SCOPE)
    return [
        Section(
            _("In force"),
            figures=[_in_force(board, active), _network_share(board, active)],
            charts=[
                Chart(
                    "placements.by_kind",
                    _("Placements in force by kind"),
                    rows(
                        board,
                        PlacementKind.choices,
                        lambda p, f, value: count(
                            f["by_kind"][value],
                            placements_link(board, p, state="active", kind=value),
                        ),
                        active,
                    ),
                )
            ],
        ),
        Section(
            _("Begun and ended"),
            intro=_("A move ends one placement and begins another."),
            figures=[
                _flow(
                    board, "placements.started", _("Placements begun"), "started", "started", flow
                ),
                _flow(board, "placements.ended", _("Placements ended"), "ended", "ended", flow),
            ],
            charts=[
                Chart(
                    "placements.started_by_kind",
                    _("Placements begun, by kind"),
                    rows(
                        board,
                        PlacementKind.choices,
                        lambda p, f, value: count(
                            f["started_by_kind"][value],
                            placements_link(
                                board, p, state="started", kind=value, date_from=p.since
                            ),
                        ),
                        flow,
                    ),
                ),
                Chart(
                    "placements.ended_by_reason",
                    _("Placements ended, by end reason"),
                    rows(
                        board,
                        EndReason.choices,
                        lambda p, f, value: count(
                            f["ended_by_reason"][value],
                            placements_link(
                                board, p, state="ended", end_reason=value, date_from=p.since
                            ),
                        ),
                        flow,
                    ),
                ),
            ],
        ),
    ]


def key_figures(board: Board):
    active = board.both(placement_active_figures)
    return [_in_force(board, active), _network_share(board, active)]


THEME = Theme(
    slug="anbringelser",
    title=_("Placements"),
    icon="house-heart",
    summary=_("Placements in force by kind, network families, begun and ended."),
    record_model="cases.Placement",
    sections=sections,
    key_figures=key_figures,
    scope=SCOPE,
)
