"""Conflict themes (seed 000): fee renegotiations, the most frequent cause of conflict,
and hotline calls about contact with the birth parents. Scope: one consultant."""

from django.utils.translation import gettext_lazy as _

from economics.models import FeeRenegotiation
from economics.selectors import fee_renegotiation_figures
from families.selectors import ANY_CURRENT
from fostercare.dashboard.figures import Board, Chart, Section, count, share
from fostercare.dashboard.themes.base import Theme, figure, period_params, rows
from fostercare.dashboard.themes.hotline import calls_link
from hotline.models import Topic
from hotline.selectors import call_topic_figures

SCOPE = "consultant"


def _renegotiated(board: Board, period, value: str) -> str:
    return board.link(
        "families:list",
        fee_renegotiation=value,
        on=period.until,
        **period_params(period),
        **board.staff_param(SCOPE),
    )


def _renegotiations(board: Board, fees):
    return figure(
        board,
        "conflicts.renegotiations",
        _("Fee renegotiations"),
        lambda p, f: count(f["total"], _renegotiated(board, p, ANY_CURRENT)),
        fees,
        note=_(
            "The most frequent cause of conflict (the national review). The list shows "
            "the families."
        ),
    )


def _birth_parents(board: Board, topics):
    return figure(
        board,
        "conflicts.birth_parents",
        _("Hotline calls about contact with the birth parents"),
        lambda p, f: share(
            f["by_topic"][Topic.BIRTH_PARENTS],
            f["total"],
            calls_link(board, p, topic=Topic.BIRTH_PARENTS),
        ),
        topics,
        unit="%",
        note=_("Share of all calls (samvær)."),
    )


def sections(board: Board) -> list[Section]:
    fees = board.both(fee_renegotiation_figures, SCOPE)
    topics = board.both(call_topic_figures, SCOPE)
    return [
        Section(
            _("Fees"),
            figures=[
                _renegotiations(board, fees),
                figure(
                    board,
                    "conflicts.asked_by_family",
                    _("Renegotiations the family asked for"),
                    lambda p, f: share(
                        f["by_family"], f["total"], _renegotiated(board, p, ANY_CURRENT)
                    ),
                    fees,
                    unit="%",
                ),
            ],
            charts=[
                Chart(
                    "conflicts.results",
                    _("Fee renegotiations by result"),
                    rows(
                        board,
                        FeeRenegotiation.Result.choices,
                        lambda p, f, value: count(
                            f["by_result"][value], _renegotiated(board, p, value)
                        ),
                        fees,
                    ),
                )
            ],
        ),
        Section(
            _("Contact with the birth parents"),
            figures=[
                _birth_parents(board, topics),
                figure(
                    board,
                    "conflicts.birth_parent_calls",
                    _("Calls about contact with the birth parents"),
                    lambda p, f: count(
                        f["by_topic"][Topic.BIRTH_PARENTS],
                        calls_link(board, p, topic=Topic.BIRTH_PARENTS),
                    ),
                    topics,
                ),
            ],
        ),
        Section(
            _("Missing information to the foster family"),
            intro=_(
                "A conflict theme in the reports that the system does not record yet, so "
                "it has no figure."
            ),
        ),
    ]


def key_figures(board: Board):
    return [
        _renegotiations(board, board.both(fee_renegotiation_figures)),
        _birth_parents(board, board.both(call_topic_figures)),
    ]


THEME = Theme(
    slug="konflikter",
    title=_("Conflict themes"),
    icon="exclamation-diamond",
    summary=_("Fee renegotiations and calls about contact with the birth parents."),
    record_model="economics.FeeRenegotiation",
    sections=sections,
    key_figures=key_figures,
    scope=SCOPE,
)
