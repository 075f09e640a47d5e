"""The demo data: a year of network families' applications and decisions (some late,
one refused, some waiting), lost earnings, fees per child with renegotiations, an
agreement waiting for a child, and rates for the years after 2024 that say they are
demo rates — the published ones untouched."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from economics.models import (
    BoardAndLodgingRate,
    DecisionLetter,
    ExpenseApplication,
    ExpenseDecision,
    FeeAgreement,
    FeeRenegotiation,
    FeeUnitRate,
)
from economics.rules import UNDOCUMENTED_YEARLY_CAP
from economics.selectors import (
    expense_application_figures,
    expense_application_late_count,
    payment_list,
)
from fostercare.accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_year_of_economics():
    call_command("seed_demo")
    counts = (ExpenseApplication.objects.count(), FeeAgreement.objects.count())
    call_command("seed_demo")  # twice adds nothing twice
    assert (ExpenseApplication.objects.count(), FeeAgreement.objects.count()) == counts

    today = timezone.localdate()
    published = BoardAndLodgingRate.objects.filter(year__lte=2024)
    assert not published.filter(is_demo=True).exists()
    assert set(
        BoardAndLodgingRate.objects.filter(year__gt=2024).values_list("is_demo", flat=True)
    ) == {True}
    assert BoardAndLodgingRate.objects.filter(year=today.year).exists()
    assert FeeUnitRate.objects.get(year=2023).is_demo is False
    assert FeeUnitRate.objects.get(year=today.year).is_demo is True

    decisions = ExpenseDecision.objects.all()
    assert decisions.filter(outcome="refused").exists()
    assert decisions.filter(outcome="partial").exists()
    assert decisions.filter(rule="undocumented").exists()
    assert decisions.filter(rule="documented").exists()
    assert decisions.filter(rule="lost_earnings").exists()
    assert DecisionLetter.objects.count() == decisions.count()
    assert ExpenseApplication.objects.filter(decision__isnull=True).exists()
    for child_year in (
        decisions.filter(rule="undocumented")
        .values("application__placement__child", "decided_on__year")
        .distinct()
    ):
        used = sum(
            d.amount
            for d in decisions.filter(
                rule="undocumented",
                application__placement__child=child_year["application__placement__child"],
                decided_on__year=child_year["decided_on__year"],
            )
        )
        assert used <= UNDOCUMENTED_YEARLY_CAP

    assert FeeAgreement.objects.filter(placement__isnull=True).exclude(needs_assignment="").exists()
    assert FeeRenegotiation.objects.filter(result="pending").exists()
    assert FeeRenegotiation.objects.filter(result="raised").exists()

    manager = User.objects.get(email="leder@aarhus.example")
    figures = expense_application_figures(
        user=manager, since=today.replace(year=today.year - 1), until=today
    )
    assert figures["within_deadline"] < figures["decided"]  # some were decided late
    assert figures["pending_late"] >= 1
    consultant = User.objects.get(email="konsulent@aarhus.example")
    assert expense_application_late_count(user=consultant) >= 1
    month = payment_list(user=manager, year=today.year, month=today.month)
    assert not month.missing
    totals = month.totals
    assert totals["board"] > 0 and totals["fee"] > 0 and totals["lost_earnings"] > 0
    assert totals["total"] > Decimal("0")
