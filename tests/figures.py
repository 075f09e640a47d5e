"""What the figures tests share: the dashboard's selectors asked for several periods
at once (``fostercare.figures.for_periods``)."""

import inspect

import pytest


def narrowings(selectors, who: str) -> list:
    """``(selector, narrowed)`` parameters: each selector for the whole municipality, and
    for one ``who`` ("caseworker", "consultant") where it offers that."""
    params = []
    for selector in selectors:
        params.append(pytest.param(selector, False, id=f"{selector.__name__}-municipality"))
        if who in inspect.signature(selector.for_periods).parameters:
            params.append(pytest.param(selector, True, id=f"{selector.__name__}-one-{who}"))
    return params
