"""Foster families: approval types (the report's 77 % general), occupancy (83 % with a
child placed) and free places. Scope: one consultant's families."""

from django.utils.translation import gettext_lazy as _

from families.models import ApprovalType
from families.selectors import (
    ANY_CURRENT,
    GENERAL,
    Occupancy,
    family_approval_figures,
    family_free_place_figures,
    family_occupancy_figures,
)
from fostercare.dashboard.figures import Board, Chart, Section, count, share
from fostercare.dashboard.themes.base import Theme, figure, rows

SCOPE = "consultant"
OCCUPANCY = [
    (Occupancy.FULL_TIME, _("A child in full-time care")),
    (Occupancy.RESPITE_ONLY, _("Respite only")),
    (Occupancy.IDLE, _("No child placed")),
]


def _families(board: Board, period, **params) -> str:
    return board.link("families:list", on=period.until, **board.staff_param(SCOPE), **params)


def _general_share(board: Board, approvals):
    return figure(
        board,
        "families.general",
        _("Generally approved families"),
        lambda p, f: share(f["general"], f["approved"], _families(board, p, approval_type=GENERAL)),
        approvals,
        unit="%",
        note=_(
            "The national review (2013): 77 per cent general, 23 per cent approved for a "
            "named child."
        ),
    )


def _occupied_share(board: Board, occupancy):
    return figure(
        board,
        "families.placed",
        _("Approved families with a child placed"),
        lambda p, f: share(
            f["placed"], f["approved"], _families(board, p, occupancy=Occupancy.PLACED)
        ),
        occupancy,
        unit="%",
        note=_("The national review (2013): 83 per cent had a child in full-time care or respite."),
    )


def _free_full_time(board: Board, free):
    return figure(
        board,
        "families.free_full_time",
        _("Families with a free full-time place"),
        lambda p, f: count(f["families_full_time"], _families(board, p, free_places="true")),
        free,
    )


def sections(board: Board) -> list[Section]:
    approvals = board.both(family_approval_figures, SCOPE)
    occupancy = board.both(family_occupancy_figures, SCOPE)
    free = board.both(family_free_place_figures, SCOPE)
    return [
        Section(
            _("Approvals"),
            figures=[
                figure(
                    board,
                    "families.approved",
                    _("Families with a current approval"),
                    lambda p, f: count(
                        f["approved"], _families(board, p, approval_type=ANY_CURRENT)
                    ),
                    approvals,
                ),
                _general_share(board, approvals),
            ],
            charts=[
                Chart(
                    "families.by_type",
                    _("Families by approval type"),
                    rows(
                        board,
                        ApprovalType.choices,
                        lambda p, f, value: count(
                            f["by_type"][value], _families(board, p, approval_type=value)
                        ),
                        approvals,
                    ),
                    note=_("A family with a general and a network approval counts under both."),
                )
            ],
        ),
        Section(
            _("Occupancy"),
            figures=[_occupied_share(board, occupancy)],
            charts=[
                Chart(
                    "families.occupancy",
                    _("Approved families by what they had placed"),
                    rows(
                        board,
                        OCCUPANCY,
                        lambda p, f, value: count(
                            f["by_occupancy"][value], _families(board, p, occupancy=value)
                        ),
                        occupancy,
                    ),
                )
            ],
            intro=_("On the period's last day."),
        ),
        Section(
            _("Free places"),
            figures=[_free_full_time(board, free)],
            charts=[
                Chart(
                    "families.free_places",
                    _("Free places by kind"),
                    rows(
                        board,
                        [
                            ("full_time", _("Full-time care")),
                            ("respite", _("Respite")),
                        ],
                        lambda p, f, value: count(
                            f[value],
                            _families(
                                board,
                                p,
                                **{
                                    "free_places"
                                    if value == "full_time"
                                    else "free_respite": "true"
                                },
                            ),
                        ),
                        free,
                    ),
                    note=_(
                        "Approved places less the children placed in them; the list shows "
                        "the families."
                    ),
                )
            ],
        ),
    ]


def key_figures(board: Board):
    return [
        _general_share(board, board.both(family_approval_figures)),
        _occupied_share(board, board.both(family_occupancy_figures)),
    ]


def key_chart(board: Board) -> Chart:
    occupancy = board.both(family_occupancy_figures)
    return Chart(
        "families.occupancy",
        _("Approved families by what they had placed"),
        rows(
            board,
            OCCUPANCY,
            lambda p, f, value: count(
                f["by_occupancy"][value], _families(board, p, occupancy=value)
            ),
            occupancy,
        ),
    )


THEME = Theme(
    slug="plejefamilier",
    title=_("Foster families"),
    icon="houses",
    summary=_("Approval types, occupancy and free places."),
    record_model="families.Family",
    sections=sections,
    key_figures=key_figures,
    key_chart=key_chart,
    scope=SCOPE,
)
