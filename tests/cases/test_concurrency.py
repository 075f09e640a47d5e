"""Two simultaneous requests, each on its own database connection: the rules hold.

Each thread opens its own connection (Django gives every thread one); a barrier
starts both services at the same moment. ``transaction=True`` lets the threads see
each other's commits, as two web workers would.
"""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cases import services
from cases.models import Placement
from tests.factories import ApprovalFactory, ChildFactory, FamilyFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PLACE = {
    "kind": "doegnpleje",
    "legal_basis": "Barnets Lov § 46",
    "consent": "with",
    "start_date": date(2026, 3, 1),
}


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


def test_two_simultaneous_full_time_placements_of_one_child(home):
    caseworker = UserFactory(role="caseworker", municipality=home)
    child = ChildFactory(municipality=home)
    families = [ApprovalFactory(family=FamilyFactory(municipality=home)).family for _ in range(2)]
    results, errors = _race(
        [
            lambda family=family: services.placement_create(
                actor=caseworker, child=child, family=family, **PLACE
            )
            for family in families
        ]
    )
    assert (len(results), len(errors)) == (1, 1)
    assert "Barnet har allerede en aktiv døgnanbringelse" in errors[0].messages[0]
    assert Placement.objects.filter(child=child).count() == 1


def test_two_simultaneous_placements_in_the_last_free_place(home):
    caseworker = UserFactory(role="caseworker", municipality=home)
    family = ApprovalFactory(family=FamilyFactory(municipality=home), capacity_full_time=1).family
    children = [ChildFactory(municipality=home) for _ in range(2)]
    results, errors = _race(
        [
            lambda child=child: services.placement_create(
                actor=caseworker, child=child, family=family, **PLACE
            )
            for child in children
        ]
    )
    assert (len(results), len(errors)) == (1, 1)
    assert "flere børn end godkendelsen tillader" in errors[0].messages[0]


def test_two_municipalities_take_a_familys_last_place_at_the_same_moment(home, other_municipality):
    """A generally approved family takes children from several municipalities (issue
    16): the family row is locked whoever places, so exactly one of them gets the place."""
    family = ApprovalFactory(family=FamilyFactory(municipality=home), capacity_full_time=1).family
    calls = []
    for municipality in (home, other_municipality):
        caseworker = UserFactory(role="caseworker", municipality=municipality)
        child = ChildFactory(municipality=municipality)
        calls.append(
            lambda caseworker=caseworker, child=child: services.placement_create(
                actor=caseworker, child=child, family=family, **PLACE
            )
        )
    results, errors = _race(calls)
    assert (len(results), len(errors)) == (1, 1)
    assert "flere børn end godkendelsen tillader" in errors[0].messages[0]
    assert Placement.objects.filter(family=family).count() == 1
    assert Placement.objects.filter(family=family).count() == 1
