"""support/services/groups.py: forming groups, meetings and mentor pairings; bad input
is refused with a Danish message on the field and nothing saved."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from fostercare.accounts.models import Role
from fostercare.audit.models import ChangeLog
from support.models import MentorPairing, NetworkGroup, NetworkGroupMeeting, NetworkGroupMember
from support.services import groups as services
from tests.factories import FamilyFactory, UserFactory
from tests.support.conftest import experienced

pytestmark = pytest.mark.django_db
START = date(2026, 1, 5)


@pytest.fixture(autouse=True)
def _danish():
    with translation.override("da"):
        yield


@pytest.fixture
def consultant(home):
    return UserFactory(role=Role.CONSULTANT, municipality=home)


def group_of(consultant, n, **fields):
    families = FamilyFactory.create_batch(n, municipality=consultant.municipality)
    return services.network_group_create(
        actor=consultant,
        name="Netværk Vejle",
        facilitator=None,
        cadence=NetworkGroup.Cadence.MONTHLY,
        started_on=START,
        families=families,
        **fields,
    )


def field_errors(error: ValidationError) -> dict:
    return error.message_dict


def test_a_group_of_five(consultant):
    group = group_of(consultant, 5)
    assert group.members.count() == 5
    assert group.consultant == consultant
    assert ChangeLog.objects.filter(object_pk=str(group.pk)).exists()


def test_the_same_family_twice_is_refused(consultant):
    family = FamilyFactory(municipality=consultant.municipality)
    with pytest.raises(ValidationError) as error:
        services.network_group_create(
            actor=consultant,
            name="X",
            facilitator=None,
            cadence="monthly",
            started_on=START,
            families=[family, family],
        )
    assert "to gange" in field_errors(error.value)["families"][0]
    assert not NetworkGroup.objects.exists()

    group = group_of(consultant, 4)
    member = group.members.first()
    with pytest.raises(ValidationError) as error:
        services.network_group_member_add(
            actor=consultant, group=group, family=member.family, joined_on=START
        )
    assert "allerede" in field_errors(error.value)["family"][0]
    assert group.members.count() == 4


def test_another_municipalitys_family_is_refused(consultant, other_municipality):
    with pytest.raises(ValidationError):
        services.network_group_create(
            actor=consultant,
            name="X",
            facilitator=None,
            cadence="monthly",
            started_on=START,
            families=[FamilyFactory(municipality=other_municipality)],
        )
    assert not NetworkGroup.objects.exists()


@pytest.mark.parametrize(
    ("held_on", "ended_on", "ok"),
    [
        (date(2026, 1, 4), None, False),  # before the group started
        (START, None, True),
        (date(2026, 6, 1), None, True),
        (date(2026, 3, 1), date(2026, 3, 1), True),  # its last day
        (date(2026, 3, 2), date(2026, 3, 1), False),  # after it ended
    ],
)
def test_meetings_only_in_the_active_period(consultant, held_on, ended_on, ok):
    group = group_of(consultant, 4)
    if ended_on:
        services.network_group_state_change(
            actor=consultant, group=group, state="ended", ended_on=ended_on
        )
    families = [m.family for m in group.members.all()]
    if ok:
        meeting = services.network_group_meeting_record(
            actor=consultant, group=group, held_on=held_on, attended=families[:3]
        )
        assert meeting.attended.count() == 3
    else:
        with pytest.raises(ValidationError) as error:
            services.network_group_meeting_record(actor=consultant, group=group, held_on=held_on)
        assert "periode" in field_errors(error.value)["held_on"][0]
        assert not NetworkGroupMeeting.objects.exists()


def test_only_members_can_be_present(consultant):
    group = group_of(consultant, 4)
    stranger = FamilyFactory(municipality=consultant.municipality)
    with pytest.raises(ValidationError) as error:
        services.network_group_meeting_record(
            actor=consultant, group=group, held_on=START, attended=[stranger]
        )
    assert "attended" in field_errors(error.value)
    assert not NetworkGroupMeeting.objects.exists()


def test_an_ended_group_needs_its_date(consultant):
    group = group_of(consultant, 4)
    with pytest.raises(ValidationError) as error:
        services.network_group_state_change(
            actor=consultant, group=group, state="ended", ended_on=None
        )
    assert "ended_on" in field_errors(error.value)
    group.refresh_from_db()
    assert group.state == NetworkGroup.State.FACILITATED


def test_pairing_with_an_eligible_mentor(consultant, home):
    mentee = FamilyFactory(municipality=home)
    pairing = services.mentor_pairing_create(
        actor=consultant,
        mentor=experienced(home),
        mentee=mentee,
        purpose="Ny netværksplejefamilie",
        started_on=START,
    )
    assert pairing.exception_reason == ""


def test_a_family_cannot_mentor_itself(consultant, home):
    family = experienced(home)
    with pytest.raises(ValidationError) as error:
        services.mentor_pairing_create(
            actor=consultant, mentor=family, mentee=family, purpose="X", started_on=START
        )
    assert "sin egen" in field_errors(error.value)["mentor"][0]
    assert not MentorPairing.objects.exists()


def test_an_ineligible_mentor_needs_a_reason(consultant, home):
    newcomer = FamilyFactory(municipality=home)
    mentee = FamilyFactory(municipality=home)
    with pytest.raises(ValidationError) as error:
        services.mentor_pairing_create(
            actor=consultant, mentor=newcomer, mentee=mentee, purpose="X", started_on=START
        )
    assert "exception_reason" in field_errors(error.value)
    assert not MentorPairing.objects.exists()
    pairing = services.mentor_pairing_create(
        actor=consultant,
        mentor=newcomer,
        mentee=mentee,
        purpose="X",
        started_on=START,
        exception_reason="Har selv været netværksplejefamilie for et barnebarn i 10 år.",
    )
    assert pairing.exception_reason


def test_a_check_in_within_the_pairing(consultant, home):
    pairing = services.mentor_pairing_create(
        actor=consultant,
        mentor=experienced(home),
        mentee=FamilyFactory(municipality=home),
        purpose="X",
        started_on=START,
    )
    with pytest.raises(ValidationError):
        services.mentor_check_in_record(
            actor=consultant, pairing=pairing, held_on=date(2026, 1, 1), notes="Godt"
        )
    services.mentor_check_in_record(actor=consultant, pairing=pairing, held_on=START, notes="Godt")
    assert pairing.check_ins.count() == 1


def test_members_and_their_dates(consultant, home):
    group = group_of(consultant, 4)
    late = FamilyFactory(municipality=home)
    with pytest.raises(ValidationError):
        services.network_group_member_add(
            actor=consultant, group=group, family=late, joined_on=date(2025, 12, 1)
        )
    services.network_group_member_add(
        actor=consultant, group=group, family=late, joined_on=date(2026, 2, 1)
    )
    assert NetworkGroupMember.objects.filter(group=group).count() == 5


@pytest.mark.parametrize(
    ("set_on", "review_on", "ok"),
    [
        (date(2026, 1, 5), date(2026, 1, 4), False),  # a review before the goal is set
        (date(2026, 1, 5), date(2026, 1, 5), True),
        (date(2026, 1, 5), date(2026, 6, 1), True),
    ],
)
def test_a_goal_review_before_its_start_is_refused(consultant, home, set_on, review_on, ok):
    from support.models import DevelopmentGoal
    from support.services.plans import development_goal_create

    family = FamilyFactory(municipality=home)
    fields = {"goal": "Trygge rammer", "set_by": "together", "set_on": set_on}
    if ok:
        goal = development_goal_create(
            actor=consultant, family=family, review_on=review_on, **fields
        )
        assert goal.review_on == review_on
    else:
        with pytest.raises(ValidationError) as error:
            development_goal_create(actor=consultant, family=family, review_on=review_on, **fields)
        assert "før" in field_errors(error.value)["review_on"][0]
        assert not DevelopmentGoal.objects.exists()
