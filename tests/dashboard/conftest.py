import pytest


@pytest.fixture(autouse=True)
def _figures_live(settings):
    """The dashboard's tests see figures computed live unless a test turns the kept
    figures on (``snapshots``): one test's figures must not show in another's."""
    settings.DASHBOARD_FIGURES_CACHE_SECONDS = 0
