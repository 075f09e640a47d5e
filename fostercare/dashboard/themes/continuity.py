"""Caseworker continuity: changes of caseworker per child per year (seed 004: a main
source of frustration for foster families and children). Scope: one caseworker."""

from django.utils.translation import gettext_lazy as _

from cases.selectors import caseworker_change_figures
from fostercare.dashboard.figures import Board, Chart, Section, count, share
from fostercare.dashboard.themes.base import Theme, figure, period_params, rows
from fostercare.dashboard.themes.visits import children_link

SCOPE = "caseworker"
DISTRIBUTION = [
    ("0", _("No change")),
    ("1", _("One change")),
    ("2", _("Two changes")),
    ("3+", _("Three or more")),
]


def _changes_link(board: Board, period, changes: str) -> str:
    return children_link(board, period, caseworker_changes=changes, **period_params(period))


def _per_child(board: Board, changes):
    return figure(
        board,
        "continuity.per_child",
        _("Changes of caseworker per child per year"),
        lambda p, f: count(f["per_child_per_year"], _changes_link(board, p, "1+")),
        changes,
        note=_("Among the children in full-time care at some time in the period."),
    )


def _two_or_more(board: Board, changes):
    return figure(
        board,
        "continuity.two_or_more",
        _("Children with two or more changes"),
        lambda p, f: share(f["two_or_more"], f["children"], _changes_link(board, p, "2+")),
        changes,
        unit="%",
    )


def sections(board: Board) -> list[Section]:
    changes = board.both(caseworker_change_figures, SCOPE)
    return [
        Section(
            _("Changes of caseworker"),
            figures=[
                _per_child(board, changes),
                figure(
                    board,
                    "continuity.changes",
                    _("Changes of caseworker"),
                    lambda p, f: count(f["changes"], _changes_link(board, p, "1+")),
                    changes,
                    note=_("The link shows the children who had one or more."),
                ),
                _two_or_more(board, changes),
            ],
            charts=[
                Chart(
                    "continuity.distribution",
                    _("Children by changes of caseworker in the period"),
                    rows(
                        board,
                        DISTRIBUTION,
                        lambda p, f, value: count(
                            f["distribution"][value],
                            "" if value == "0" else _changes_link(board, p, value),
                        ),
                        changes,
                    ),
                )
            ],
        )
    ]


def key_figures(board: Board):
    changes = board.both(caseworker_change_figures)
    return [_per_child(board, changes), _two_or_more(board, changes)]


THEME = Theme(
    slug="raadgiverskift",
    title=_("Caseworker continuity"),
    icon="arrow-left-right",
    summary=_("Changes of caseworker per child per year."),
    record_model="cases.CaseworkerAssignment",
    sections=sections,
    key_figures=key_figures,
    scope=SCOPE,
)
