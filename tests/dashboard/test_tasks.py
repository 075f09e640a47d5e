"""Beat's hourly task (fostercare/dashboard/tasks.py): one refresh per municipality with
someone to look at the figures, each keeping every page's figures."""

import pytest
from celery.signals import beat_init
from django.core.cache import cache

from fostercare.accounts.models import Role
from fostercare.dashboard import tasks
from fostercare.dashboard.snapshots import PREFIX
from fostercare.dashboard.themes import THEMES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_one_refresh_per_municipality_with_a_manager_or_admin(
    monkeypatch, home, other_municipality
):
    UserFactory(role=Role.MANAGER, municipality=home)
    UserFactory(role=Role.ADMIN, municipality=home)
    UserFactory(role=Role.CASEWORKER, municipality=other_municipality)
    UserFactory(role=Role.MANAGER, municipality=other_municipality, is_active=False)
    queued = []
    monkeypatch.setattr(tasks.refresh_municipality_figures, "delay", queued.append)
    assert tasks.refresh_figures() == 1
    assert queued == [home.pk]


def test_a_refresh_keeps_the_figures(settings, home):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.DASHBOARD_FIGURES_CACHE_SECONDS = 3600
    cache.clear()
    assert tasks.refresh_municipality_figures(home.pk) > 0
    kept = [key for key in cache._cache if PREFIX in key]
    # Four periods, the overview and every theme's page.
    assert len(kept) == 4 * (1 + len(THEMES))
    cache.clear()


def test_beat_refreshes_the_figures_when_it_starts(monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.refresh_figures, "delay", lambda: queued.append("refresh"))
    beat_init.send(sender=None)
    assert queued == ["refresh"]
