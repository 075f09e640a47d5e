"""Benchmark: the family list page on 5,000 families.

    .venv/bin/python -m tests.benchmarks.family_list [--families 5000] [--runs 30]

Creates a throw-away test database (like the test suite), fills it with families,
consultants, approvals and members, then requests the list page as a consultant:
unfiltered, searched, filtered and a late page. Prints the number of SQL queries
and the median/p95 server time per request. Not part of the test suite: timings
are reported, never asserted.
"""

import argparse
import os
import statistics
import time
from datetime import date, timedelta


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=5000)
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
        consultant = _fill(args.families)
        _measure(consultant, args.runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _fill(count: int):
    from families.models import Approval, ConsultantAssignment, Family, FamilyMember
    from fostercare.accounts.models import Municipality, Role, User

    home = Municipality.objects.get(code="751")
    consultants = [
        User.objects.create_user(
            f"bench{n}@test.example",
            "x" * 12,
            full_name=f"Konsulent {n}",
            role=Role.CONSULTANT,
            municipality=home,
        )
        for n in range(20)
    ]
    families = Family.objects.bulk_create(
        Family(
            municipality=home,
            name=f"Familien {n:05d}",
            street=f"Testvej {n}",
            postal_code=str(8000 + n % 300),
            city="Aarhus",
            district=["Nord", "Syd", "Vest", "Midtby"][n % 4],
            phone=f"{20000000 + n:08d}",
        )
        for n in range(count)
    )
    ConsultantAssignment.objects.bulk_create(
        ConsultantAssignment(family=f, consultant=consultants[n % 20], starts_on=date(2024, 1, 1))
        for n, f in enumerate(families)
    )
    approvals = []
    for n, family in enumerate(families):
        approvals.append(
            Approval(
                family=family,
                type=["almen", "forstaerket", "specialiseret"][n % 3],
                approving_body="socialtilsyn",
                decision_date=date(2022, 1, 1),
                valid_from=date(2022, 2, 1),
                valid_to=None if n % 2 else date(2023, 1, 31),
                capacity_full_time=1 + n % 3,
                status="approved" if n % 2 else "expired",
            )
        )
        if n % 2:
            approvals.append(
                Approval(
                    family=family,
                    type="almen",
                    approving_body="socialtilsyn",
                    decision_date=date(2019, 1, 1),
                    valid_from=date(2019, 2, 1),
                    valid_to=date(2022, 1, 31) + timedelta(days=n % 30),
                    capacity_full_time=1,
                    status="expired",
                )
            )
    Approval.objects.bulk_create(approvals)
    FamilyMember.objects.bulk_create(
        FamilyMember(family=f, kind="foster_parent", full_name=f"Forælder {n}")
        for n, f in enumerate(families)
    )
    return consultants[0]


def _measure(consultant, runs: int) -> None:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(consultant)
    cases = {
        "unfiltered": "/plejefamilier/",
        "search by name": "/plejefamilier/?q=Familien+0420",
        "search by phone": "/plejefamilier/?q=2000+4242",
        "type + free places": "/plejefamilier/?approval_type=forstaerket&free_places=true",
        "page 60": "/plejefamilier/?side=60",
        "my families": "/plejefamilier/mine/",
    }
    print(f"{'page':<22}{'queries':>8}{'median ms':>11}{'p95 ms':>9}")
    for label, url in cases.items():
        reset_queries()  # the log is capped; filling the database filled it
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _run in range(runs):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"{label:<22}{len(queries):>8}{statistics.median(timings):>11.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
