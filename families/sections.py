"""Sections that other apps add to a family's pages.

The families app sits below cases, supervision and hotline in the import order
(README, "Layout"), so it cannot ask them what they know about a family. Each of them
registers its section here when Django starts (in its ``AppConfig.ready``); the family
page renders the sections the viewing user may see, in their order, where the page
leaves room for them.

At national scale the family page is a summary (the family's own record, members,
approvals, consultant) with a nav of links to its sub-pages: a section with a
``label`` is its own sub-page, ``?del=<name>``, and its queries run only there
(issue 14: the page in at most 15 queries, however many apps add a section).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.http import Http404
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
# ``?alle=<section name>`` shows all of that section's rows, ``ALL_PAGE_SIZE`` a page
# (``&side=<n>``): a family with 539 calls is six pages, not one of 150 ms.
HISTORY_LIMIT = 20
ALL_PAGE_SIZE = 100
SHOW_ALL_PARAM = "alle"
PAGE_PARAM = "side"
# ``?del=<section name>``: the family page's sub-page of one section.
SECTION_PARAM = "del"


@dataclass(frozen=True)
class FamilySection:
    """``context(user, family)`` gives the template its context (``family``,
    ``user`` and ``request`` are there already); ``permission`` is the action a user
    needs to see it (None: everyone who may open the page); ``actions_template``, if
    any, renders buttons for the page's header. A ``paged`` section's ``context`` also
    gets ``window``, which it hands to ``history_page`` with its rows.

    A section with a ``label`` is a sub-page of the full family page (``?del=<name>``),
    linked from the page's nav by its label; ``context`` runs only there. Its buttons
    show on its own sub-page and, when it has an ``actions_context`` (a cheap one: no
    query beyond what the summary has prefetched), on the summary as well. A section
    without a label is rendered on the summary (and on the short page)."""

    name: str
    template: str
    context: Callable[..., dict]
    order: int = 100
    pages: frozenset[str] = field(default_factory=lambda: frozenset({DETAIL}))
    permission: str | None = None
    actions_template: str = ""
    paged: bool = False
    label: str = ""
    actions_context: Callable[..., dict] | None = None


_SECTIONS: dict[str, FamilySection] = {}


def family_section_register(section: FamilySection) -> None:
    """Add (or, on a second call with the same name, replace) a section."""
    _SECTIONS[section.name] = section


@dataclass(frozen=True)
class RenderedSection:
    name: str
    html: SafeString
    actions: SafeString


def _visible(user, page: str) -> list[FamilySection]:
    return [
        section
        for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.name))
        if page in section.pages and (section.permission is None or user.can(section.permission))
    ]


def _render(request, family: Family, section: FamilySection) -> RenderedSection:
    user = request.user
    extra = {}
    if section.paged:
        show_all = request.GET.get(SHOW_ALL_PARAM) == section.name
        extra["window"] = Window(show_all, request.GET.get(PAGE_PARAM))
    context = {"family": family, "user": user} | section.context(user, family, **extra)
    html = render_to_string(section.template, context, request=request)
    actions = (
        render_to_string(section.actions_template, context, request=request)
        if section.actions_template
        else SafeString("")
    )
    return RenderedSection(section.name, SafeString(html), SafeString(actions))


def family_sections_render(*, request, family: Family, page: str) -> list[RenderedSection]:
    """The sections ``request.user`` may see on ``page``, rendered in order (all of
    them, sub-pages or not: the short page has no sub-pages)."""
    return [_render(request, family, section) for section in _visible(request.user, page)]


@dataclass(frozen=True)
class SectionLink:
    """A link in the family page's nav: ``name`` is None for the summary."""

    name: str | None
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class FamilyPage:
    """What the full family page shows of the sections: on the summary
    (``current`` None) the sections without a sub-page, on a sub-page its section;
    the header's buttons; the nav's links."""

    current: str | None
    sections: list[RenderedSection]
    actions: list[SafeString]
    links: list[SectionLink]


def family_sub_pages(*, user) -> list[str]:
    """The names of the family page's sub-pages ``user`` may open (``?del=<name>``)."""
    return [section.name for section in _visible(user, DETAIL) if section.label]


def family_section_current(*, request) -> str | None:
    """The sub-page asked for: ``?del=<name>`` (``?alle=<name>`` alone, the link of
    before the sub-pages, means the same), or None for the summary."""
    return request.GET.get(SECTION_PARAM) or request.GET.get(SHOW_ALL_PARAM) or None


def family_page_render(*, request, family: Family, summary_label: str) -> FamilyPage:
    """The full family page's sections for ``request.user``: the summary's, or the
    sub-page's asked for in the request (404 for a section the user may not see)."""
    user = request.user
    visible = _visible(user, DETAIL)
    current = family_section_current(request=request)
    with_page = [s for s in visible if s.label]
    if current is not None and current not in {s.name for s in with_page}:
        raise Http404
    links = [SectionLink(None, summary_label, request.path, current is None)] + [
        SectionLink(s.name, s.label, f"{request.path}?{SECTION_PARAM}={s.name}", s.name == current)
        for s in with_page
    ]
    if current is not None:
        rendered = _render(request, family, next(s for s in with_page if s.name == current))
        actions = [rendered.actions] if rendered.actions.strip() else []
        return FamilyPage(current, [rendered], actions, links)
    rendered, actions = [], []
    for section in visible:
        if not section.label:
            rendered.append(_render(request, family, section))
            if rendered[-1].actions.strip():
                actions.append(rendered[-1].actions)
        elif section.actions_template and section.actions_context is not None:
            context = {"family": family, "user": user} | section.actions_context(user, family)
            html = render_to_string(section.actions_template, context, request=request)
            if html.strip():
                actions.append(SafeString(html))
    return FamilyPage(None, rendered, actions, links)


@dataclass(frozen=True)
class Window:
    """Which of a paged section's rows the request asked for: the latest (``all``
    False), or all of them, on page ``page`` (the raw ``?side=``)."""

    all: bool = False
    page: str | None = None


@dataclass(frozen=True)
class History:
    """A paged section's rows: the latest ``HISTORY_LIMIT`` and whether there are more
    (the template links to all of them with ``show_all_query``), or one page of all of
    them (``page``, with the pager's ``query``)."""

    rows: list
    more: bool = False
    show_all_query: str = ""
    page: Page | None = None
    query: str = ""

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def history_page(rows, *, window: Window, section: str) -> History:
    """The rows of ``rows`` (a queryset in newest-first order) that ``window`` asks for:
    the latest in one query (one row more tells whether there are more), or a page of
    all of them in two (the count and the page)."""
    query = f"{SECTION_PARAM}={section}&{SHOW_ALL_PARAM}={section}"
    if window.all:
        page = Paginator(rows, ALL_PAGE_SIZE).get_page(window.page)
        return History(list(page.object_list), page=page, query=query)
    fetched = list(rows[: HISTORY_LIMIT + 1])
    return History(fetched[:HISTORY_LIMIT], len(fetched) > HISTORY_LIMIT, f"?{query}")
