"""economics/migrations/0003: every fee agreement and renegotiation agreed per family
is carried over to economics, given a child only when that is unambiguous, otherwise
kept with the family and flagged for a consultant; nothing is dropped, nothing paid
changes.

The test builds the old tables (as they were before families' migration 0002 removed
them) inside the test's transaction, fills them, runs the migration's function on the
project state it runs in, and reads the new rows."""

from datetime import date
from decimal import Decimal
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from economics.models import FeeAgreement, FeeRenegotiation
from tests.factories import ChildFactory, FamilyFactory, PlacementFactory

pytestmark = pytest.mark.django_db
MIGRATION = import_module("economics.migrations.0003_fee_agreements_per_child")
D = Decimal


@pytest.fixture
def old_apps():
    loader = MigrationLoader(connection)
    state = loader.project_state(
        [(app, name) for app, name in MIGRATION.Migration.dependencies], at_end=True
    )
    apps = state.apps
    models = [
        apps.get_model("families", "FeeAgreement"),
        apps.get_model("families", "FeeRenegotiation"),
    ]
    with connection.schema_editor() as editor:
        for model in models:
            editor.create_model(model)
    return apps  # the test's transaction is rolled back, and the tables with it


def _place(family, first_name, start, end=None):
    child = ChildFactory(municipality=family.municipality, first_name=first_name, last_name="Berg")
    return PlacementFactory(
        child=child, family=family, start_date=start, end_date=end,
        end_reason="return_home" if end else "",
    )  # fmt: skip


def test_every_agreement_and_renegotiation_is_carried_over(old_apps, home):
    Old = old_apps.get_model("families", "FeeAgreement")
    OldRenegotiation = old_apps.get_model("families", "FeeRenegotiation")
    one, two, none, outside, words = (FamilyFactory(municipality=home) for _ in range(5))
    only = _place(one, "Alma", date(2025, 3, 1))
    _place(two, "Bent", date(2025, 3, 1))
    _place(two, "Cille", date(2025, 5, 1), date(2025, 12, 31))
    _place(outside, "Dorte", date(2025, 6, 1))
    _place(words, "Erik", date(2024, 1, 1))

    def old(family, level, amount, valid_from, valid_to=None, note=""):
        return Old.objects.create(
            family_id=family.pk, level=level, monthly_amount=D(amount), valid_from=valid_from,
            valid_to=valid_to, note=note,
        )  # fmt: skip

    first = old(one, "4 vederlagsenheder", "20000", date(2025, 4, 1), date(2025, 9, 30), "Start")
    second = old(one, "5 vederlagsenheder", "24000", date(2025, 10, 1))
    old(two, "3,5 vederlag", "16000", date(2025, 4, 1))
    old(none, "2 vederlag", "9000", date(2025, 1, 1))
    old(outside, "4 vederlag", "18000", date(2025, 1, 1))
    old(words, "niveau B", "12000", date(2024, 2, 1))
    OldRenegotiation.objects.create(
        agreement_id=first.pk, date=date(2025, 10, 1), requested_by="family",
        reason="Større behov", result="raised", new_agreement_id=second.pk, notes="Møde 28/9",
    )  # fmt: skip
    OldRenegotiation.objects.create(
        agreement_id=second.pk, date=date(2026, 1, 10), requested_by="municipality",
        reason="Årlig opfølgning", result="pending",
    )  # fmt: skip

    MIGRATION.carry_over(old_apps, None)

    agreements = {a.legacy_level: a for a in FeeAgreement.objects.all()}
    assert len(agreements) == Old.objects.count() == 6
    carried = agreements["4 vederlagsenheder"]
    assert (carried.placement, carried.family, carried.needs_assignment) == (only, one, "")
    assert (carried.units, carried.fixed_monthly_amount) == (D("4.00"), D("20000.00"))
    assert (carried.valid_from, carried.valid_to, carried.note) == (
        date(2025, 4, 1), date(2025, 9, 30), "Start",
    )  # fmt: skip
    assert agreements["5 vederlagsenheder"].placement == only
    assert agreements["3,5 vederlag"].placement is None
    assert agreements["3,5 vederlag"].units == D("3.50")
    assert "Bent Berg, Cille Berg" in agreements["3,5 vederlag"].needs_assignment
    assert agreements["2 vederlag"].needs_assignment.startswith("Intet barn var anbragt")
    assert agreements["4 vederlag"].needs_assignment.startswith("Aftalens periode rækker uden for")
    assert (agreements["niveau B"].units, agreements["niveau B"].placement.child.first_name) == (
        None, "Erik",
    )  # fmt: skip
    assert {a.fixed_monthly_amount for a in agreements.values()} == {
        D(x) for x in ("20000", "24000", "16000", "9000", "18000", "12000")
    }  # what is paid does not change
    raised, pending = FeeRenegotiation.objects.order_by("date")
    assert (raised.agreement, raised.new_agreement) == (carried, agreements["5 vederlagsenheder"])
    assert (raised.result, raised.concluded_on, raised.notes) == (
        "raised", date(2025, 10, 1), "Møde 28/9",
    )  # fmt: skip
    assert (pending.result, pending.concluded_on, pending.agreement) == (
        "pending", None, agreements["5 vederlagsenheder"],
    )  # fmt: skip


def test_the_migration_runs_before_families_drops_the_old_tables():
    assert ("families", "0002_fee_agreements_moved_to_economics") in MIGRATION.Migration.run_before
