"""Two people deciding at the same moment, each on their own database connection:
exactly one decision is saved and the other is told, in Danish, who decided.

Each thread opens its own connection (Django gives every thread one); a barrier
starts both services at the same moment. ``transaction=True`` lets the threads see
each other's commits, as two web workers would.
"""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from economics import services
from economics.models import DecisionLetter, ExpenseDecision
from fostercare.accounts.models import Role
from tests.factories import UserFactory, network_placement

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls) -> tuple[list, list[ValidationError]]:
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except ValidationError as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def _application(home, amount="5000"):
    placement = network_placement(home)
    consultant = placement.family.consultant_assignments.get().consultant
    return consultant, services.expense_application_register(
        actor=consultant,
        placement=placement,
        kind="other_costs",
        received_on=date(2026, 1, 5),
        category="clothing",
        description="Vintertøj",
        amount_applied=Decimal(amount),
        agreed_beforehand=True,
        agreed_on=date(2026, 1, 2),
    )


def test_two_people_deciding_the_same_application(home):
    consultant, application = _application(home)
    caseworker = UserFactory(role=Role.CASEWORKER, municipality=home, full_name="Rikke Rådgiver")
    consultant.full_name = "Karen Konsulent"
    consultant.save()
    results, errors = _race(
        [
            lambda: services.expense_decision_record(
                actor=consultant,
                application=application,
                outcome="full",
                reasons="Bevilget",
                decided_on=date(2026, 1, 9),
            ),
            lambda: services.expense_decision_record(
                actor=caseworker,
                application=application,
                outcome="refused",
                reasons="Afslået",
                decided_on=date(2026, 1, 9),
            ),
        ]
    )
    assert (len(results), len(errors)) == (1, 1)
    saved = ExpenseDecision.objects.get(application=application)
    assert saved == results[0]
    assert DecisionLetter.objects.count() == 1
    winner = saved.decided_by.full_name
    assert errors[0].messages == [
        f"{winner} afgjorde ansøgningen den 09-01-2026, mens du arbejdede på den: din afgørelse "
        "blev ikke gemt. Åbn ansøgningen for at se afgørelsen."
    ]


def test_two_grants_for_one_child_at_the_same_moment_keep_within_the_20000_kr(home):
    """Two applications of the same child, each within what is left alone but not
    together: the child's row is locked, so the second sees the first."""
    consultant, first = _application(home, "12000")
    second = services.expense_application_register(
        actor=consultant,
        placement=first.placement,
        kind="other_costs",
        received_on=date(2026, 1, 6),
        category="transport",
        description="Kørsel",
        amount_applied=Decimal("12000"),
        agreed_beforehand=True,
        agreed_on=date(2026, 1, 2),
    )
    results, errors = _race(
        [
            lambda application=application: services.expense_decision_record(
                actor=consultant,
                application=application,
                outcome="full",
                reasons="Aftalt på forhånd",
                decided_on=date(2026, 1, 9),
            )
            for application in (first, second)
        ]
    )
    assert (len(results), len(errors)) == (1, 1)
    assert "højst bevilges 8.000,00 kr." in errors[0].message_dict["amount"][0]
    assert ExpenseDecision.objects.count() == 1
