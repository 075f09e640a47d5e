"""hotline/services/reminders.py: reminders sent once when a follow-up falls due
(the claim rolled back when the mail server fails), escalation to the manager when
it is still open after the due day closes, and the sweep that does both."""

from datetime import timedelta

import pytest
from django.core import mail

from fostercare.accounts.models import Role
from fostercare.audit.models import ChangeLog
from hotline import services
from hotline.models import FollowUp, Notification
from tests.factories import FollowUpFactory, UserFactory
from tests.hotline.conftest import FRIDAY_NIGHT, MONDAY_OPENING

pytestmark = pytest.mark.django_db


# --- reminders ----------------------------------------------------------------------------
def test_reminder_is_not_sent_before_due(team, register, queued):
    follow_up = register(team[2]).follow_up
    assert services.follow_up_reminder_send(follow_up_id=follow_up.pk, now=FRIDAY_NIGHT) is False
    assert mail.outbox == []


def test_reminder_is_sent_once_in_danish_with_a_notification(team, register, queued):
    _manager, consultant, family = team
    follow_up = register(family).follow_up
    assert services.follow_up_reminder_send(follow_up_id=follow_up.pk, now=MONDAY_OPENING)
    assert services.follow_up_reminder_send(follow_up_id=follow_up.pk, now=MONDAY_OPENING) is False
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [consultant.email]
    assert message.subject == "Følg op på et opkald til akuttelefonen: Familien Juhl"
    assert message.extra_headers["X-Hotline-Follow-Up"] == str(follow_up.public_id)
    assert f"/akuttelefon/opkald/{follow_up.call.public_id}/" in message.body
    follow_up.refresh_from_db()
    assert follow_up.reminder_sent_at == MONDAY_OPENING
    assert Notification.objects.get(user=consultant).read_at is None
    assert ChangeLog.objects.filter(
        changes__reminder_sent_at__isnull=False, actor__isnull=True
    ).exists()


def test_failing_mail_server_rolls_back_the_claim(team, register, queued, monkeypatch):
    follow_up = register(team[2]).follow_up

    def broken(self, messages):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING) == 0
    follow_up.refresh_from_db()
    assert follow_up.reminder_sent_at is None  # the next sweep tries again
    assert not Notification.objects.exists()


def test_one_refused_address_does_not_hold_back_the_others(home, queued, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    due = FollowUpFactory.create_batch(4, due_at=MONDAY_OPENING - timedelta(minutes=1))
    bad = due[2].owner.email
    send = EmailBackend.send_messages

    def refuse_one(self, messages):
        if any(bad in m.to for m in messages):
            raise OSError(f"550 {bad}: no such user")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_one)
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING, batch_size=10) == 3
    unsent = FollowUp.objects.filter(reminder_sent_at__isnull=True)
    assert list(unsent) == [due[2]]
    assert len(mail.outbox) == 3


def test_sweep_sends_every_due_unsent_reminder_in_batches(home, queued):
    due = FollowUpFactory.create_batch(7, due_at=MONDAY_OPENING - timedelta(minutes=1))
    FollowUpFactory(due_at=MONDAY_OPENING + timedelta(minutes=1))  # not yet
    FollowUpFactory(due_at=MONDAY_OPENING, reminder_sent_at=MONDAY_OPENING)  # already sent
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING, batch_size=3) == 7
    assert sorted(m.extra_headers["X-Hotline-Follow-Up"] for m in mail.outbox) == sorted(
        str(f.public_id) for f in due
    )


def test_unassigned_due_reminder_goes_to_the_managers(home, register, queued):
    manager = UserFactory(role=Role.MANAGER, municipality=home)
    call = register(None, caller_details="Ukendt familie")
    mail.outbox.clear()
    services.follow_up_reminders_send_due(now=MONDAY_OPENING)
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert call.follow_up.public_id is not None


def test_no_reminder_for_a_follow_up_done_before_it_fell_due(team, register, queued):
    _manager, consultant, family = team
    follow_up = register(family).follow_up
    services.follow_up_complete(actor=consultant, follow_up=follow_up, outcome="no_action")
    assert services.follow_up_reminder_send(follow_up_id=follow_up.pk, now=MONDAY_OPENING) is False
    assert services.hotline_sweep(now=MONDAY_OPENING + timedelta(days=1)) == {
        "reminders": 0,
        "escalations": 0,
    }
    assert mail.outbox == []


# --- escalation -----------------------------------------------------------------------------
def test_escalates_to_the_manager_after_the_due_day_closes(team, register, queued):
    manager, _consultant, family = team
    follow_up = register(family).follow_up
    before_close = MONDAY_OPENING.replace(hour=14, minute=59)
    assert services.follow_ups_escalate_due(now=before_close) == 0
    after_close = MONDAY_OPENING.replace(hour=15)
    assert services.follow_ups_escalate_due(now=after_close) == 1
    assert services.follow_ups_escalate_due(now=after_close) == 0
    assert [m.to for m in mail.outbox] == [[manager.email]]
    follow_up.refresh_from_db()
    assert follow_up.escalated_at == after_close


def test_done_follow_ups_do_not_escalate(team, register, queued):
    _manager, consultant, family = team
    follow_up = register(family).follow_up
    services.follow_up_complete(actor=consultant, follow_up=follow_up, outcome="contacted")
    assert services.follow_ups_escalate_due(now=MONDAY_OPENING + timedelta(days=1)) == 0


def test_escalation_can_be_switched_off(team, register, queued, settings):
    settings.HOTLINE_ESCALATE = False
    register(team[2])
    assert services.hotline_sweep(now=MONDAY_OPENING + timedelta(days=1)) == {
        "reminders": 1,
        "escalations": 0,
    }
