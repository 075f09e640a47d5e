"""Every dashboard page runs as many queries on a small municipality as on one three
times its size, on generated data (``generate_national_data``), for the whole
municipality and for one caseworker or consultant. Timings are the benchmark's job
(tests/benchmarks/dashboard.py); here only the counts."""

from urllib.parse import urlsplit

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fostercare.accounts.models import Role, User
from fostercare.dashboard.national_data import generate, manager_email
from fostercare.dashboard.themes import THEMES

pytestmark = pytest.mark.django_db
COPENHAGEN = "101"
SMALL, LARGE = 0.01, 0.03  # 15 and 44 children in Copenhagen


def pages(manager) -> list[str]:
    caseworker = User.objects.filter(municipality=manager.municipality, role=Role.CASEWORKER)
    consultant = User.objects.filter(municipality=manager.municipality, role=Role.CONSULTANT)
    staff = {"caseworker": caseworker.first().pk, "consultant": consultant.first().pk}
    urls = [reverse("dashboard:overview"), reverse("dashboard:overview") + "?period=quarter"]
    for theme in THEMES:
        url = reverse("dashboard:theme", kwargs={"slug": theme.slug})
        urls.append(url)
        if theme.scope:
            urls.append(f"{url}?{theme.scope}={staff[theme.scope]}")
    return urls


def counts(client, scale: float) -> dict[str, int]:
    generate(scale=scale, years=2, codes=[COPENHAGEN])
    manager = User.objects.get(email=manager_email(COPENHAGEN))
    client.force_login(manager)
    found = {}
    for number, url in enumerate(pages(manager)):
        client.get(url)  # caches (content types, the calendar's holidays) warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        found[str(number)] = len(queries)
    return found


def test_pages_run_as_many_queries_on_three_times_the_data(client):
    with transaction.atomic():
        small = counts(client, SMALL)
        transaction.set_rollback(True)
    large = counts(client, LARGE)
    assert small == large


# A first ("cold") view: the figures are not kept (a period beat does not refresh, one
# caseworker's or consultant's, or before beat has run after a deploy), so the page
# computes them all: a theme's page within 15 queries, for the whole municipality and for
# one caseworker or consultant; the overview, every theme's key figures, within 42.
# Session, user and staff lists are 7 of the queries.
OVERVIEW_COLD = 42
THEME_COLD = 15


def test_a_first_view_with_no_figures_kept_stays_within_its_budget(client, settings):
    settings.DASHBOARD_FIGURES_CACHE_SECONDS = 0  # nothing kept
    generate(scale=SMALL, years=2, codes=[COPENHAGEN])
    manager = User.objects.get(email=manager_email(COPENHAGEN))
    client.force_login(manager)
    over = {}
    for url in pages(manager):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        overview = urlsplit(url).path == reverse("dashboard:overview")
        budget = OVERVIEW_COLD if overview else THEME_COLD
        if len(queries) > budget:
            over[url] = len(queries)
            print(url, *(q["sql"][:150] for q in queries.captured_queries), sep="\n")
    assert over == {}
