"""The reminder path end to end, with real Celery worker processes, real beat and a
real Redis broker: the worker sends at the due time; two workers and the sweep
racing send exactly one e-mail per follow-up; a Redis outage when the call is saved
only delays the reminder.

Every process writes e-mails with the file backend into one directory (the
``EMAIL_FILE_PATH`` environment variable), so the tests count what really went out.
"""

import re
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from fostercare import embedded
from fostercare.accounts.models import Role
from fostercare.workdays.calendar import WorkingCalendar
from hotline.models import FollowUp, HotlineCall
from hotline.services import follow_up_reminders_send_due, hotline_call_register
from hotline.tasks import send_reminder, sweep
from tests.conftest import start_worker, stop_worker, worker_env
from tests.factories import FamilyFactory, FollowUpFactory, UserFactory
from tests.hotline.conftest import CALL, broker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
HEADER = re.compile(r"^X-Hotline-Follow-Up: (\S+)$", re.MULTILINE)


def sent_emails(mail_dir: Path) -> list[str]:
    """The follow-up ids of every e-mail written to ``mail_dir`` (one per e-mail)."""
    if not mail_dir.exists():
        return []
    return [
        found
        for path in sorted(mail_dir.iterdir())
        for found in HEADER.findall(path.read_text(errors="replace"))
    ]


def wait_for(condition, timeout: float = 30.0, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out: {message}")


def due_at_call_time(monkeypatch, delay: timedelta = timedelta(0)) -> None:
    """Make the office 'open' ``delay`` after any call, so a follow-up falls due
    within the test (the real rule is tested in test_due_dates.py)."""
    monkeypatch.setattr(WorkingCalendar, "next_office_opening", lambda self, moment: moment + delay)


@pytest.fixture
def mail_dir(tmp_path, settings):
    """This process writes e-mails where the workers do."""
    path = tmp_path / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = path
    return path


def test_worker_sends_the_reminder_at_the_due_time(tmp_path, mail_dir, settings, monkeypatch, home):
    worker = start_worker(tmp_path, env=worker_env() | {"EMAIL_FILE_PATH": str(mail_dir)})
    try:
        settings.HOTLINE_TASK_QUEUE = worker.queue
        due_at_call_time(monkeypatch, timedelta(seconds=3))
        on_call = UserFactory(role=Role.ON_CALL, municipality=home)
        call = hotline_call_register(actor=on_call, family=FamilyFactory(municipality=home), **CALL)
        follow_up = FollowUp.objects.get(call=call)

        time.sleep(1)
        assert sent_emails(mail_dir) == []  # queued with an ETA, not sent at once
        # Sent, then marked (a transaction of its own, a moment later).
        marked = FollowUp.objects.filter(pk=follow_up.pk, reminder_sent_at__isnull=False)
        wait_for(marked.exists, message=worker.output())
        follow_up.refresh_from_db()
        assert sent_emails(mail_dir) == [str(follow_up.public_id)]
        assert follow_up.reminder_sent_at >= follow_up.due_at
        assert "hotline.send_reminder" in worker.output()
    finally:
        stop_worker(worker)


def test_two_workers_and_the_sweep_send_exactly_one_email_each(tmp_path, mail_dir, home):
    env = worker_env() | {"EMAIL_FILE_PATH": str(mail_dir)}
    workers = [start_worker(tmp_path, env=env), start_worker(tmp_path, env=env)]
    try:
        past = timezone.now() - timedelta(minutes=1)
        family = FamilyFactory(municipality=home)
        follow_ups = FollowUpFactory.create_batch(50, call__family=family, due_at=past)
        # Every reminder is sent to both workers, both workers also run the sweep,
        # and this process sweeps at the same time.
        for worker in workers:
            sweep.apply_async(queue=worker.queue)
        for follow_up in follow_ups:
            for worker in workers:
                send_reminder.apply_async(args=[follow_up.pk], queue=worker.queue)
        follow_up_reminders_send_due()

        def finished(worker) -> bool:
            return worker.output().count("succeeded in") >= len(follow_ups) + 1

        wait_for(lambda: all(finished(w) for w in workers), 60, workers[0].output())
        assert not FollowUp.objects.filter(reminder_sent_at__isnull=True).exists()
        sent = sent_emails(mail_dir)
        assert sorted(sent) == sorted(str(f.public_id) for f in follow_ups)
    finally:
        for worker in workers:
            stop_worker(worker)


def test_beat_runs_the_sweep_for_a_reminder_whose_message_was_lost(
    tmp_path, mail_dir, monkeypatch, home
):
    """No task was ever queued (a lost message): beat's sweep finds the row."""
    follow_up = FollowUpFactory(
        call__family=FamilyFactory(municipality=home),
        due_at=timezone.now() - timedelta(seconds=1),
    )
    env = worker_env() | {"EMAIL_FILE_PATH": str(mail_dir)}
    worker = start_worker(tmp_path, env=env)
    beat_log = tmp_path / "beat.log"
    with beat_log.open("w") as handle:
        beat = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "--app",
                "fostercare",
                "beat",
                "--schedule",
                str(tmp_path / "beat-schedule"),
                "--loglevel",
                "INFO",
            ],
            cwd=django_settings.BASE_DIR,
            env=env | {"HOTLINE_TASK_QUEUE": worker.queue, "HOTLINE_SWEEP_SECONDS": "1"},
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(lambda: sent_emails(mail_dir), 60, beat_log.read_text() + worker.output())
        finally:
            beat.terminate()
            beat.wait(timeout=20)
            stop_worker(worker)
    assert sent_emails(mail_dir) == [str(follow_up.public_id)]
    assert "hotline.sweep" in worker.output()


def test_redis_down_when_the_call_is_saved(tmp_path, mail_dir, monkeypatch, home, client):
    # A unix socket path must stay short: a directory of its own under /tmp.
    workdir = Path(tempfile.mkdtemp(prefix="hl-redis-"))
    socket = workdir / "redis.sock"
    redis_url = f"unix://{socket}"
    redis_process = embedded.start_redis(socket=socket, workdir=workdir, daemonize=False)
    worker = None
    with broker(embedded.broker_url(redis_url)):
        try:
            redis_process.terminate()
            redis_process.wait(timeout=20)

            due_at_call_time(monkeypatch)
            on_call = UserFactory(role=Role.ON_CALL, municipality=home)
            family = FamilyFactory(municipality=home)
            client.force_login(on_call)
            started = time.monotonic()
            response = client.post(
                reverse("hotline:register_family", kwargs={"public_id": family.public_id}),
                {
                    **CALL,
                    "called_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                    "urgency": "normal",
                    "follow_up_needed": "on",
                },
            )
            assert response.status_code == 302, response.content.decode()[:2000]
            assert time.monotonic() - started < 10
            follow_up = FollowUp.objects.get(call__family=family)
            assert follow_up.reminder_sent_at is None
            assert HotlineCall.objects.count() == 1

            redis_process = embedded.start_redis(socket=socket, workdir=workdir, daemonize=False)
            env = worker_env() | {"REDIS_URL": redis_url, "EMAIL_FILE_PATH": str(mail_dir)}
            worker = start_worker(tmp_path, env=env)
            sweep.apply_async(queue=worker.queue)
            wait_for(lambda: sent_emails(mail_dir), 30, worker.output())
            assert sent_emails(mail_dir) == [str(follow_up.public_id)]
        finally:
            if worker is not None:
                stop_worker(worker)
            if redis_process.poll() is None:
                redis_process.terminate()
                redis_process.wait(timeout=20)


def test_a_worker_holding_a_reminder_survives_a_redis_outage(tmp_path, mail_dir, home):
    """Redis stops while the worker holds an unacknowledged ETA reminder (what made
    celery 5.7.0 exit with "Unrecoverable error: AttributeError ... 'hostname'"); when
    Redis is back, the same worker process sends the next reminder."""
    workdir = Path(tempfile.mkdtemp(prefix="hl-redis-"))
    socket = workdir / "redis.sock"
    redis_url = f"unix://{socket}"
    redis_process = embedded.start_redis(socket=socket, workdir=workdir, daemonize=False)
    env = worker_env() | {"REDIS_URL": redis_url, "EMAIL_FILE_PATH": str(mail_dir)}
    worker = None
    with broker(embedded.broker_url(redis_url)):
        try:
            worker = start_worker(tmp_path, env=env)
            later = FollowUpFactory(
                call__family=FamilyFactory(municipality=home),
                due_at=timezone.now() + timedelta(hours=1),
            )
            send_reminder.apply_async(args=[later.pk], eta=later.due_at, queue=worker.queue)
            wait_for(lambda: "received" in worker.output(), 30, worker.output())

            redis_process.terminate()
            redis_process.wait(timeout=20)
            wait_for(lambda: "Connection to broker lost" in worker.output(), 30, worker.output())
            time.sleep(3)  # a few failed reconnects
            redis_process = embedded.start_redis(socket=socket, workdir=workdir, daemonize=False)

            due = FollowUpFactory(
                call__family=FamilyFactory(municipality=home),
                due_at=timezone.now() - timedelta(seconds=1),
            )
            send_reminder.apply_async(args=[due.pk], queue=worker.queue)
            wait_for(lambda: sent_emails(mail_dir), 60, worker.output())
            assert sent_emails(mail_dir) == [str(due.public_id)]
            assert worker.process.poll() is None, worker.output()
            assert "Unrecoverable error" not in worker.output()
        finally:
            if worker is not None:
                stop_worker(worker)
            if redis_process.poll() is None:
                redis_process.terminate()
                redis_process.wait(timeout=20)
