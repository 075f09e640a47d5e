"""Caseloads: children per caseworker and families per consultant, on the period's
last day."""

from django.utils.translation import gettext_lazy as _

from cases.selectors import child_caseload_figures
from families.selectors import family_caseload_figures
from fostercare.dashboard.figures import Board, Chart, Row, Section, Value, count
from fostercare.dashboard.themes.base import Theme, figure


def _average(part: int, whole: int) -> float | None:
    return round(part / whole, 1) if whole else None


def _children_average(board: Board, children):
    return figure(
        board,
        "caseloads.children",
        _("Children per caseworker"),
        lambda p, f: count(_average(f["children"], f["caseworkers"])),
        children,
        note=_("Children with a caseworker, over the active caseworkers."),
    )


def _families_average(board: Board, families):
    return figure(
        board,
        "caseloads.families",
        _("Families per consultant"),
        lambda p, f: count(_average(f["families"], f["consultants"])),
        families,
        note=_("Active families with a fixed consultant, over the active consultants."),
    )


def _per_person(board: Board, key, title, figures, rows_key, url_name, param) -> Chart:
    now, before = figures
    earlier = {member.pk: n for member, n in before[rows_key]}
    return Chart(
        key,
        title,
        [
            Row(
                member.full_name,
                Value(n, url=board.link(url_name, **{param: member.pk, "on": board.period.until})),
                Value(
                    earlier.get(member.pk, 0),
                    url=board.link(url_name, **{param: member.pk, "on": board.previous.until}),
                ),
            )
            for member, n in now[rows_key]
        ],
    )


def sections(board: Board) -> list[Section]:
    children = board.both(child_caseload_figures)
    families = board.both(family_caseload_figures)
    return [
        Section(
            _("Caseworkers"),
            figures=[_children_average(board, children)],
            charts=[
                _per_person(
                    board,
                    "caseloads.per_caseworker",
                    _("Children per caseworker"),
                    children,
                    "per_caseworker",
                    "cases:list",
                    "caseworker",
                )
            ],
        ),
        Section(
            _("Family-care consultants"),
            figures=[_families_average(board, families)],
            charts=[
                _per_person(
                    board,
                    "caseloads.per_consultant",
                    _("Families per consultant"),
                    families,
                    "per_consultant",
                    "families:list",
                    "consultant",
                )
            ],
        ),
    ]


def key_figures(board: Board):
    return [
        _children_average(board, board.both(child_caseload_figures)),
        _families_average(board, board.both(family_caseload_figures)),
    ]


THEME = Theme(
    slug="sagsbelastning",
    title=_("Caseloads"),
    icon="people",
    summary=_("Children per caseworker, families per consultant."),
    record_model="accounts.User",
    sections=sections,
    key_figures=key_figures,
)
