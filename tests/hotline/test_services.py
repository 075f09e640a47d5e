from datetime import date, datetime, timedelta

import kombu.exceptions
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from families.services import family_consultant_change
from fostercare.accounts.models import Role
from fostercare.audit.models import ChangeLog
from hotline import services
from hotline.models import FollowUp, FollowUpReassignment, HotlineCall, Notification
from tests.factories import FamilyFactory, FollowUpFactory, UserFactory
from tests.hotline.conftest import CPH, FRIDAY_NIGHT, MONDAY_OPENING

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
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in managers)


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


def test_family_without_consultant_is_routed_to_the_managers(home, register, queued):
    manager = UserFactory(role=Role.MANAGER, municipality=home)
    call = register(FamilyFactory(municipality=home, consultant=False))
    assert call.follow_up.owner is None
    assert Notification.objects.filter(user=manager).exists()


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


def test_recording_an_absence_moves_open_follow_ups_due_in_it(team, register, home, queued):
    manager, consultant, family = team
    follow_up = register(family).follow_up  # due Monday 16 March
    later = register(family, called_at=datetime(2026, 3, 13, 23, tzinfo=CPH)).follow_up
    later.due_at = datetime(2026, 3, 30, 8, tzinfo=CPH)
    later.save()
    substitute = UserFactory(role=Role.CONSULTANT, municipality=home)
    services.consultant_absence_record(
        actor=manager,
        consultant=consultant,
        starts_on=date(2026, 3, 16),
        ends_on=date(2026, 3, 16),
        substitute=substitute,
    )
    follow_up.refresh_from_db()
    later.refresh_from_db()
    assert (follow_up.owner, later.owner) == (substitute, consultant)


def test_absence_substitute_must_be_another_consultant(team):
    manager, consultant, _family = team
    with pytest.raises(ValidationError):
        services.consultant_absence_record(
            actor=manager,
            consultant=consultant,
            starts_on=date(2026, 3, 16),
            ends_on=date(2026, 3, 16),
            substitute=consultant,
        )


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
    with pytest.raises(ValidationError):
        services.follow_up_complete(actor=consultant, follow_up=follow_up, outcome="visit")


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
