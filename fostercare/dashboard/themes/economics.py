"""Network families' economics (expense neutrality): the applications for other costs
and lost earnings, how fast they are decided against the municipality's deadline, and
what was applied for and granted by category. The tables behind the figures (the use of
the 20,000 kr. per child, the amounts per year) are on the economics figures page, which
each number links to for the same period. Scope: the whole municipality."""

from django.utils.translation import gettext_lazy as _

from economics.models import ApplicationKind, DecisionOutcome
from economics.selectors import expense_application_figures
from fostercare.dashboard.figures import Board, Chart, Section, count, share
from fostercare.dashboard.themes.base import Theme, figure, rows


def figures_link(board: Board, period) -> str:
    return board.link("economics:figures", since=period.since, until=period.until)


def _applications(board: Board, figures):
    return figure(
        board,
        "economics.applications",
        _("Applications from network families"),
        lambda p, f: count(f["applications"], figures_link(board, p)),
        figures,
        note=_("Other and extraordinary costs and lost earnings, by the day received."),
    )


def _within_deadline(board: Board, figures):
    return figure(
        board,
        "economics.within_deadline",
        _("Decided within the deadline"),
        lambda p, f: share(f["within_deadline"], f["decided"], figures_link(board, p)),
        figures,
        unit="%",
        note=_("The municipality's own deadline in working days; a family must not wait."),
    )


def sections(board: Board) -> list[Section]:
    figures = board.both(expense_application_figures)
    return [
        Section(
            _("Applications and decisions"),
            figures=[
                _applications(board, figures),
                _within_deadline(board, figures),
                figure(
                    board,
                    "economics.median_days",
                    _("Median working days to a decision"),
                    lambda p, f: count(f["median_days"], figures_link(board, p)),
                    figures,
                ),
                figure(
                    board,
                    "economics.pending_late",
                    _("Undecided past the deadline"),
                    lambda p, f: count(f["pending_late"], figures_link(board, p)),
                    figures,
                    note=_("Today, among the applications received in the period."),
                ),
            ],
            charts=[
                Chart(
                    "economics.kinds",
                    _("Applications by what was applied for"),
                    rows(
                        board,
                        ApplicationKind.choices,
                        lambda p, f, value: count(
                            _of(f["by_kind"], "kind", value, "count"), figures_link(board, p)
                        ),
                        figures,
                    ),
                ),
                Chart(
                    "economics.outcomes",
                    _("Decisions by outcome"),
                    rows(
                        board,
                        DecisionOutcome.choices,
                        lambda p, f, value: count(
                            _of(f["outcomes"], "outcome", value, "count"),
                            figures_link(board, p),
                        ),
                        figures,
                    ),
                ),
            ],
        )
    ]


def _of(rows_: list[dict], key: str, value: str, field: str):
    return next((row[field] for row in rows_ if row[key] == value), 0)


def key_figures(board: Board):
    figures = board.both(expense_application_figures)
    return [_applications(board, figures), _within_deadline(board, figures)]


THEME = Theme(
    slug="oekonomi",
    title=_("Network families' economics"),
    icon="cash-coin",
    summary=_("Applications for other costs and lost earnings, and how fast they are decided."),
    record_model="economics.ExpenseApplication",
    sections=sections,
    key_figures=key_figures,
)
