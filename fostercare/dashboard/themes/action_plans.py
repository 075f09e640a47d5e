"""Action plans overdue for review. Scope: one caseworker's children."""

from django.utils.translation import gettext_lazy as _

from cases.selectors import Situation, action_plan_overdue_figures
from fostercare.dashboard.figures import Board, Section, count, share
from fostercare.dashboard.themes.base import Theme, figure
from fostercare.dashboard.themes.visits import children_link

SCOPE = "caseworker"


def _overdue(board: Board, plans):
    return figure(
        board,
        "action_plans.overdue",
        _("Action plans overdue for review"),
        lambda p, f: count(
            f["overdue"], children_link(board, p, situation=Situation.REVIEW_OVERDUE)
        ),
        plans,
        note=_("Children in full-time care whose plan's review date had passed, on the last day."),
    )


def sections(board: Board) -> list[Section]:
    plans = board.both(action_plan_overdue_figures, SCOPE)
    return [
        Section(
            _("Action plans"),
            figures=[
                _overdue(board, plans),
                figure(
                    board,
                    "action_plans.share",
                    _("Share of the plans overdue"),
                    lambda p, f: share(
                        f["overdue"],
                        f["with_plan"],
                        children_link(board, p, situation=Situation.REVIEW_OVERDUE),
                    ),
                    plans,
                    unit="%",
                    note=_("Of the children in full-time care who have an action plan."),
                ),
            ],
        )
    ]


def key_figures(board: Board):
    return [_overdue(board, board.both(action_plan_overdue_figures))]


THEME = Theme(
    slug="handleplaner",
    title=_("Action plans"),
    icon="journal-check",
    summary=_("Action plans overdue for review."),
    record_model="cases.ActionPlan",
    sections=sections,
    key_figures=key_figures,
    scope=SCOPE,
)
