"""hotline/services/follow_ups.py: completing a follow-up with its outcome, and
reassigning it with the history kept and the new owner told."""

import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from fostercare.accounts.models import Role
from hotline import services
from hotline.models import FollowUpReassignment, Notification
from tests.factories import UserFactory
from tests.hotline.conftest import MONDAY_OPENING

pytestmark = pytest.mark.django_db


# --- completing and reassigning --------------------------------------------------------------
def test_complete_records_outcome_and_reads_the_notifications(team, register, queued):
    _manager, consultant, family = team
    follow_up = register(family).follow_up
    services.follow_up_reminder_send(follow_up_id=follow_up.pk, now=MONDAY_OPENING)
    services.follow_up_complete(
        actor=consultant, follow_up=follow_up, outcome="visit", notes="Besøg tirsdag."
    )
    follow_up.refresh_from_db()
    assert (follow_up.outcome, follow_up.done_by, follow_up.notes) == (
        "visit",
        consultant,
        "Besøg tirsdag.",
    )
    assert not Notification.objects.filter(user=consultant, read_at__isnull=True).exists()
    # The same submit again (a double click, a retry after an outage) changes nothing.
    services.follow_up_complete(actor=consultant, follow_up=follow_up, outcome="visit")
    follow_up.refresh_from_db()
    assert follow_up.notes == "Besøg tirsdag."
    with pytest.raises(ValidationError):
        services.follow_up_complete(actor=consultant, follow_up=follow_up, outcome="contacted")


def test_only_the_owner_completes_a_follow_up(team, register, home, queued):
    _manager, consultant, family = team
    follow_up = register(family).follow_up
    assert follow_up.owner == consultant
    colleague = UserFactory(role=Role.CONSULTANT, municipality=home)
    with pytest.raises(ValidationError) as error:
        services.follow_up_complete(actor=colleague, follow_up=follow_up, outcome="visit")
    assert error.value.code == "not_owner"
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_complete_with_other_needs_notes(team, register, queued):
    follow_up = register(team[2]).follow_up
    with pytest.raises(ValidationError) as error:
        services.follow_up_complete(actor=team[1], follow_up=follow_up, outcome="other")
    assert "notes" in error.value.message_dict


def test_reassign_keeps_history_and_tells_the_new_owner(
    team, register, home, queued, django_capture_on_commit_callbacks
):
    manager, consultant, family = team
    follow_up = register(family).follow_up
    colleague = UserFactory(role=Role.CONSULTANT, municipality=home)
    with django_capture_on_commit_callbacks(execute=True):
        services.follow_up_reassign(
            actor=consultant, follow_up=follow_up, to_user=colleague, reason="Syg"
        )
    follow_up.refresh_from_db()
    assert follow_up.owner == colleague
    move = FollowUpReassignment.objects.get()
    assert (move.from_user, move.to_user, move.reason, move.by) == (
        consultant,
        colleague,
        "Syg",
        consultant,
    )
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    with pytest.raises(ValidationError):
        services.follow_up_reassign(
            actor=manager, follow_up=follow_up, to_user=colleague, reason="Igen"
        )
    with pytest.raises(ValidationError):
        services.follow_up_reassign(
            actor=manager, follow_up=follow_up, to_user=consultant, reason=" "
        )


def test_the_same_reassign_form_reassigns_once(
    team, register, home, queued, django_capture_on_commit_callbacks
):
    manager, _consultant, family = team
    follow_up = register(family).follow_up
    colleague = UserFactory(role=Role.CONSULTANT, municipality=home)
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            services.follow_up_reassign(
                actor=manager, follow_up=follow_up, to_user=colleague, reason="Syg",
                idempotency_key=key,
            )  # fmt: skip
    assert FollowUpReassignment.objects.count() == 1
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    assert (
        mail.outbox[0]
        .extra_headers["Message-ID"]
        .startswith(f"<followup-{follow_up.public_id}.reassigned-")
    )


def test_manager_assigns_a_call_about_an_unknown_family(home, register, queued):
    manager = UserFactory(role=Role.MANAGER, municipality=home)
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home)
    follow_up = register(None, caller_details="Ukendt").follow_up
    services.follow_up_reassign(
        actor=manager, follow_up=follow_up, to_user=consultant, reason="Familien er Juhl"
    )
    follow_up.refresh_from_db()
    assert follow_up.owner == consultant
    assert FollowUpReassignment.objects.get().from_user is None
