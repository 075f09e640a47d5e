from datetime import date

import pytest

from families.models import AssessmentCondition
from fostercare.accounts.models import Role
from tests.factories import FamilyFactory, NetworkAssessmentFactory, UserFactory


@pytest.fixture
def team(home):
    """A manager, a consultant reporting to them, and a network family of theirs."""
    manager = UserFactory(role=Role.MANAGER, municipality=home, full_name="Lone Leder")
    consultant = UserFactory(
        role=Role.CONSULTANT, municipality=home, manager=manager, full_name="Rune Holm"
    )
    family = FamilyFactory(
        municipality=home, consultant=consultant, name="Familien Juhl", postal_code="7100"
    )
    return manager, consultant, family


@pytest.fixture
def condition_for():
    def make(family, *, start_by: date, started_on: date | None = None, **assessment):
        assessment = NetworkAssessmentFactory(family=family, **assessment)
        return AssessmentCondition.objects.create(
            assessment=assessment,
            description="Familiebehandling i hjemmet",
            start_by=start_by,
            started_on=started_on,
        )

    return make
