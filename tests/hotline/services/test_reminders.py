"""hotline/services/reminders.py: each reminder claimed, sent and marked on its own,
with a stable Message-ID; refused addresses retried with backoff, then given up and
the manager told; a reminder nobody can receive never marked sent; escalation to the
manager when a follow-up is still open after its due day closes.

Most tests send to a real SMTP server on localhost (``smtp_server``) that refuses
mailboxes and ends connections the way real servers do."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import OperationalError

from fostercare.accounts.models import Role
from fostercare.audit.models import ChangeLog
from hotline import services
from hotline.models import FollowUp, HotlineSettings, Notification, ReminderStatus
from hotline.services import reminders
from hotline.services.messages import Mailer
from tests.factories import FamilyFactory, FollowUpFactory, UserFactory
from tests.hotline.conftest import FRIDAY_NIGHT, MONDAY_OPENING

pytestmark = pytest.mark.django_db
DUE = MONDAY_OPENING - timedelta(minutes=1)


@pytest.fixture
def fast_retries(settings):
    settings.HOTLINE_REMINDER_RETRY_SECONDS = 60
    settings.HOTLINE_REMINDER_RETRY_MAX_SECONDS = 600
    settings.HOTLINE_REMINDER_MAX_ATTEMPTS = 3


def reminder_id(follow_up) -> str:
    return f"<followup-{follow_up.public_id}.reminder@localhost>"


# --- sending once --------------------------------------------------------------------------
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
    assert message.extra_headers["Message-ID"] == reminder_id(follow_up)
    assert f"/akuttelefon/opkald/{follow_up.call.public_id}/" in message.body
    follow_up.refresh_from_db()
    assert follow_up.reminder_sent_at == MONDAY_OPENING
    assert follow_up.reminder_status == ReminderStatus.SENT
    assert follow_up.send_lease_until is None
    assert Notification.objects.get(user=consultant).read_at is None
    assert ChangeLog.objects.filter(
        changes__reminder_sent_at__isnull=False, actor__isnull=True
    ).exists()


def test_sweep_sends_every_due_unsent_reminder(home, smtp_server):
    due = FollowUpFactory.create_batch(7, due_at=DUE)
    FollowUpFactory(due_at=MONDAY_OPENING + timedelta(minutes=1))  # not yet
    FollowUpFactory(due_at=MONDAY_OPENING, reminder_sent_at=MONDAY_OPENING)  # already sent
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING) == 7
    assert sorted(smtp_server.ids()) == sorted(reminder_id(f) for f in due)
    assert smtp_server.connections == 1  # one connection for the whole run


def test_a_server_ending_connections_with_421_gets_each_reminder_once(home, smtp_server):
    smtp_server.per_connection = 3
    due = FollowUpFactory.create_batch(8, due_at=DUE)
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING) == 8
    assert smtp_server.ids() == {reminder_id(f): 1 for f in due}
    assert smtp_server.closed_421 == 2
    assert not FollowUp.objects.filter(reminder_sent_at__isnull=True).exists()


def test_a_failure_of_one_message_never_unmarks_or_resends_another(home, smtp_server, monkeypatch):
    due = FollowUpFactory.create_batch(5, due_at=DUE)
    send = Mailer.send
    calls = []

    def breaks_on_the_third(self, email):
        calls.append(email)
        if len(calls) == 3:
            raise RuntimeError("the process fell over")
        return send(self, email)

    monkeypatch.setattr(Mailer, "send", breaks_on_the_third)
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING) == 4
    broken = FollowUp.objects.get(reminder_sent_at__isnull=True)
    assert broken == due[2]
    assert (broken.reminder_attempts, broken.send_lease_until) == (1, None)
    assert "RuntimeError" in broken.reminder_error
    assert smtp_server.ids() == {reminder_id(f): 1 for f in due if f != due[2]}
    # The next sweep, after the backoff, sends only that one.
    monkeypatch.setattr(Mailer, "send", send)
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING + timedelta(minutes=5)) == 1
    assert smtp_server.ids() == {reminder_id(f): 1 for f in due}


def test_mail_server_down_keeps_the_reminder_and_stops_the_run(home, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    due = FollowUpFactory.create_batch(3, due_at=DUE)
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING) == 0
    tried = FollowUp.objects.exclude(reminder_error="")
    assert list(tried) == [due[0]]  # the run stopped at the first: the server is down
    assert tried.get().reminder_attempts == 0  # not the address's fault: not counted
    assert tried.get().reminder_retry_at == MONDAY_OPENING + timedelta(minutes=1)
    assert not FollowUp.objects.filter(reminder_sent_at__isnull=False).exists()
    assert not Notification.objects.exists()
    assert not FollowUp.objects.filter(send_lease_until__isnull=False).exists()


# --- refused addresses ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("mailbox", "reply"),
    [("refuse", "550 5.1.1"), ("busy", "450 4.2.1")],
    ids=["550 permanent", "450 temporary"],
)
def test_refused_address_is_retried_with_backoff_then_the_manager_is_told(
    home, smtp_server, fast_retries, mailbox, reply
):
    manager = UserFactory(role=Role.MANAGER, municipality=home)
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home, manager=manager)
    family = FamilyFactory(municipality=home, consultant=consultant)
    refused = FollowUpFactory(call__family=family, due_at=DUE)
    others = FollowUpFactory.create_batch(2, due_at=DUE)
    getattr(smtp_server, mailbox).add(consultant.email)

    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING) == 2
    refused.refresh_from_db()
    assert refused.reminder_status == ReminderStatus.RETRYING
    assert refused.reminder_attempts == 1
    assert refused.reminder_error.startswith(f"{consultant.email}: {reply}")
    assert refused.reminder_retry_at == MONDAY_OPENING + timedelta(minutes=1)
    # Not again before the backoff; then after 1 and 2 more minutes.
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING + timedelta(seconds=59)) == 0
    later = MONDAY_OPENING + timedelta(minutes=1)
    assert services.follow_up_reminders_send_due(now=later) == 0
    refused.refresh_from_db()
    assert (refused.reminder_attempts, refused.reminder_retry_at) == (
        2,
        later + timedelta(minutes=2),
    )
    given_up = later + timedelta(minutes=2)
    assert services.hotline_sweep(now=given_up) == {
        "reminders": 0,
        "undelivered": 1,
        "escalations": 0,
    }
    refused.refresh_from_db()
    assert refused.reminder_status == ReminderStatus.FAILED
    assert (refused.reminder_failed_at, refused.reminder_failure_reported_at) == (
        given_up,
        given_up,
    )
    assert refused.has_delivery_problem
    ids = smtp_server.ids()
    assert ids[f"<followup-{refused.public_id}.undelivered@localhost>"] == 1
    assert reminder_id(refused) not in ids
    assert sorted(ids) == sorted(
        [f"<followup-{refused.public_id}.undelivered@localhost>", *map(reminder_id, others)]
    )
    report = next(m for m in smtp_server.messages() if m.follow_up == str(refused.public_id))
    assert report.to == (manager.email,)
    assert report.subject.startswith("Påmindelse om akuttelefonen kunne ikke leveres")
    assert Notification.objects.filter(user=manager).count() == 1
    # Never again: not the reminder, not the report.
    assert services.hotline_sweep(now=given_up + timedelta(hours=1))["undelivered"] == 0
    assert len(smtp_server.messages()) == 3


def test_backoff_doubles_up_to_the_maximum(settings):
    settings.HOTLINE_REMINDER_RETRY_SECONDS = 60
    settings.HOTLINE_REMINDER_RETRY_MAX_SECONDS = 600
    assert [reminders._backoff(n).total_seconds() for n in range(1, 7)] == [
        60,
        120,
        240,
        480,
        600,
        600,
    ]


def test_one_of_several_recipients_refused_still_counts_as_sent(home, smtp_server):
    managers = UserFactory.create_batch(2, role=Role.MANAGER, municipality=home)
    smtp_server.refuse.add(managers[0].email)
    follow_up = FollowUpFactory(call__family=FamilyFactory(municipality=home), due_at=DUE)
    FollowUp.objects.filter(pk=follow_up.pk).update(owner=None)
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING) == 1
    follow_up.refresh_from_db()
    assert follow_up.reminder_status == ReminderStatus.SENT
    assert managers[0].email in follow_up.reminder_error
    assert [m.to for m in smtp_server.messages()] == [(managers[1].email,)]


# --- who receives it -------------------------------------------------------------------------
def test_unassigned_due_reminder_goes_to_the_managers_in_one_email(home, register, queued):
    managers = UserFactory.create_batch(2, role=Role.MANAGER, municipality=home)
    register(None, caller_details="Ukendt familie")
    mail.outbox.clear()
    services.follow_up_reminders_send_due(now=MONDAY_OPENING)
    assert [sorted(m.to) for m in mail.outbox] == [sorted(m.email for m in managers)]
    assert Notification.objects.filter(user__in=managers).count() == 4  # 2 on call, 2 now


def test_inactive_owner_the_manager_gets_the_reminder(team, register, queued):
    manager, consultant, family = team
    follow_up = register(family).follow_up
    consultant.is_active = False
    consultant.save()
    services.follow_up_reminders_send_due(now=MONDAY_OPENING)
    assert [m.to for m in mail.outbox] == [[manager.email]]
    follow_up.refresh_from_db()
    assert follow_up.reminder_without_recipient is False


def test_without_recipient_goes_to_the_fallback_address_and_the_admins(
    home, register, queued, other_municipality
):
    admin = UserFactory(role=Role.ADMIN, municipality=home)
    UserFactory(role=Role.ADMIN, municipality=home, is_active=False)
    UserFactory(role=Role.MANAGER, municipality=other_municipality)
    HotlineSettings.objects.create(municipality=home, fallback_email="akut@aarhus.example")
    follow_up = register(None, caller_details="Ukendt familie").follow_up
    mail.outbox.clear()
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING) == 1
    assert [sorted(m.to) for m in mail.outbox] == [sorted([admin.email, "akut@aarhus.example"])]
    assert mail.outbox[0].subject.startswith("Opfølgning fra akuttelefonen uden modtager")
    follow_up.refresh_from_db()
    assert follow_up.reminder_status == ReminderStatus.SENT
    assert follow_up.reminder_without_recipient is True
    assert follow_up.has_delivery_problem
    assert Notification.objects.filter(user=admin).exists()


def test_nobody_to_receive_it_is_never_marked_sent(home, register, queued):
    follow_up = register(None, caller_details="Ukendt familie").follow_up
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING) == 0
    follow_up.refresh_from_db()
    assert follow_up.reminder_sent_at is None
    assert follow_up.reminder_without_recipient is True
    assert "Ingen kan modtage påmindelsen" in follow_up.reminder_error
    assert follow_up.reminder_status == ReminderStatus.RETRYING
    assert mail.outbox == []
    # An admin appears: the next sweep after the wait sends it.
    admin = UserFactory(role=Role.ADMIN, municipality=follow_up.call.municipality)
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING + timedelta(hours=1)) == 1
    assert [m.to for m in mail.outbox] == [[admin.email]]


# --- claims and leases ----------------------------------------------------------------------
def test_a_reminder_another_sender_holds_is_left_to_it_until_its_lease_runs_out(home, settings):
    settings.HOTLINE_SEND_LEASE_SECONDS = 300
    follow_up = FollowUpFactory(due_at=DUE, send_lease_until=MONDAY_OPENING + timedelta(minutes=5))
    assert services.follow_up_reminder_send(follow_up_id=follow_up.pk, now=MONDAY_OPENING) is False
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING) == 0
    # That sender died: after its lease the reminder goes, with the same Message-ID.
    after = MONDAY_OPENING + timedelta(minutes=5)
    assert services.follow_up_reminders_send_due(now=after) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == reminder_id(follow_up)


def test_a_sender_whose_lease_was_taken_over_marks_nothing(home, monkeypatch):
    follow_up = FollowUpFactory(due_at=DUE)
    original = reminders._claim

    def slow_sender(queryset, *, now, limit):
        claimed = original(queryset, now=now, limit=limit)
        # Meanwhile its lease ran out and another sender claimed the row.
        FollowUp.objects.filter(pk=follow_up.pk).update(send_lease_until=now + timedelta(hours=1))
        return claimed

    monkeypatch.setattr(reminders, "_claim", slow_sender)
    assert services.follow_up_reminder_send(follow_up_id=follow_up.pk, now=MONDAY_OPENING) is False
    follow_up.refresh_from_db()
    assert follow_up.reminder_sent_at is None  # the other sender marks it
    assert not Notification.objects.exists()


def test_a_sender_sends_nothing_its_lease_could_not_cover(home, settings):
    """Sending and marking could take two mail timeouts and the database wait; a lease
    shorter than that could run out mid-send and let another sender send it too."""
    settings.EMAIL_TIMEOUT = 30
    settings.HOTLINE_DB_RETRY_SECONDS = 60
    settings.HOTLINE_SEND_LEASE_SECONDS = 100
    FollowUpFactory.create_batch(3, due_at=DUE)
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING) == 0
    assert mail.outbox == []
    assert not FollowUp.objects.filter(send_lease_until__isnull=False).exists()  # given back


@pytest.mark.django_db(transaction=True)
def test_a_database_restart_before_the_mark_is_waited_out(home, monkeypatch, settings):
    """The e-mail was accepted; the mark's first try finds the database gone."""
    settings.HOTLINE_DB_RETRY_SECONDS = 5
    follow_up = FollowUpFactory(due_at=DUE)
    create = Notification.objects.bulk_create
    failures = []

    def once_down(objs, *args, **kwargs):
        if not failures:
            failures.append(1)
            raise OperationalError("terminating connection due to administrator command")
        return create(objs, *args, **kwargs)

    monkeypatch.setattr(Notification.objects, "bulk_create", once_down)
    assert services.follow_up_reminders_send_due(now=MONDAY_OPENING) == 1
    assert failures == [1]
    assert len(mail.outbox) == 1
    follow_up.refresh_from_db()
    assert follow_up.reminder_sent_at == MONDAY_OPENING
    assert Notification.objects.count() == 1


def test_no_reminder_for_a_follow_up_done_before_it_fell_due(team, register, queued):
    _manager, consultant, family = team
    follow_up = register(family).follow_up
    services.follow_up_complete(actor=consultant, follow_up=follow_up, outcome="no_action")
    assert services.follow_up_reminder_send(follow_up_id=follow_up.pk, now=MONDAY_OPENING) is False
    assert services.hotline_sweep(now=MONDAY_OPENING + timedelta(days=1)) == {
        "reminders": 0,
        "undelivered": 0,
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
    assert mail.outbox[0].extra_headers["Message-ID"] == (
        f"<followup-{follow_up.public_id}.escalation@localhost>"
    )
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
        "undelivered": 0,
        "escalations": 0,
    }
