import pytest

from tests.families.views.support import World, make_world


@pytest.fixture
def w(client, home, other_municipality) -> World:
    return make_world(client, home, other_municipality)
