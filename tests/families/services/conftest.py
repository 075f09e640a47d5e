from types import SimpleNamespace

import pytest

from tests.factories import ChildFactory, FamilyFactory


@pytest.fixture
def actor(caseworker):
    return caseworker


@pytest.fixture
def family(home):
    """A family of Aarhus with a current consultant and no approvals."""
    return FamilyFactory(municipality=home)


@pytest.fixture
def world(home, other_municipality):
    return SimpleNamespace(
        child=ChildFactory(municipality=home),
        foreign_child=ChildFactory(municipality=other_municipality),
    )
