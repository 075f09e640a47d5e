"""A user's own work, so that their lists and start page have rows to check."""

from datetime import timedelta

from django.utils import timezone

from cases.models import CaseworkerAssignment
from fostercare.accounts.models import Role
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    FamilyFactory,
    FamilyMemberFactory,
    FollowUpFactory,
    PlacementFactory,
    SupervisionSessionFactory,
    UserFactory,
)


def _caseworker(home):
    return UserFactory(role=Role.CASEWORKER, municipality=home)


def everyday_world(home, user) -> list:
    """Two families of the user's (a consultant's) with a household and a placed child
    each, the child's caseworker (a caseworker) with a statutory visit long overdue,
    an open follow-up, and a session the user supervises (a supervisor). Returns the
    families."""
    long_ago = timezone.localdate() - timedelta(days=400)
    consultant = user if user.role == Role.CONSULTANT else None
    families = []
    for _ in range(2):
        family = FamilyFactory(municipality=home, consultant=consultant)
        ApprovalFactory(family=family)
        FamilyMemberFactory(family=family)
        FamilyMemberFactory(family=family, kind="own_child", cpr="", birth_year=2015)
        child = ChildFactory(municipality=home)
        PlacementFactory(child=child, family=family, start_date=long_ago)
        CaseworkerAssignment.objects.create(
            child=child,
            caseworker=user if user.role == Role.CASEWORKER else _caseworker(home),
            starts_on=long_ago,
        )
        FollowUpFactory(call__family=family, call__called_at=timezone.now() - timedelta(days=5))
        extra = {"supervisor": user} if user.role == Role.SUPERVISOR else {}
        SupervisionSessionFactory(municipality=home, families=[family], **extra)
        families.append(family)
    return families
