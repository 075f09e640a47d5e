from datetime import date

import pytest

from cases.services import caseworker_change
from fostercare.accounts.models import Role
from tests.factories import ApprovalFactory, ChildFactory, FamilyFactory, UserFactory

PLACE = {
    "kind": "doegnpleje",
    "legal_basis": "Barnets Lov § 46",
    "consent": "with",
    "start_date": date(2026, 3, 1),
}


@pytest.fixture
def planner(home):
    return UserFactory(role=Role.CASEWORKER, municipality=home, full_name="Sara Lund")


@pytest.fixture
def child(home, planner):
    child = ChildFactory(municipality=home, first_name="Emma", last_name="Holm", cpr="120318-4321")
    caseworker_change(
        actor=planner, child=child, caseworker=planner, starts_on=child.birth_date, reason=""
    )
    return child


def approved_family(home, *, name="Familien Skov", type="almen", places=2, **family):
    return ApprovalFactory(
        family=FamilyFactory(municipality=home, name=name, **family),
        type=type,
        capacity_full_time=places,
    ).family
