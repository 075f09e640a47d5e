"""Benchmark: registering a hotline call, and the sweep sending 10,000 reminders.

    .venv/bin/python -m tests.benchmarks.hotline [--calls 200] [--reminders 10000] [--file-mail]

Creates a throw-away test database (like the test suite). First it posts the call
form N times through Django's test client as an on-call responder (server side:
form, service, audit rows, the reminder task published to the real broker on a
queue of its own, which is purged afterwards) and prints the median and p95. Then
it puts N due, unsent follow-ups in place and times the sweep that claims them and
sends one e-mail and one in-app notification each (locmem e-mail backend, or the
file backend with ``--file-mail``). Timings are reported, never asserted.
"""

import argparse
import os
import statistics
import tempfile
import time
import uuid
from datetime import date, timedelta


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--file-mail", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fostercare.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.HOTLINE_TASK_QUEUE = f"benchmark-{uuid.uuid4().hex[:8]}"
    if args.file_mail:
        settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
        settings.EMAIL_FILE_PATH = tempfile.mkdtemp(prefix="hotline-mail-")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        on_call, families = _fill()
        _measure_register(on_call, families, args.calls)
        _measure_sweep(families, args.reminders, args.file_mail)
    finally:
        _purge(settings.HOTLINE_TASK_QUEUE)
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _fill(count: int = 1000):
    from families.models import ConsultantAssignment, Family
    from fostercare.accounts.models import Municipality, Role, User

    home = Municipality.objects.get(code="751")
    manager = User.objects.create_user(
        "bench-manager@test.example", "x" * 12, full_name="Leder", role=Role.MANAGER,
        municipality=home,
    )  # fmt: skip
    consultants = [
        User.objects.create_user(
            f"bench{n}@test.example",
            "x" * 12,
            full_name=f"Konsulent {n}",
            role=Role.CONSULTANT,
            municipality=home,
            manager=manager,
        )
        for n in range(20)
    ]
    on_call = User.objects.create_user(
        "bench-vagt@test.example", "x" * 12, full_name="Vagt", role=Role.ON_CALL,
        municipality=home,
    )  # fmt: skip
    families = Family.objects.bulk_create(
        Family(
            municipality=home,
            name=f"Familien {n:05d}",
            street=f"Testvej {n}",
            postal_code="8000",
            city="Aarhus",
            phone=f"{20000000 + n:08d}",
        )
        for n in range(count)
    )
    ConsultantAssignment.objects.bulk_create(
        ConsultantAssignment(family=f, consultant=consultants[n % 20], starts_on=date(2024, 1, 1))
        for n, f in enumerate(families)
    )
    return on_call, families


def _measure_register(on_call, families, runs: int) -> None:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    client = Client()
    client.force_login(on_call)
    form = {
        "caller_name": "Plejemor", "answered_by_organisation": "social_on_call",
        "answered_by_person": "Vagt", "topic": "child_reaction", "advice": "Ro på.",
        "urgency": "normal", "follow_up_needed": "on",
        "called_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }  # fmt: skip
    timings = []
    queries = 0
    for n in range(runs + 1):
        url = reverse("hotline:register_family", kwargs={"public_id": families[n].public_id})
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.post(url, form)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 302, response.status_code
        if n:  # the first request warms up
            timings.append(elapsed)
            queries = len(captured)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"register a call (POST, {runs} runs): {queries} queries, "
          f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms")  # fmt: skip


def _measure_sweep(families, count: int, file_mail: bool) -> None:
    from django.core import mail
    from django.utils import timezone

    from hotline.models import FollowUp, HotlineCall, Notification
    from hotline.services import follow_up_reminders_send_due

    FollowUp.objects.update(reminder_sent_at=timezone.now())  # the register runs' rows
    now = timezone.now()
    registrar = HotlineCall.objects.first().registered_by
    calls = HotlineCall.objects.bulk_create(
        HotlineCall(
            municipality_id=families[0].municipality_id,
            family=families[n % len(families)],
            called_at=now - timedelta(hours=12),
            answered_by_organisation="social_on_call",
            answered_by_person="Vagt",
            topic="child_reaction",
            registered_by=registrar,
        )
        for n in range(count)
    )
    owners = dict(
        families[0]
        .__class__.objects.filter(pk__in=[f.pk for f in families])
        .values_list("pk", "consultant_assignments__consultant_id")
    )
    FollowUp.objects.bulk_create(
        FollowUp(call=c, owner_id=owners[c.family_id], due_at=now - timedelta(minutes=5))
        for c in calls
    )
    mail.outbox = []
    start = time.perf_counter()
    sent = follow_up_reminders_send_due()
    elapsed = time.perf_counter() - start
    emails = len(mail.outbox) if not file_mail else count
    assert sent == count, (sent, count)
    assert Notification.objects.count() >= count
    backend = "file" if file_mail else "locmem"
    print(f"sweep sends {sent} due reminders ({backend} e-mail backend): {elapsed:.1f} s "
          f"({elapsed / sent * 1000:.2f} ms each), e-mails {emails}")  # fmt: skip


def _purge(queue: str) -> None:
    from fostercare.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)


if __name__ == "__main__":
    main()
