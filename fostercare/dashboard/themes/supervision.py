"""Supervision and courses: coverage per family type, intensive support for network
families within 6 months, the basic course, families overdue for supervision. Scope:
one consultant's families."""

from django.utils.translation import gettext_lazy as _

from families.models import ApprovalType
from fostercare.dashboard.figures import Board, Chart, Section, count, share
from fostercare.dashboard.themes.base import Theme, figure, period_params, rows
from supervision.selectors import (
    FamilyStanding,
    course_basic_figures,
    session_figures,
    supervision_family_figures,
    supervision_intensive_figures,
)
from support.selectors import condition_figures

SCOPE = "consultant"


def _families(board: Board, period, **params) -> str:
    return board.link("families:list", **{"on": period.until, **board.staff_param(SCOPE), **params})


def _coverage(board: Board, coverage):
    return figure(
        board,
        "supervision.coverage",
        _("Families with a child placed who had supervision"),
        lambda p, f: share(
            f["supervised"],
            f["placed"],
            _families(board, p, supervised=FamilyStanding.WITH_SESSION, **period_params(p)),
        ),
        coverage,
        unit="%",
        note=_("A child placed on the period's last day; a session in the period."),
    )


def _overdue(board: Board, overdue):
    return figure(
        board,
        "supervision.overdue",
        _("Families overdue for supervision"),
        lambda p, f: count(f["overdue"], _families(board, p, supervision=FamilyStanding.OVERDUE)),
        overdue,
        note=_("On the period's last day, by the municipality's cadence per family type."),
    )


def _intensive(board: Board, intensive):
    return figure(
        board,
        "supervision.intensive",
        _("Network placements with intensive support started within 6 months"),
        lambda p, f: share(
            f["in_time"],
            f["due"],
            _families(board, p, intensive_support=FamilyStanding.IN_TIME, **period_params(p)),
        ),
        intensive,
        unit="%",
        note=_("Placements whose six months ended in the period."),
    )


def sections(board: Board) -> list[Section]:
    coverage = board.both(supervision_family_figures, SCOPE)
    intensive = board.both(supervision_intensive_figures, SCOPE)
    basic = board.both(course_basic_figures, SCOPE)
    sessions = board.both(session_figures, SCOPE)
    conditions = board.both(condition_figures, SCOPE)
    consultant = {"consultant": board.consultant.pk} if board.consultant else {}
    return [
        Section(
            _("Supervision"),
            figures=[
                _coverage(board, coverage),
                figure(
                    board,
                    "supervision.none",
                    _("Families with a child placed and no supervision"),
                    lambda p, f: count(
                        f["placed"] - f["supervised"],
                        _families(
                            board, p, supervised=FamilyStanding.NONE_IN_PERIOD, **period_params(p)
                        ),
                    ),
                    coverage,
                ),
                _overdue(board, coverage),
                figure(
                    board,
                    "supervision.sessions",
                    _("Supervision sessions held"),
                    lambda p, f: count(
                        f["total"],
                        board.link("supervision:sessions", **period_params(p), **consultant),
                    ),
                    sessions,
                ),
            ],
            charts=[
                Chart(
                    "supervision.by_type",
                    _("Coverage per family type"),
                    rows(
                        board,
                        ApprovalType.choices,
                        lambda p, f, value: share(
                            f["by_type"][value][1],
                            f["by_type"][value][0],
                            _families(
                                board,
                                p,
                                approval_type=value,
                                supervised=FamilyStanding.WITH_SESSION,
                                **period_params(p),
                            ),
                        ),
                        coverage,
                    ),
                    unit="%",
                    note=_("Share of the families with a child placed who had a session."),
                )
            ],
        ),
        Section(
            _("Network families"),
            figures=[
                _intensive(board, intensive),
                figure(
                    board,
                    "supervision.intensive_late",
                    _("Network placements without support within 6 months"),
                    lambda p, f: count(
                        f["late"],
                        _families(
                            board, p, intensive_support=FamilyStanding.LATE, **period_params(p)
                        ),
                    ),
                    intensive,
                    note=_("No exception recorded."),
                ),
                figure(
                    board,
                    "supervision.basic_offered",
                    _("Network families offered the basic course"),
                    lambda p, f: share(
                        f["offered"],
                        f["network"],
                        _families(
                            board,
                            p,
                            approval_type=ApprovalType.NETWORK,
                            basic_course=FamilyStanding.OFFERED,
                        ),
                    ),
                    basic,
                    unit="%",
                    note=_("A course of at least 4 full days, offered when approved."),
                ),
                figure(
                    board,
                    "supervision.basic_completed",
                    _("Network families who completed the basic course"),
                    lambda p, f: share(
                        f["completed"],
                        f["network"],
                        _families(
                            board,
                            p,
                            approval_type=ApprovalType.NETWORK,
                            basic_course=FamilyStanding.COMPLETED,
                        ),
                    ),
                    basic,
                    unit="%",
                ),
                figure(
                    board,
                    "support.conditions_on_time",
                    _("Conditions of an approval started on time"),
                    lambda p, f: share(f["on_time"], f["total"]),
                    conditions,
                    unit="%",
                    note=_("Support an approval depends on, whose start date fell in the period."),
                ),
                figure(
                    board,
                    "support.conditions_not_started",
                    _("Conditions of an approval not started"),
                    lambda p, f: count(f["not_started"]),
                    conditions,
                    note=_("Start date in the period, no start recorded."),
                ),
            ],
        ),
    ]


def key_figures(board: Board):
    families = board.both(supervision_family_figures)
    return [
        _coverage(board, families),
        _overdue(board, families),
        _intensive(board, board.both(supervision_intensive_figures)),
    ]


THEME = Theme(
    slug="supervision",
    title=_("Supervision and courses"),
    icon="chat-dots",
    summary=_("Coverage per family type, intensive support, the basic course."),
    record_model="supervision.SupervisionSession",
    sections=sections,
    key_figures=key_figures,
    scope=SCOPE,
)
