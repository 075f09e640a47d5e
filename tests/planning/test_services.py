"""Planning's writes: the network map and meetings, the profiles, and placing with a
decision record — bad input refused with a Danish message and nothing saved."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Placement
from families.services import network_assessment_start
from fostercare.audit.models import ChangeLog
from planning import services
from planning.models import NetworkMeeting, NetworkPerson, PlacementDecision
from planning.selectors import network_explored
from tests.factories import ApprovalFactory, FamilyFactory
from tests.planning.conftest import PLACE, approved_family

pytestmark = pytest.mark.django_db


def test_network_person_assessed_needs_a_reason(planner, child):
    with pytest.raises(ValidationError) as error:
        services.network_person_add(
            actor=planner, child=child, name="Bente Holm", relation="Mormor", possible_carer="yes"
        )
    assert "Angiv, hvorfor" in error.value.message_dict["assessment"][0]
    assert not NetworkPerson.objects.exists()


def test_network_explored_by_an_assessed_person_or_a_meeting(planner, child):
    assert not network_explored(child=child)
    services.network_person_add(actor=planner, child=child, name="Ib", relation="Onkel")
    assert not network_explored(child=child)  # mapped, not yet assessed
    services.network_meeting_record(
        actor=planner,
        child=child,
        kind="family_group_conference",
        held_on=timezone.localdate(),
        participants="Mor, mormor, onkel Ib",
        outcome="Mormor tilbyder at have Emma boende.",
    )
    assert network_explored(child=child)
    assert (
        ChangeLog.objects.filter(action="create", content_type__model="networkmeeting").count() == 1
    )


def test_a_meeting_is_recorded_when_held(planner, child):
    with pytest.raises(ValidationError) as error:
        services.network_meeting_record(
            actor=planner,
            child=child,
            kind="network_meeting",
            held_on=timezone.localdate() + timedelta(days=1),
            participants="Mor",
            outcome="-",
        )
    assert "held_on" in error.value.message_dict
    assert not NetworkMeeting.objects.exists()


def test_a_network_person_names_a_family_of_the_municipality(planner, child, other_municipality):
    stranger = FamilyFactory(municipality=other_municipality)
    with pytest.raises(ValidationError) as error:
        services.network_person_add(
            actor=planner, child=child, name="Ib", relation="Onkel", family=stranger
        )
    assert "family" in error.value.message_dict


def test_family_profile_ages_in_order(consultant, home):
    family = FamilyFactory(municipality=home)
    with pytest.raises(ValidationError) as error:
        services.family_profile_save(actor=consultant, family=family, age_min=12, age_max=4)
    assert "laveste alder" in str(error.value)


def _explore(planner, child):
    services.network_person_add(
        actor=planner,
        child=child,
        name="Bente Holm",
        relation="Mormor",
        possible_carer="no",
        assessment="Syg; kan ikke have Emma boende.",
    )


def test_placing_records_the_decision(planner, child, home):
    _explore(planner, child)
    services.needs_profile_save(actor=planner, child=child, level="light")
    chosen, other = approved_family(home), approved_family(home, name="Familien Dal")
    placement = services.placement_decide(
        actor=planner, child=child, family=chosen, alternatives=[other, chosen],
        reasons="Tæt på skolen.", **PLACE,
    )  # fmt: skip
    decision = placement.decision
    assert decision.family == chosen
    assert list(decision.alternatives.all()) == [other]
    assert (decision.network_explored, decision.in_network, decision.approval_below_needs) == (
        True,
        False,
        False,
    )
    assert ChangeLog.objects.filter(
        content_type__model="placementdecision", action="create"
    ).exists()


@pytest.mark.parametrize(
    ("level", "explored", "siblings", "field"),
    [
        ("severe", True, 0, "reasons"),  # an almen family for severe needs
        ("light", False, 0, "outside_network_reason"),
        ("light", True, 1, "siblings_reason"),  # the family takes no siblings
    ],
)
def test_placing_without_a_required_reason_saves_nothing(
    planner, child, home, level, explored, siblings, field
):
    if explored:
        _explore(planner, child)
    services.needs_profile_save(actor=planner, child=child, level=level, siblings_together=siblings)
    family = approved_family(home)
    with pytest.raises(ValidationError) as error:
        services.placement_decide(actor=planner, child=child, family=family, **PLACE)
    assert field in error.value.message_dict
    assert not Placement.objects.exists()
    assert not PlacementDecision.objects.exists()


def test_a_network_family_of_the_child_needs_no_exploration_reason(planner, child, home):
    family = FamilyFactory(municipality=home, name="Familien Holm")
    consultant = family.consultant_assignments.get().consultant
    network_assessment_start(
        actor=consultant, family=family, child=child, assessors=[consultant],
        relation_to_child="Mormor", relation_rating=1, started_on=date(2026, 1, 5),
    )  # fmt: skip
    ApprovalFactory(
        family=family, type="netvaerk", child=child, approving_body="municipality",
        capacity_full_time=1,
    )  # fmt: skip
    placement = services.placement_decide(actor=planner, child=child, family=family, **PLACE)
    assert placement.decision.in_network


def test_a_network_family_approved_for_another_child_is_refused(planner, child, home):
    from tests.factories import ChildFactory

    family = FamilyFactory(municipality=home)
    ApprovalFactory(
        family=family, type="netvaerk", child=ChildFactory(municipality=home),
        approving_body="municipality",
    )  # fmt: skip
    _explore(planner, child)
    with pytest.raises(ValidationError) as error:
        services.placement_decide(actor=planner, child=child, family=family, **PLACE)
    assert "netværksplejefamilie" in error.value.message_dict["family"][0]
    assert not PlacementDecision.objects.exists()


def test_a_full_family_is_refused_and_nothing_saved(planner, child, home):
    from tests.factories import ChildFactory, PlacementFactory

    family = approved_family(home, places=1)
    PlacementFactory(child=ChildFactory(municipality=home), family=family)
    _explore(planner, child)
    with pytest.raises(ValidationError) as error:
        services.placement_decide(actor=planner, child=child, family=family, **PLACE)
    assert "flere børn end godkendelsen tillader" in error.value.message_dict["family"][0]
    assert not PlacementDecision.objects.exists()


def test_other_municipalities_families_without_a_general_approval_are_not_chosen(
    planner, child, home, other_municipality
):
    """Another municipality's family may take the child only with a general approval
    (issue 16, item 3): one with none is neither the choice nor an alternative."""
    _explore(planner, child)
    ours = approved_family(home)
    theirs = FamilyFactory(municipality=other_municipality, name="Familien Fyn")
    with pytest.raises(ValidationError) as error:
        services.placement_decide(
            actor=planner, child=child, family=ours, alternatives=[theirs], **PLACE
        )
    assert "alternatives" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.placement_decide(actor=planner, child=child, family=theirs, **PLACE)
    assert "generel godkendelse" in error.value.message_dict["family"][0]
    assert not Placement.objects.exists()
    assert not PlacementDecision.objects.exists()
