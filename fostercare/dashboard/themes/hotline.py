"""The emergency hotline: calls by hour, weekday, topic and time of call (the calls
clustered in the office's closures, seed 001), and the follow-up on the next working
day. Scope: one consultant's follow-ups."""

from django.utils.translation import gettext_lazy as _

from fostercare.dashboard.figures import Board, Chart, Section, count, share
from fostercare.dashboard.themes.base import Theme, figure, period_params, rows
from hotline.forms import TIME_OF_CALL_CHOICES
from hotline.models import Topic
from hotline.selectors import (
    WEEKDAYS,
    FollowUpState,
    call_closure_figures,
    call_time_figures,
    call_topic_figures,
    follow_up_on_time_figures,
    follow_up_overdue_figures,
)

SCOPE = "consultant"


def calls_link(board: Board, period, **params) -> str:
    """The call list for ``period``, with the chosen consultant's follow-ups."""
    owner = {"owner": board.consultant.pk} if board.consultant else {}
    return board.link("hotline:call_list", **period_params(period), **owner, **params)


def _follow_ups_link(board: Board, **params) -> str:
    owner = {"owner": board.consultant.pk} if board.consultant else {}
    return board.link("hotline:follow_ups", **owner, **params)


def _calls(board: Board, times):
    return figure(
        board,
        "hotline.calls",
        _("Calls"),
        lambda p, f: count(f["total"], calls_link(board, p)),
        times,
    )


def _on_time(board: Board, follow_ups):
    return figure(
        board,
        "hotline.on_time",
        _("Follow-ups done by the end of the next working day"),
        lambda p, f: share(
            f["on_time"],
            f["settled"],
            _follow_ups_link(board, state=FollowUpState.ON_TIME, **period_params(p)),
        ),
        follow_ups,
        unit="%",
        note=_("Of the follow-ups on the period's calls whose due working day has ended."),
    )


def _overdue(board: Board, overdue):
    return figure(
        board,
        "hotline.overdue",
        _("Follow-ups overdue"),
        lambda p, f: count(
            f["overdue"], _follow_ups_link(board, state=FollowUpState.OVERDUE, on=p.until)
        ),
        overdue,
        note=_("Open after the end of their due working day, at the end of the period."),
    )


def _by_hour(board: Board, times) -> Chart:
    return Chart(
        "hotline.by_hour",
        _("Calls by hour of day"),
        rows(
            board,
            [(hour, f"{hour:02d}") for hour in range(24)],
            lambda p, f, hour: count(f["by_hour"][hour], calls_link(board, p, hour=hour)),
            times,
        ),
        kind="columns",
    )


def sections(board: Board) -> list[Section]:
    times = board.both(call_time_figures, SCOPE)
    topics = board.both(call_topic_figures, SCOPE)
    closures = board.both(call_closure_figures, SCOPE)
    follow_ups = board.both(follow_up_on_time_figures, SCOPE)
    overdue = board.both(follow_up_overdue_figures, SCOPE)
    return [
        Section(
            _("Calls"),
            figures=[
                _calls(board, times),
                figure(
                    board,
                    "hotline.taken_by_consultant",
                    _("Of these, contacts the family's consultant took after hours"),
                    lambda p, f: count(f["taken_by_consultant"]),
                    times,
                    note=_("Logged by the consultant in the same register as hotline calls."),
                ),
            ],
            charts=[
                _by_hour(board, times),
                Chart(
                    "hotline.by_weekday",
                    _("Calls by weekday"),
                    rows(
                        board,
                        [(n, WEEKDAYS[n]) for n in range(7)],
                        lambda p, f, n: count(
                            f["by_weekday"][n], calls_link(board, p, weekday=n + 1)
                        ),
                        times,
                    ),
                    kind="columns",
                ),
                Chart(
                    "hotline.by_topic",
                    _("Calls by topic"),
                    rows(
                        board,
                        Topic.choices,
                        lambda p, f, value: count(
                            f["by_topic"][value], calls_link(board, p, topic=value)
                        ),
                        topics,
                    ),
                ),
            ],
        ),
        Section(
            _("When the office was closed"),
            intro=_(
                "Calls in the office's closures and on holidays set against ordinary "
                "evenings and weekends: per day, so a few closed days weigh as they should."
            ),
            charts=[
                _per_day(board, closures),
                Chart(
                    "hotline.time_of_call",
                    _("Calls by when they came"),
                    rows(
                        board,
                        TIME_OF_CALL_CHOICES,
                        lambda p, f, value: count(
                            f["calls"][value], calls_link(board, p, time_of_call=value)
                        ),
                        closures,
                    ),
                ),
            ],
        ),
        Section(
            _("Follow-up by the fixed consultant"),
            figures=[_on_time(board, follow_ups), _overdue(board, overdue)],
        ),
    ]


def key_figures(board: Board):
    return [
        _calls(board, board.both(call_time_figures)),
        _on_time(board, board.both(follow_up_on_time_figures)),
        _overdue(board, board.both(follow_up_overdue_figures)),
    ]


def _per_day(board: Board, closures) -> Chart:
    return Chart(
        "hotline.per_day",
        _("Calls per day (or evening) of each kind"),
        rows(
            board,
            TIME_OF_CALL_CHOICES,
            lambda p, f, value: count(
                f["per_day"][value], calls_link(board, p, time_of_call=value)
            ),
            closures,
        ),
        note=_("The link shows the calls."),
    )


def key_chart(board: Board) -> Chart:
    return _per_day(board, board.both(call_closure_figures))


THEME = Theme(
    slug="akuttelefon",
    title=_("Emergency hotline"),
    icon="telephone",
    summary=_("Calls by hour, weekday, topic and closures; follow-up on the next working day."),
    record_model="hotline.HotlineCall",
    sections=sections,
    key_figures=key_figures,
    key_chart=key_chart,
    scope=SCOPE,
)
