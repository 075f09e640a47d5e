from types import SimpleNamespace

import pytest

from fostercare.accounts.models import Role
from tests.factories import UserFactory, network_placement


@pytest.fixture
def actor(consultant):
    return consultant


@pytest.fixture
def net(home):
    """A child placed in a network family approved for it, and its consultant."""
    placement = network_placement(home)
    return SimpleNamespace(
        placement=placement,
        child=placement.child,
        family=placement.family,
        consultant=placement.family.consultant_assignments.get().consultant,
        caseworker=UserFactory(role=Role.CASEWORKER, municipality=home),
    )
