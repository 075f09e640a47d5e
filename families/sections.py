"""Sections that other apps add to a family's pages.

The families app sits below cases, supervision and hotline in the import order
(README, "Layout"), so it cannot ask them what they know about a family. Each of them
registers its section here when Django starts (in its ``AppConfig.ready``); the family
page renders the sections the viewing user may see, in their order, where the page
leaves room for them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from families.models import Family

# The pages a section can appear on: the full family page, the on-call responder's
# short page, and the page of another municipality's family that a child of the
# user's municipality lives with (the section shows the user's municipality's own
# records there, never the family's home municipality's).
DETAIL = "detail"
BASIC = "basic"
SHARED = "shared"

# A section with a history (calls, sessions) shows the latest ``HISTORY_LIMIT`` rows;
# ``?alle=<section name>`` shows all of that section's rows.
HISTORY_LIMIT = 20
SHOW_ALL_PARAM = "alle"


@dataclass(frozen=True)
class FamilySection:
    """``context(user, family)`` gives the template its context (``family``,
    ``user`` and ``request`` are there already); ``permission`` is the action a user
    needs to see it (None: everyone who may open the page); ``actions_template``, if
    any, renders buttons for the page's header. A ``paged`` section's ``context`` also
    gets ``limit``: ``HISTORY_LIMIT``, or None when the user asked for all its rows."""

    name: str
    template: str
    context: Callable[..., dict]
    order: int = 100
    pages: frozenset[str] = field(default_factory=lambda: frozenset({DETAIL}))
    permission: str | None = None
    actions_template: str = ""
    paged: bool = False


_SECTIONS: dict[str, FamilySection] = {}


def family_section_register(section: FamilySection) -> None:
    """Add (or, on a second call with the same name, replace) a section."""
    _SECTIONS[section.name] = section


@dataclass(frozen=True)
class RenderedSection:
    name: str
    html: SafeString
    actions: SafeString


def family_sections_render(*, request, family: Family, page: str) -> list[RenderedSection]:
    """The sections ``request.user`` may see on ``page``, rendered in order."""
    user = request.user
    rendered = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.name)):
        if page not in section.pages:
            continue
        if section.permission is not None and not user.can(section.permission):
            continue
        extra = {}
        if section.paged:
            show_all = request.GET.get(SHOW_ALL_PARAM) == section.name
            extra["limit"] = None if show_all else HISTORY_LIMIT
        context = {"family": family, "user": user} | section.context(user, family, **extra)
        html = render_to_string(section.template, context, request=request)
        actions = (
            render_to_string(section.actions_template, context, request=request)
            if section.actions_template
            else SafeString("")
        )
        rendered.append(RenderedSection(section.name, SafeString(html), SafeString(actions)))
    return rendered


@dataclass(frozen=True)
class History:
    """A paged section's rows: the latest ``limit`` (all when ``limit`` is None), and
    whether there are more; the template links to them with ``show_all_url``."""

    rows: list
    more: bool
    show_all_query: str

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def history_page(rows, *, limit: int | None, section: str) -> History:
    """The first ``limit`` of ``rows`` (a queryset in newest-first order) in one query:
    one row more tells whether there are more."""
    if limit is None:
        return History(list(rows), False, "")
    fetched = list(rows[: limit + 1])
    return History(fetched[:limit], len(fetched) > limit, f"?{SHOW_ALL_PARAM}={section}")
