"""Load demo data (development only): Danish names, a home and an outsider municipality.

Each app may have a ``demo.py`` with ``seed(*, fake)``; they run in the order of
``INSTALLED_APPS`` (the import order: families before the children, whose network
families are assessed for them). A ``seed_late(*, fake)`` there runs after every
app's ``seed``.
Running it twice adds nothing twice.
"""

import os
from importlib import import_module, util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from faker import Faker

from fostercare.accounts.demo import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load demo data with Danish names and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Faker seed")
        parser.add_argument(
            "--logins-only", action="store_true", help="Only print the URL and demo logins."
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded in production.")
        if options["logins_only"]:
            self._print_logins()
            return
        fake = Faker("da_DK")
        fake.seed_instance(options["seed"])
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if util.find_spec(module_name) is not None:
                    import_module(module_name).seed(fake=fake)
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if util.find_spec(module_name) is not None:
                    late = getattr(import_module(module_name), "seed_late", None)
                    if late is not None:
                        late(fake=fake)
        self._print_logins()

    def _print_logins(self) -> None:
        from fostercare.accounts.models import User

        port = os.environ.get("PORT", "8000")
        self.stdout.write(self.style.SUCCESS(f"Open http://127.0.0.1:{port}/ and log in with:"))
        for email, _role, _code in DEMO_LOGINS:
            user = User.objects.select_related("municipality").get(email=email)
            self.stdout.write(
                f"  {email:<28} {user.get_role_display():<24} {user.municipality.name}"
            )
        self.stdout.write(f"  password for all: {DEMO_PASSWORD}")
