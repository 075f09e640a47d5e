"""Filters that other apps add to the family list.

The families app sits below supervision in the import order, so the family list
cannot ask supervision which families are overdue for supervision. Supervision
registers a filter here when Django starts (in its ``AppConfig.ready``); the family
list's filter form gets a field for it, and the list applies it with the same
function the app's figures count with, so a figure and the list behind it agree.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.functional import Promise

from families.models import Family


@dataclass(frozen=True)
class FamilyListFilter:
    """A choice field named ``name`` on the family list. ``apply(families, value, on=,
    since=, until=)`` narrows the families: ``on`` is the day the list looks at (today
    unless a link says otherwise), ``since``/``until`` a period, if the link gave one.
    A ``drill_down`` filter is shown only when a link from a figure sets it."""

    name: str
    label: str | Promise
    choices: Sequence[tuple[str, str | Promise]]
    apply: Callable[..., QuerySet[Family]]
    drill_down: bool = False
    order: int = 100


_FILTERS: dict[str, FamilyListFilter] = {}


def family_list_filter_register(list_filter: FamilyListFilter) -> None:
    """Add (or, on a second call with the same name, replace) a filter."""
    _FILTERS[list_filter.name] = list_filter


def family_list_filters() -> list[FamilyListFilter]:
    return sorted(_FILTERS.values(), key=lambda f: (f.order, f.name))


def family_list_filters_apply(
    families: QuerySet[Family],
    values: dict[str, str],
    *,
    on: date,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[Family]:
    """``families`` narrowed by every registered filter that has a value."""
    for list_filter in family_list_filters():
        value = values.get(list_filter.name)
        if value:
            families = list_filter.apply(families, value, on=on, since=since, until=until)
    return families
