"""The dashboard's pages, by name: what each builds from a ``Board`` (the views render
them; ``snapshots.figures_refresh`` precomputes them)."""

from fostercare.dashboard.figures import Board
from fostercare.dashboard.themes import THEMES


def overview(board: Board) -> list[dict]:
    """Each theme's key figures and small chart."""
    return [
        {
            "theme": theme,
            "figures": theme.key_figures(board),
            "chart": theme.key_chart(board) if theme.key_chart else None,
        }
        for theme in THEMES
    ]


PAGES = {"overview": overview, **{theme.slug: theme.sections for theme in THEMES}}
