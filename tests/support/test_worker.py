"""The overdue-condition reminder end to end with real Celery worker processes and a
real Redis broker: two workers and this process sweeping at once send exactly one
e-mail per condition. Every process writes e-mails with the file backend into one
directory, so the test counts what really went out."""

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from support.models import ConditionReminder
from support.services import support_sweep
from support.tasks import sweep
from tests.conftest import start_worker, stop_worker, worker_env

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
HEADER = re.compile(r"^X-Support-Condition-Reminder: (\S+)$", re.MULTILINE)


def sent_emails(mail_dir: Path) -> list[str]:
    if not mail_dir.exists():
        return []
    return [
        found
        for path in sorted(mail_dir.iterdir())
        for found in HEADER.findall(path.read_text(errors="replace"))
    ]


def wait_for(condition, timeout: float = 60.0, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out: {message}")


def test_two_workers_and_a_sweep_send_each_reminder_exactly_once(
    tmp_path, settings, team, condition_for
):
    mail_dir = tmp_path / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = mail_dir
    _manager, _consultant, family = team
    # Ten days ago: whatever the weekday, the reminder's working day has come.
    start_by = timezone.localdate() - timedelta(days=10)
    conditions = [condition_for(family, start_by=start_by) for _ in range(20)]

    env = worker_env() | {"EMAIL_FILE_PATH": str(mail_dir)}
    workers = [start_worker(tmp_path, env=env), start_worker(tmp_path, env=env)]
    try:
        for _round in range(3):
            for worker in workers:
                sweep.apply_async(queue=worker.queue)
        support_sweep()

        def finished(worker) -> bool:
            return worker.output().count("succeeded in") >= 3

        wait_for(lambda: all(finished(w) for w in workers), 90, workers[0].output())
    finally:
        for worker in workers:
            stop_worker(worker)
    assert "support.sweep" in workers[0].output()
    reminders = ConditionReminder.objects.all()
    assert reminders.count() == len(conditions)
    assert not reminders.filter(sent_at__isnull=True).exists()
    assert sorted(sent_emails(mail_dir)) == sorted(str(r.public_id) for r in reminders)
