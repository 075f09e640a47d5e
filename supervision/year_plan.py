"""Entries that higher apps add to the yearly plan (årshjul).

Supervision sits below the apps that hold other meetings (support's network groups), so
the yearly plan cannot ask them. Each registers a source here when Django starts (in its
``AppConfig.ready``); the plan adds the entries each source gives, scoped by the source
to the user's municipality (a fixed number of queries per source).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PlanEntry:
    day: date
    title: str
    kind: str
    place: str
    url: str = ""


# ``entries(user=, year=)`` gives the source's entries of the user's municipality in ``year``.
PlanSource = Callable[..., Iterable[PlanEntry]]

_SOURCES: dict[str, PlanSource] = {}


def year_plan_source_register(name: str, entries: PlanSource) -> None:
    """Add (or, on a second call with the same name, replace) a source."""
    _SOURCES[name] = entries


def year_plan_registered_entries(*, user, year: int) -> list[PlanEntry]:
    """The registered sources' entries, source by source in name order."""
    return [entry for name in sorted(_SOURCES) for entry in _SOURCES[name](user=user, year=year)]
