"""Two caseworkers take a family's last place at the same moment through matching:
exactly one wins, and only the winner's decision is recorded."""

import pytest

from cases.models import Placement
from planning import services
from planning.models import PlacementDecision
from tests.cases.test_concurrency import _race
from tests.factories import ChildFactory, UserFactory
from tests.planning.conftest import PLACE, approved_family

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_caseworkers_take_the_last_place(home):
    family = approved_family(home, places=1)
    children = []
    for _ in range(2):
        caseworker = UserFactory(role="caseworker", municipality=home)
        child = ChildFactory(municipality=home)
        services.network_meeting_record(
            actor=caseworker, child=child, kind="network_meeting",
            held_on=PLACE["start_date"], participants="Mor", outcome="Ingen kan.",
        )  # fmt: skip
        children.append((caseworker, child))
    results, errors = _race(
        [
            lambda caseworker=caseworker, child=child: services.placement_decide(
                actor=caseworker, child=child, family=family, **PLACE
            )
            for caseworker, child in children
        ]
    )
    assert (len(results), len(errors)) == (1, 1)
    assert "flere børn end godkendelsen tillader" in errors[0].messages[0]
    assert Placement.objects.filter(family=family).count() == 1
    assert PlacementDecision.objects.count() == 1
