"""The managers' dashboard themes, in the order the overview shows them. A theme is a
module with a ``THEME`` (``base.Theme``); adding one is a line here."""

from fostercare.dashboard.themes import (
    action_plans,
    caseloads,
    conflicts,
    continuity,
    economics,
    families,
    hotline,
    legality,
    network,
    placements,
    stability,
    supervision,
    visits,
)
from fostercare.dashboard.themes.base import Theme

THEMES: tuple[Theme, ...] = (
    families.THEME,
    placements.THEME,
    network.THEME,
    stability.THEME,
    legality.THEME,
    visits.THEME,
    continuity.THEME,
    action_plans.THEME,
    hotline.THEME,
    supervision.THEME,
    caseloads.THEME,
    conflicts.THEME,
    economics.THEME,
)


def theme_get(slug: str) -> Theme | None:
    return next((theme for theme in THEMES if theme.slug == slug), None)
