from datetime import date

import pytest

from families.models import ApprovalStatus, ApprovalType, AssessmentCondition
from fostercare.accounts.models import Role
from tests.factories import ApprovalFactory, FamilyFactory, NetworkAssessmentFactory, UserFactory


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


def experienced(home, **family):
    """A family eligible as mentor: general approval since 2020, basic course, supervision."""
    from supervision.models import Enrolment
    from tests.factories import (
        CourseKindFactory,
        CourseRunFactory,
        FamilyMemberFactory,
        SupervisionSessionFactory,
    )

    family = FamilyFactory(municipality=home, **family)
    ApprovalFactory(
        family=family,
        type=ApprovalType.GENERAL,
        status=ApprovalStatus.APPROVED,
        decision_date=date(2020, 1, 10),
        valid_from=date(2020, 2, 1),
    )
    member = FamilyMemberFactory(family=family)
    run = CourseRunFactory(
        course_kind=CourseKindFactory(category="basic"),
        starts_on=date(2020, 3, 1),
        ends_on=date(2020, 3, 4),
    )
    Enrolment.objects.create(run=run, member=member, attended=True)
    SupervisionSessionFactory(municipality=home, families=[family])
    return family
