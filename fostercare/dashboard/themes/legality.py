"""Legality of changes of placement: the three legal steps before the move, against
Ankestyrelsen's review (61 % lawful, 39 % with a step skipped). Scope: one
caseworker's children."""

from django.utils.translation import gettext_lazy as _

from cases.selectors import Legality, placement_change_legality_figures
from fostercare.dashboard.figures import Board, Chart, Section, count, share
from fostercare.dashboard.themes.base import Theme, figure, rows
from fostercare.dashboard.themes.stability import changes_link

SCOPE = "caseworker"
OUTCOMES = [
    (Legality.STEPS_BEFORE, _("All three steps before the move")),
    (Legality.ACUTE, _("Acute exception")),
    (Legality.STEPS_MISSING, _("A step missing or after the move")),
]


def _share(board: Board, legality, key: str, label, note=""):
    return figure(
        board,
        f"legality.{key}",
        label,
        lambda p, f: share(f["by_legality"][key], f["total"], changes_link(board, p, legality=key)),
        legality,
        unit="%",
        note=note,
    )


def _lawful(board: Board, legality):
    return _share(
        board,
        legality,
        Legality.STEPS_BEFORE,
        _("Moves with all three legal steps before the move"),
        note=_(
            "Ankestyrelsen's review of 57 moves: 61 per cent lawful, 39 per cent with a step "
            "skipped."
        ),
    )


def sections(board: Board) -> list[Section]:
    legality = board.both(placement_change_legality_figures, SCOPE)
    return [
        Section(
            _("Changes of placement completed in the period"),
            intro=_(
                "The steps: the action plan revised, a conversation with the child, the "
                "foster family's statement."
            ),
            figures=[
                _lawful(board, legality),
                _share(board, legality, Legality.ACUTE, _("Moved on an acute exception")),
                _share(
                    board, legality, Legality.STEPS_MISSING, _("A step missing or after the move")
                ),
            ],
            charts=[
                Chart(
                    "legality.outcomes",
                    _("Moves by the legal steps"),
                    rows(
                        board,
                        OUTCOMES,
                        lambda p, f, value: count(
                            f["by_legality"][value], changes_link(board, p, legality=value)
                        ),
                        legality,
                    ),
                )
            ],
        )
    ]


def key_figures(board: Board):
    return [_lawful(board, board.both(placement_change_legality_figures))]


def key_chart(board: Board) -> Chart:
    legality = board.both(placement_change_legality_figures)
    return Chart(
        "legality.outcomes",
        _("Moves by the legal steps"),
        rows(
            board,
            OUTCOMES,
            lambda p, f, value: count(
                f["by_legality"][value], changes_link(board, p, legality=value)
            ),
            legality,
        ),
    )


THEME = Theme(
    slug="lovlighed",
    title=_("Legality of moves"),
    icon="clipboard-check",
    summary=_("Changes of placement with the three legal steps done before the move."),
    record_model="cases.PlacementChange",
    sections=sections,
    key_figures=key_figures,
    key_chart=key_chart,
    scope=SCOPE,
)
