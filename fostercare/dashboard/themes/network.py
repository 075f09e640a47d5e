"""The network first (issue 16; seeds 002 and 003): new full-time placements in the
child's network, and outside it with or without the network explored first (a network
map with an assessed person, or a network meeting or family group conference); the
meetings and conferences held. Scope: one caseworker's children."""

from django.utils.translation import gettext_lazy as _

from fostercare.dashboard.figures import Board, Chart, Section, count, share
from fostercare.dashboard.themes.base import Theme, figure, rows
from fostercare.dashboard.themes.placements import placements_link
from planning.selectors import network_figures

SCOPE = "caseworker"
WHERE = [
    ("in_network", _("In the network")),
    ("explored", _("Outside, the network explored first")),
    ("not_explored", _("Outside, the network not explored")),
]


def _in_network(board: Board, figures):
    return figure(
        board,
        "network.in_network",
        _("New placements in the network"),
        lambda p, f: share(f["in_network"], f["placed"]),
        figures,
        unit="%",
        note=_("Of the full-time placements begun in the period."),
    )


def _not_explored(board: Board, figures):
    return figure(
        board,
        "network.not_explored",
        _("Placed outside the network without exploring it"),
        lambda p, f: count(f["not_explored"]),
        figures,
        note=_("A reason is recorded instead; fewer is better."),
    )


def sections(board: Board) -> list[Section]:
    figures = board.both(network_figures, SCOPE)
    return [
        Section(
            _("New placements"),
            figures=[
                figure(
                    board,
                    "network.placed",
                    _("Full-time placements begun"),
                    lambda p, f: count(
                        f["placed"], placements_link(board, p, state="started", date_from=p.since)
                    ),
                    figures,
                    note=_("The list shows the placements of every kind begun in the period."),
                ),
                _in_network(board, figures),
                figure(
                    board,
                    "network.explored",
                    _("Placed outside the network after exploring it"),
                    lambda p, f: count(f["explored"]),
                    figures,
                ),
                _not_explored(board, figures),
            ],
            charts=[
                Chart(
                    "network.where",
                    _("New full-time placements: in the network or outside it"),
                    rows(board, WHERE, lambda p, f, value: count(f[value]), figures),
                )
            ],
        ),
        Section(
            _("Exploring the network"),
            figures=[
                figure(
                    board,
                    "network.conferences",
                    _("Family group conferences held"),
                    lambda p, f: count(f["conferences"]),
                    figures,
                ),
                figure(
                    board,
                    "network.meetings",
                    _("Network meetings held"),
                    lambda p, f: count(f["meetings"]),
                    figures,
                ),
                figure(
                    board,
                    "network.mapped",
                    _("Persons added to network maps"),
                    lambda p, f: count(f["mapped"]),
                    figures,
                ),
                figure(
                    board,
                    "network.possible_carers",
                    _("Of them assessed as possible carers"),
                    lambda p, f: count(f["possible_carers"]),
                    figures,
                ),
            ],
        ),
    ]


def key_figures(board: Board):
    figures = board.both(network_figures)
    return [_in_network(board, figures), _not_explored(board, figures)]


THEME = Theme(
    slug="netvaerk",
    title=_("The network first"),
    icon="diagram-3",
    summary=_("Placements in the network, and whether the network was explored first."),
    record_model="planning.NetworkMeeting",
    sections=sections,
    key_figures=key_figures,
    scope=SCOPE,
)
