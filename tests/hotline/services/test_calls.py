"""hotline/services/calls.py: registering a call and routing its follow-up: to the
family's fixed consultant on the day of the call, to the substitute when that
consultant is absent on the due day, to the managers when there is nobody; a child's
safety at risk tells the manager at once, and a broker outage leaves the reminder
to the sweep."""

import threading
import time
import uuid
from datetime import date, datetime, timedelta

import kombu.exceptions
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from families.services import family_consultant_change
from fostercare.accounts.models import Role
from fostercare.audit.models import ChangeLog
from hotline import services
from hotline.models import (
    FollowUp,
    FollowUpReassignment,
    HotlineCall,
    HotlineSettings,
    Notification,
)
from tests.factories import FamilyFactory, UserFactory
from tests.hotline.conftest import CPH, MONDAY_OPENING

pytestmark = pytest.mark.django_db


# --- registering ----------------------------------------------------------------------
def test_register_creates_call_and_follow_up_for_the_fixed_consultant(
    team, register, queued, django_capture_on_commit_callbacks
):
    _manager, consultant, family = team
    with django_capture_on_commit_callbacks(execute=True):
        call = register(family)
    follow_up = call.follow_up
    assert (follow_up.owner, follow_up.due_at, follow_up.urgent) == (
        consultant,
        MONDAY_OPENING,
        False,
    )
    assert follow_up.reminder_sent_at is None
    assert queued == [([follow_up.pk], MONDAY_OPENING)]
    assert mail.outbox == []
    logged = set(ChangeLog.objects.values_list("content_type__model", "action"))
    assert {("hotlinecall", "create"), ("followup", "create")} <= logged


def test_owner_is_the_consultant_on_the_day_of_the_call(team, register, home, queued):
    manager, old, family = team
    new = UserFactory(role=Role.CONSULTANT, municipality=home)
    family_consultant_change(
        actor=manager, family=family, consultant=new, starts_on=date(2026, 3, 14), reason="Ny"
    )
    assert register(family).follow_up.owner == old  # Friday 13 March: still the old one
    saturday = datetime(2026, 3, 14, 10, tzinfo=CPH)
    assert register(family, called_at=saturday).follow_up.owner == new


def test_no_follow_up_when_not_needed(team, register, queued):
    call = register(team[2], follow_up_needed=False)
    assert not FollowUp.objects.filter(call=call).exists()
    assert queued == []


def test_child_safety_at_risk_is_urgent_and_tells_the_manager_at_once(
    team, register, queued, django_capture_on_commit_callbacks
):
    manager, consultant, family = team
    with django_capture_on_commit_callbacks(execute=True):
        call = register(family, child_safety_at_risk=True, urgency="high")
    assert call.follow_up.urgent is True
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert "sikkerhed" in mail.outbox[0].subject  # Danish
    assert Notification.objects.get(user=manager).link.endswith(f"/{call.public_id}/")
    assert not Notification.objects.filter(user=consultant).exists()


def test_urgent_without_a_named_manager_tells_every_manager(
    home, register, queued, django_capture_on_commit_callbacks
):
    managers = UserFactory.create_batch(2, role=Role.MANAGER, municipality=home)
    family = FamilyFactory(municipality=home)  # its consultant has no manager
    with django_capture_on_commit_callbacks(execute=True):
        register(family, child_safety_at_risk=True)
    assert [sorted(m.to) for m in mail.outbox] == [sorted(m.email for m in managers)]
    assert Notification.objects.filter(user__in=managers).count() == 2


def test_unknown_family_is_routed_to_the_managers(
    home, register, queued, django_capture_on_commit_callbacks
):
    manager = UserFactory(role=Role.MANAGER, municipality=home)
    with django_capture_on_commit_callbacks(execute=True):
        call = register(
            None, caller_details="Plejefar Ole, 40 50 60 70, Skovvej 3. Barn: Ida 9 år."
        )
    assert call.family is None
    assert call.caller_details.startswith("Plejefar Ole")
    assert call.follow_up.owner is None
    assert Notification.objects.filter(user=manager).count() == 1
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert queued == [([call.follow_up.pk], MONDAY_OPENING)]


def test_unknown_family_without_a_manager_goes_to_the_fallback(
    home, register, queued, django_capture_on_commit_callbacks
):
    admin = UserFactory(role=Role.ADMIN, municipality=home)
    HotlineSettings.objects.create(municipality=home, fallback_email="akut@aarhus.example")
    with django_capture_on_commit_callbacks(execute=True):
        register(None, caller_details="Ukendt")
    assert [sorted(m.to) for m in mail.outbox] == [sorted([admin.email, "akut@aarhus.example"])]
    assert Notification.objects.filter(user=admin).exists()


def test_family_without_consultant_is_routed_to_the_managers(home, register, queued):
    manager = UserFactory(role=Role.MANAGER, municipality=home)
    call = register(FamilyFactory(municipality=home, consultant=False))
    assert call.follow_up.owner is None
    assert Notification.objects.filter(user=manager).exists()


def test_the_same_form_registers_one_call(team, register, queued, on_call):
    key = uuid.uuid4()
    first = register(team[2], idempotency_key=key)
    again = register(team[2], idempotency_key=key, advice="Sent again after an outage")
    assert again == first
    assert HotlineCall.objects.count() == 1
    assert FollowUp.objects.count() == 1
    assert register(team[2], idempotency_key=uuid.uuid4()) != first


def test_another_users_form_key_is_refused(team, register, queued, home):
    key = uuid.uuid4()
    register(team[2], idempotency_key=key)
    other = UserFactory(role=Role.ON_CALL, municipality=home)
    with pytest.raises(ValidationError):
        register(team[2], actor=other, idempotency_key=key)
    assert HotlineCall.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_submits_of_one_form_at_once_register_one_call(team, on_call):
    """Two connections: the second waits for the first's commit, then finds its call."""
    from tests.hotline.conftest import CALL, FRIDAY_NIGHT

    key = uuid.uuid4()
    barrier = threading.Barrier(2)
    results = []

    def submit():
        try:
            barrier.wait()
            with transaction.atomic():
                call = services.hotline_call_register(
                    actor=on_call, family=team[2], called_at=FRIDAY_NIGHT,
                    idempotency_key=key, **CALL,
                )  # fmt: skip
                time.sleep(0.3)  # hold the first transaction open
            results.append(call.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2
    assert len(set(results)) == 1
    assert HotlineCall.objects.count() == 1


def test_unknown_family_needs_something_about_the_caller(register, queued):
    with pytest.raises(ValidationError) as error:
        register(None, caller_name="", caller_details=" ")
    assert "caller_details" in error.value.message_dict
    assert not HotlineCall.objects.exists()


def test_call_in_the_future_is_refused(team, register, queued):
    with pytest.raises(ValidationError):
        register(team[2], called_at=timezone.now() + timedelta(hours=1))


def test_family_of_another_municipality_is_refused(register, other_municipality, queued):
    with pytest.raises(ValidationError):
        register(FamilyFactory(municipality=other_municipality))


def test_broker_outage_is_logged_and_swallowed(
    team, register, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from hotline.tasks import send_reminder

    def down(*args, **kwargs):
        raise kombu.exceptions.OperationalError("Error 2 connecting to unix socket")

    monkeypatch.setattr(send_reminder, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        call = register(team[2])
    assert FollowUp.objects.filter(call=call, reminder_sent_at__isnull=True).exists()
    assert "left to the sweep" in caplog.text


def test_absent_owner_hands_the_follow_up_to_the_substitute(team, register, home, queued):
    manager, consultant, family = team
    substitute = UserFactory(role=Role.CONSULTANT, municipality=home)
    services.consultant_absence_record(
        actor=manager,
        consultant=consultant,
        starts_on=date(2026, 3, 16),
        ends_on=date(2026, 3, 20),
        substitute=substitute,
    )
    follow_up = register(family).follow_up
    assert follow_up.owner == substitute
    move = FollowUpReassignment.objects.get(follow_up=follow_up)
    assert (move.from_user, move.to_user, move.by) == (consultant, substitute, None)
