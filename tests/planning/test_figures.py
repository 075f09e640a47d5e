"""The network first, in figures for the managers' dashboards."""

from datetime import date

import pytest

from cases.models import CaseworkerAssignment
from fostercare.accounts.models import Role
from planning import services
from planning.selectors import network_figures
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    FamilyFactory,
    PlacementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SINCE, UNTIL = date(2026, 1, 1), date(2026, 6, 30)


def test_network_figures(home, other_municipality, planner, django_assert_num_queries):
    general = ApprovalFactory(family=FamilyFactory(municipality=home), capacity_full_time=5).family
    # In the network: a network family approved for the child.
    in_network = ChildFactory(municipality=home)
    family = FamilyFactory(municipality=home)
    ApprovalFactory(family=family, type="netvaerk", child=in_network, approving_body="municipality")
    PlacementFactory(child=in_network, family=family, start_date=date(2026, 2, 1))
    # Outside, after a family group conference.
    explored = ChildFactory(municipality=home)
    services.network_meeting_record(
        actor=planner, child=explored, kind="family_group_conference",
        held_on=date(2026, 2, 10), participants="Mor", outcome="Ingen kan.",
    )  # fmt: skip
    PlacementFactory(child=explored, family=general, start_date=date(2026, 3, 1))
    # Outside, nothing explored; a mapped person not yet assessed does not count.
    unexplored = ChildFactory(municipality=home)
    services.network_person_add(actor=planner, child=unexplored, name="Ib", relation="Onkel")
    PlacementFactory(child=unexplored, family=general, start_date=date(2026, 4, 1))
    # Before the period, and another municipality's: not counted.
    PlacementFactory(child=ChildFactory(municipality=home), family=general,
                     start_date=date(2025, 12, 31))  # fmt: skip
    elsewhere = ApprovalFactory(family=FamilyFactory(municipality=other_municipality)).family
    PlacementFactory(child=ChildFactory(municipality=other_municipality), family=elsewhere,
                     start_date=date(2026, 2, 1))  # fmt: skip
    with django_assert_num_queries(3):
        figures = network_figures(user=planner, since=SINCE, until=UNTIL)
    assert figures["placed"] == 3
    assert figures["in_network"] == 1
    assert figures["explored"] == 1
    assert figures["not_explored"] == 1
    assert figures["conferences"] == 1
    assert figures["meetings"] == 0
    assert figures["possible_carers"] == 0


@pytest.mark.parametrize("narrowed", [False, True], ids=["municipality", "one-caseworker"])
def test_two_periods_at_once_count_as_each_alone(home, planner, time_machine, narrowed):
    """The dashboard asks for a period and the one before in the same queries
    (``fostercare.figures.for_periods``); each must count as if asked alone."""
    general = ApprovalFactory(family=FamilyFactory(municipality=home), capacity_full_time=5).family
    first, second, third = (ChildFactory(municipality=home) for _ in range(3))
    caseworker = UserFactory(role=Role.CASEWORKER, municipality=home)
    CaseworkerAssignment.objects.create(
        child=first, caseworker=caseworker, starts_on=date(2020, 1, 1)
    )
    time_machine.move_to(date(2025, 11, 1), tick=False)
    services.network_person_add(actor=planner, child=first, name="Ib", relation="Onkel")
    services.network_meeting_record(
        actor=planner, child=second, kind="network_meeting",
        held_on=date(2025, 10, 1), participants="Mor", outcome="Ingen kan.",
    )  # fmt: skip
    PlacementFactory(child=first, family=general, start_date=date(2025, 10, 1))
    PlacementFactory(child=second, family=general, start_date=date(2026, 3, 1))
    PlacementFactory(child=third, family=general, start_date=date(2026, 4, 1))
    periods = [(SINCE, UNTIL), (date(2025, 7, 1), date(2025, 12, 31))]
    scope = {"caseworker": caseworker} if narrowed else {}
    alone = [network_figures(user=planner, since=s, until=u, **scope) for s, u in periods]
    assert network_figures.for_periods(user=planner, periods=periods, **scope) == alone
    assert alone[0] != alone[1]  # the periods count differently


def test_one_caseworkers_figures_count_their_children_on_the_last_day(home, planner, time_machine):
    """As the cases' figures: the children the caseworker had on the period's last day,
    their placements, meetings and mapped people, and no one else's."""
    time_machine.move_to(date(2026, 3, 15), tick=False)
    general = ApprovalFactory(family=FamilyFactory(municipality=home), capacity_full_time=5).family
    caseworker = UserFactory(role=Role.CASEWORKER, municipality=home)
    mine, handed_on, theirs = (ChildFactory(municipality=home) for _ in range(3))
    CaseworkerAssignment.objects.create(child=mine, caseworker=caseworker, starts_on=SINCE)
    CaseworkerAssignment.objects.create(
        child=handed_on, caseworker=caseworker, starts_on=SINCE, ends_on=date(2026, 5, 1)
    )
    for child in (mine, handed_on, theirs):
        PlacementFactory(child=child, family=general, start_date=date(2026, 3, 1))
        services.network_meeting_record(
            actor=planner, child=child, kind="network_meeting",
            held_on=date(2026, 2, 10), participants="Mor", outcome="Ingen kan.",
        )  # fmt: skip
        services.network_person_add(
            actor=planner,
            child=child,
            name="Ib",
            relation="Onkel",
            possible_carer="yes",
            assessment="Kender barnet godt.",
        )
    figures = network_figures(user=planner, since=SINCE, until=UNTIL, caseworker=caseworker)
    assert (figures["placed"], figures["meetings"], figures["possible_carers"]) == (1, 1, 1)
    everyone = network_figures(user=planner, since=SINCE, until=UNTIL)
    assert (everyone["placed"], everyone["meetings"], everyone["possible_carers"]) == (3, 3, 3)
