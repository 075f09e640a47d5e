"""Fill the database with data the size of the whole country (DOMAIN.md §4), for
benchmarks: ``fostercare.dashboard.national_data``. Development and benchmarks only."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.models import Child
from fostercare.dashboard.national_data import generate


class Command(BaseCommand):
    help = "Generate national-scale data (98 municipalities sized by population)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1 is the whole country; 0.1 a tenth."
        )
        parser.add_argument("--years", type=int, default=3, help="Years of history.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--only", default="", help="Municipality codes, comma-separated (default: all 98)."
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Generated data is never loaded in production.")
        if options["scale"] <= 0 or options["years"] < 1:
            raise CommandError("--scale must be above 0 and --years at least 1.")
        codes = [code.strip() for code in options["only"].split(",") if code.strip()]
        children = Child.objects.all()
        if codes:
            children = children.filter(municipality__code__in=codes)
        if children.exists():
            raise CommandError("These municipalities have children already; use an empty database.")
        started = time.perf_counter()
        with transaction.atomic():
            report = generate(
                scale=options["scale"], years=options["years"], seed=options["seed"], codes=codes
            )
        for label, count in sorted(report.counts.items()):
            self.stdout.write(f"{label:<40}{count:>10,}")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.perf_counter() - started:.0f} s."))
