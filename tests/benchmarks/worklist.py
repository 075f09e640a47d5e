"""Benchmark: the caseworker's "My cases" worklist with 10,000 children.

    .venv/bin/python -m tests.benchmarks.worklist [--children 10000] [--runs 30]

Creates a throw-away test database (like the test suite), fills it with children,
families, placements, visits, action plans and open changes of placement, spread
over 40 caseworkers, then requests the worklist page as one caseworker (250 cases)
and the child list as a manager. Prints the number of SQL queries and the
median/p95 server time per request. Not part of the test suite: timings are
reported, never asserted.
"""

import argparse
import os
import statistics
import time
from datetime import date, timedelta

CASEWORKERS = 40


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fostercare.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        caseworker, manager = _fill(args.children)
        _measure(caseworker, manager, args.runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _fill(count: int):
    from django.utils import timezone

    from cases.models import (
        ActionPlan,
        CaseworkerAssignment,
        Child,
        Placement,
        PlacementChange,
        StatutoryVisit,
    )
    from families.models import Family
    from fostercare.accounts.models import Municipality, Role, User
    from fostercare.cpr import birth_date
    from tests.factories import _cpr_for

    today = timezone.localdate()
    home = Municipality.objects.get(code="751")

    def user(n, role):
        return User.objects.create_user(
            f"bench-{role}{n}@test.example",
            "x" * 12,
            full_name=f"{role} {n}",
            role=role,
            municipality=home,
        )

    caseworkers = [user(n, Role.CASEWORKER) for n in range(CASEWORKERS)]
    manager = user(0, Role.MANAGER)
    families = Family.objects.bulk_create(
        Family(
            municipality=home,
            name=f"Familien {n:05d}",
            street=f"Testvej {n}",
            postal_code="8000",
            city="Aarhus",
            phone=f"{20000000 + n:08d}",
        )
        for n in range(count)
    )
    children = Child.objects.bulk_create(
        Child(
            municipality=home,
            first_name=f"Barn{n}",
            last_name="Test",
            cpr=_cpr_for(n),
            birth_date=birth_date(_cpr_for(n)),
        )
        for n in range(count)
    )
    CaseworkerAssignment.objects.bulk_create(
        CaseworkerAssignment(
            child=c, caseworker=caseworkers[n % CASEWORKERS], starts_on=date(2024, 1, 1)
        )
        for n, c in enumerate(children)
    )
    placements = Placement.objects.bulk_create(
        Placement(
            child=c,
            family=families[n],
            kind="doegnpleje",
            legal_basis="§ 46",
            consent="with",
            start_date=today - timedelta(days=30 + n % 700),
        )
        for n, c in enumerate(children)
        if n % 10  # nine in ten are placed
    )
    StatutoryVisit.objects.bulk_create(
        StatutoryVisit(
            child=p.child,
            visitor=caseworkers[0],
            spoken_alone=True,
            visited_on=p.start_date + timedelta(days=k * 150),
        )
        for p in placements
        for k in range(1, 4)
        if p.start_date + timedelta(days=k * 150) <= today
    )
    ActionPlan.objects.bulk_create(
        ActionPlan(
            child=p.child,
            adopted_on=p.start_date,
            goals="Trivsel",
            next_review_on=p.start_date + timedelta(days=180),
            created_by=caseworkers[0],
        )
        for p in placements
    )
    PlacementChange.objects.bulk_create(
        PlacementChange(
            child=p.child,
            from_placement=p,
            to_family=families[(n + 1) % count],
            kind="doegnpleje",
            legal_basis="§ 46",
            consent="with",
            planned_move_on=today + timedelta(days=n % 20),
            reason="Opsagt",
            initiated_by="foster_family",
            decided_by=caseworkers[0],
        )
        for n, p in enumerate(placements)
        if n % 25 == 0
    )
    return caseworkers[1], manager  # (caseworker 0 holds only the unplaced tenth)


def _measure(caseworker, manager, runs: int) -> None:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cases.selectors import case_worklist

    # (user, label, url, POST data or None for a GET); the CPR search is posted.
    cases = [
        (caseworker, "my cases (worklist)", "/boern/mine-sager/", None),
        (manager, "child list", "/boern/", None),
        (manager, "child list, CPR", "/boern/", {"cpr": "0101104000"}),
        (manager, "child list, page 100", "/boern/?side=100", None),
    ]
    print(f"worklist items for the caseworker: {len(case_worklist(user=caseworker))}")
    print(f"{'page':<24}{'queries':>8}{'median ms':>11}{'p95 ms':>9}")
    for user, label, url, data in cases:
        client = Client()
        client.force_login(user)

        def fetch(client=client, url=url, data=data):
            return client.get(url) if data is None else client.post(url, data)

        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = fetch()
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _run in range(runs):
            start = time.perf_counter()
            fetch()
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"{label:<24}{len(queries):>8}{statistics.median(timings):>11.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
