"""Benchmark: the monthly payment list of a large municipality.

    .venv/bin/python -m tests.benchmarks.payment_list [--families 1200] [--children 1500]

Creates a throw-away test database (like the test suite) and fills Copenhagen with a
municipality of that size: families (three in four generally approved, the rest
network families), children placed in them (some moving out during the month), a fee
per child in the general families, a year of applications and decisions for the
network children and lost earnings for some; then requests this month's payment list
as a manager, as a page and as a CSV download. Prints the number of SQL queries and
the median/p95 server time per request. Timings are reported, never asserted.
"""

import argparse
import os
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=1200)
    parser.add_argument("--children", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=15)
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
        manager = _fill(args.families, args.children)
        _measure(manager, args.runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _fill(family_count: int, child_count: int):
    from django.utils import timezone

    from cases.models import Child, Placement
    from economics.models import (
        BoardAndLodgingRate,
        ExpenseApplication,
        ExpenseDecision,
        FeeAgreement,
        FeeUnitRate,
    )
    from families.models import Approval, ConsultantAssignment, Family
    from fostercare.accounts.models import Municipality, Role, User

    today = timezone.localdate()
    home = Municipality.objects.get(code="101")  # København
    BoardAndLodgingRate.objects.get_or_create(
        year=today.year,
        defaults={"under_ten": 216, "ten_and_over": 232, "third_and_later": 199, "is_demo": True},
    )
    FeeUnitRate.objects.get_or_create(
        year=today.year, defaults={"per_day": "166.17", "per_month": 5054, "is_demo": True}
    )

    def user(n: int, role: str) -> User:
        return User.objects.create_user(
            f"bench-{role}-{n}@test.example", "x" * 12, full_name=f"{role} {n}", role=role,
            municipality=home,
        )  # fmt: skip

    consultants = [user(n, Role.CONSULTANT) for n in range(40)]
    manager = user(0, Role.MANAGER)
    families = Family.objects.bulk_create(
        Family(municipality=home, name=f"Familien {n:05d}", street=f"Testvej {n}",
               postal_code=str(1000 + n % 900), city="København", phone=f"{30000000 + n:08d}")
        for n in range(family_count)
    )  # fmt: skip
    ConsultantAssignment.objects.bulk_create(
        ConsultantAssignment(family=f, consultant=consultants[n % 40], starts_on=date(2020, 1, 1))
        for n, f in enumerate(families)
    )
    network_count = family_count // 4
    general, network = families[network_count:], families[:network_count]
    children = Child.objects.bulk_create(
        Child(municipality=home, first_name=f"Barn{n}", last_name="Test",
              cpr=f"{1 + n % 28:02d}{1 + n % 12:02d}{10 + n % 8:02d}-{1000 + n:04d}",
              birth_date=date(2010 + n % 8, 1 + n % 12, 1 + n % 28))
        for n in range(child_count)
    )  # fmt: skip
    Approval.objects.bulk_create(
        Approval(family=f, type="almen", approving_body="socialtilsyn",
                 decision_date=date(2020, 1, 1), valid_from=date(2020, 1, 1),
                 capacity_full_time=3, status="approved")
        for f in general
    )  # fmt: skip
    Approval.objects.bulk_create(
        Approval(family=f, type="netvaerk", approving_body="municipality",
                 approving_municipality=home, decision_date=date(2023, 1, 1),
                 valid_from=date(2023, 1, 1), capacity_full_time=1, status="approved",
                 child=children[n])
        for n, f in enumerate(network)
    )  # fmt: skip
    month_start = today.replace(day=1)
    placements = []
    for n, child in enumerate(children):
        family = network[n] if n < network_count else general[(n - network_count) % len(general)]
        ended = n % 25 == 7  # a child moving out during the month
        placements.append(
            Placement(
                child=child, family=family, kind="doegnpleje", legal_basis="Barnets Lov § 46",
                consent="with", start_date=date(2022, 1, 1) + timedelta(days=n % 700),
                end_date=month_start + timedelta(days=9) if ended else None,
                end_reason="return_home" if ended else "",
            )
        )  # fmt: skip
    placements = Placement.objects.bulk_create(placements)
    FeeAgreement.objects.bulk_create(
        FeeAgreement(family=p.family, placement=p, units=Decimal(2 + n % 5),
                     valid_from=p.start_date, valid_to=p.end_date)
        for n, p in enumerate(placements[network_count:])
    )  # fmt: skip
    applications = []
    for n, placement in enumerate(placements[:network_count]):
        for k in range(12):  # a year of applications, one a month
            applications.append(
                ExpenseApplication(
                    municipality=home, family=placement.family, placement=placement,
                    kind="other_costs", received_on=today - timedelta(days=30 * k + n % 20),
                    category=["leisure", "clothing", "transport", "health"][k % 4],
                    description="Benchmark", amount_applied=Decimal(500 + 100 * k),
                    agreed_beforehand=True, agreed_on=today - timedelta(days=30 * k + 40),
                    registered_by=consultants[n % 40],
                )
            )  # fmt: skip
        if n % 5 == 0:
            applications.append(
                ExpenseApplication(
                    municipality=home, family=placement.family, placement=placement,
                    kind="lost_earnings", received_on=today - timedelta(days=200),
                    description="Benchmark", registered_by=consultants[n % 40],
                )
            )  # fmt: skip
    applications = ExpenseApplication.objects.bulk_create(applications)
    decisions = []
    for n, application in enumerate(applications):
        if n % 13 == 0:
            continue  # still waiting
        decided = min(application.received_on + timedelta(days=3 + n % 15), today)
        if application.kind == "lost_earnings":
            decisions.append(
                ExpenseDecision(
                    application=application, outcome="partial", amount=Decimal(5000),
                    rule="lost_earnings", reasons="Benchmark", decided_by=consultants[0],
                    decided_on=decided, starts_on=decided, income_basis=Decimal(8000),
                )
            )  # fmt: skip
        else:
            decisions.append(
                ExpenseDecision(
                    application=application, outcome="full", amount=application.amount_applied,
                    rule="undocumented", reasons="Benchmark", decided_by=consultants[0],
                    decided_on=decided, due_on=decided,
                )
            )  # fmt: skip
    ExpenseDecision.objects.bulk_create(decisions)
    print(
        f"{len(families)} families, {len(placements)} placed children, "
        f"{len(applications)} applications, {len(decisions)} decisions"
    )
    return manager


def _measure(manager, runs: int) -> None:
    from django.test import Client
    from django.utils import timezone

    from tests.benchmarks.national import _first

    client = Client()
    client.force_login(manager)
    month = f"{timezone.localdate():%Y-%m}"
    cases = {
        "payment list (page)": f"/oekonomi/udbetalinger/?month={month}",
        "payment list (CSV)": f"/oekonomi/udbetalinger/?month={month}&eksport=csv",
        "payment list (XLSX)": f"/oekonomi/udbetalinger/?month={month}&eksport=xlsx",
        "figures (a year)": "/oekonomi/tal/",
    }
    print(f"{'page':<24}{'queries':>8}{'median ms':>11}{'p95 ms':>9}")
    for label, url in cases.items():
        status, queries = _first(client, url)  # counted by an execute wrapper, as there
        assert status == 200, (url, status)
        timings = []
        for _run in range(runs):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"{label:<24}{queries:>8}{statistics.median(timings):>11.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
