"""Links that higher apps add to a child's page.

Cases sits below the apps that plan placements (planning), so the child's page cannot
name their pages. Each registers its links here when Django starts (in its
``AppConfig.ready``); the child's page shows those the viewing user may use.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class ChildLink:
    """A button on the child's page: ``url_name`` takes the child's ``public_id``."""

    name: str
    label: str
    url_name: str
    permission: str
    order: int = 100


@dataclass(frozen=True)
class RenderedLink:
    name: str
    label: str
    url: str


_LINKS: dict[str, ChildLink] = {}


def child_link_register(link: ChildLink) -> None:
    """Add (or, on a second call with the same name, replace) a link."""
    _LINKS[link.name] = link


def child_links_for(*, user, child) -> list[RenderedLink]:
    """The links ``user`` may follow from ``child``'s page, in order."""
    return [
        RenderedLink(
            link.name,
            str(link.label),
            reverse(link.url_name, kwargs={"public_id": child.public_id}),
        )
        for link in sorted(_LINKS.values(), key=lambda link: (link.order, link.name))
        if user.can(link.permission)
    ]
