"""Benchmark: the managers' dashboard on national-scale data.

    .venv/bin/python -m tests.benchmarks.dashboard [--scale 1] [--runs 30]

Creates a throw-away test database (like the test suite), fills it with
``manage.py generate_national_data`` (98 municipalities sized by population,
Copenhagen about 11 %), then requests every dashboard page as the manager of
Copenhagen (this year so far; the overview also for the quarter so far; a theme that
can be narrowed also for its first caseworker or consultant) twice over: with the
figures kept (``fostercare.dashboard.snapshots``: as beat keeps them, or as a first
view keeps them), and computed live, as on the first view of an unusual period or of
one caseworker's or consultant's figures. Prints
the SQL queries and the median/p95 server time per page. Not part of the test suite:
timings are reported, never asserted (tests/dashboard/test_query_counts.py keeps the
query counts fixed). ``--keep`` keeps the database (``test_<name>``) and ``--reuse``
measures a kept one again without generating.
"""

import argparse
import statistics
import time

from tests.benchmarks.database import national_database

COPENHAGEN = "101"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--reuse", action="store_true", help="Measure a kept database again.")
    args = parser.parse_args()

    with national_database(reuse=args.reuse, keep=args.keep):
        from django.core.management import call_command
        from django.db import connection

        if not args.reuse:
            started = time.perf_counter()
            call_command("generate_national_data", scale=args.scale)
            print(f"generated in {time.perf_counter() - started:.0f} s")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        _measure(args.runs)


def pages(manager) -> list[tuple[str, str]]:
    from django.urls import reverse

    from fostercare.accounts.models import Role, User
    from fostercare.dashboard.themes import THEMES

    staff = {
        scope: User.objects.filter(municipality=manager.municipality, role=role).first().pk
        for scope, role in (("caseworker", Role.CASEWORKER), ("consultant", Role.CONSULTANT))
    }
    overview = reverse("dashboard:overview")
    rows = [("overview", overview), ("overview, quarter", overview + "?period=quarter")]
    for theme in THEMES:
        url = reverse("dashboard:theme", kwargs={"slug": theme.slug})
        rows.append((theme.slug, url))
        if theme.scope:
            rows.append(
                (f"{theme.slug}, one {theme.scope}", f"{url}?{theme.scope}={staff[theme.scope]}")
            )
    return rows


def _time(client, url: str, runs: int) -> tuple[int, float, float]:
    from django.db import connection

    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _run in range(runs):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return count[0], statistics.median(timings), p95


def _measure(runs: int) -> None:
    from django.conf import settings
    from django.test import Client

    from cases.models import Child
    from fostercare.accounts.models import User
    from fostercare.dashboard.national_data import manager_email
    from fostercare.dashboard.snapshots import figures_refresh

    manager = User.objects.get(email=manager_email(COPENHAGEN))
    children = Child.objects.filter(municipality=manager.municipality).count()
    print(f"Copenhagen: {children} children (of {Child.objects.count()} in the country)")
    started = time.perf_counter()
    runs_done = figures_refresh(municipality_id=manager.municipality_id)
    took = time.perf_counter() - started
    print(f"precomputed Copenhagen ({runs_done} selector runs) in {took:.1f} s")
    client = Client()
    client.force_login(manager)
    print(f"{'page':<36}{'kept: queries':>14}{'median ms':>11}{'p95 ms':>9}"
          f"{'live: queries':>15}{'median ms':>11}{'p95 ms':>9}")  # fmt: skip
    seconds = settings.DASHBOARD_FIGURES_CACHE_SECONDS
    for label, url in pages(manager):
        settings.DASHBOARD_FIGURES_CACHE_SECONDS = seconds
        client.get(url)  # one caseworker's or consultant's are kept on a first view
        warm = _time(client, url, runs)
        settings.DASHBOARD_FIGURES_CACHE_SECONDS = 0
        live = _time(client, url, max(3, runs // 6))
        print(f"{label:<36}{warm[0]:>14}{warm[1]:>11.1f}{warm[2]:>9.1f}"
              f"{live[0]:>15}{live[1]:>11.1f}{live[2]:>9.1f}")  # fmt: skip
    settings.DASHBOARD_FIGURES_CACHE_SECONDS = seconds


if __name__ == "__main__":
    main()
