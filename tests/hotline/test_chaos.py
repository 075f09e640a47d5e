"""The chaos test: hotline calls registered over HTTP by several threads while the
services fail, and every reminder must arrive exactly once.

Real PostgreSQL (the embedded one, restarted), a real Redis of the test's own
(stopped for 30 s), real Celery workers (one killed with SIGKILL in the middle of a
sweep) and beat (killed and started again), gunicorn, and a real SMTP server
(``tests/hotline/smtp.py``) that refuses one consultant's mailbox, ends every
connection after a few messages with ``421`` and takes its time over each recipient.
All calls are about nights three weeks ago, so every reminder is due at once.

The SIGKILL and the PostgreSQL restart are triggered by the SMTP server at a known
point of a sweep's conversation: at ``RCPT`` of a message after ``FAULT_AT`` messages
on one connection (only a sweep sends that many over one connection). The one window
that stays at-least-once (the server accepted a message, the sender dies before its
mark commits) is milliseconds wide and is described in hotline/services/reminders.py;
a kill at a random moment would land in it now and then, and the test would be flaky
instead of telling.

Counted from what the SMTP server received: 0 reminders lost, 0 delivered twice (by
Message-ID), every refused reminder given up and reported to the manager, 0 HTTP 500.
The report (counts, faults, due → sent delay) is printed; run with ``-s`` to see it.
"""

import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import timedelta
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.db import InterfaceError, OperationalError, connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fostercare import embedded
from fostercare.accounts.models import Role
from hotline.models import FollowUp, HotlineCall, HotlineSettings, Notification
from tests.conftest import start_worker, stop_worker, worker_env
from tests.factories import FamilyFactory, UserFactory
from tests.hotline.conftest import broker, reset_broker_pools
from tests.hotline.smtp import FakeSMTP, free_port

pytestmark = [
    pytest.mark.integration,
    pytest.mark.chaos,
    pytest.mark.django_db(transaction=True),
]

CALLS = 504
THREADS = 8
RATE = 12.0  # calls a second, all threads together, at most
REDIS_DOWN_AT, REDIS_DOWN_FOR = 4.0, 30.0
FAULT_AT = 6  # kill / restart at RCPT of the 7th message on one connection
SMTP_PER_CONNECTION = 20
WORKER_ENV = {
    "EMAIL_TIMEOUT": "3",
    "HOTLINE_REMINDER_RETRY_SECONDS": "1",
    "HOTLINE_REMINDER_RETRY_MAX_SECONDS": "4",
    "HOTLINE_REMINDER_MAX_ATTEMPTS": "3",
    "HOTLINE_SEND_LEASE_SECONDS": "20",
    "HOTLINE_DB_RETRY_SECONDS": "10",
    "HOTLINE_SWEEP_SECONDS": "2",
    # The calls are three weeks old, so every follow-up would also escalate at once:
    # twice the mail, none of it a reminder. Escalations go through the same
    # claim-send-mark (tests/hotline/services/test_reminders.py).
    "HOTLINE_ESCALATE": "false",
}


# --- the pieces -------------------------------------------------------------------------------
def form_fields(html: str) -> dict[str, str]:
    """The fields a browser sends from the first form of the page's main content."""
    html = html[html.find("<main") :].split("</form>")[0]
    found: dict[str, str] = {}
    pattern = (
        r"<input\b([^>]*)>|<textarea\b([^>]*)>(.*?)</textarea>|<select\b([^>]*)>(.*?)</select>"
    )
    for match in re.finditer(pattern, html, re.S):
        attrs = match[1] or match[2] or match[4]
        name = re.search(r'name="([^"]*)"', attrs)
        if not name:
            continue
        if match[2] is not None:
            found[name[1]] = unescape(match[3])
        elif match[4] is not None:
            chosen = re.search(r'<option value="([^"]*)" selected', match[5])
            found[name[1]] = unescape(chosen[1]) if chosen else ""
        elif 'type="checkbox"' in attrs:
            if " checked" in attrs:
                found[name[1]] = "on"
        elif 'type="submit"' not in attrs:
            value = re.search(r'value="([^"]*)"', attrs)
            found[name[1]] = unescape(value[1]) if value else ""
    return found


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One responder's browser: a session cookie, the CSRF cookie, no redirects."""

    def __init__(self, base: str, session: str):
        self.base = base
        self.cookies = {django_settings.SESSION_COOKIE_NAME: session}
        self.opener = urllib.request.build_opener(_NoRedirect)

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        request = urllib.request.Request(  # noqa: S310 - the live server's http:// URL
            self.base + path, data=urlencode(data).encode() if data is not None else None
        )
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            with self.opener.open(request, timeout=60) as response:
                status, body, headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            with error:
                status, body, headers = error.code, error.read(), error.headers
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            return 0, str(error)
        for cookie in headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";")[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return status, body.decode(errors="replace")


def client_pid(port: int, pids: list[int]) -> int | None:
    """Which of ``pids`` holds the TCP connection whose local port is ``port``."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    for pid in pids:
        try:
            descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for descriptor in descriptors:
            try:
                if os.readlink(descriptor) in inodes:
                    return pid
            except OSError:
                continue
    return None


def restart_postgres() -> None:
    """``pg_ctl restart -m fast``: every connection is cut, the server comes back."""
    from fostercare.embedded import _import_pgserver

    pgserver = _import_pgserver()
    pgdata = Path(django_settings.VAR_DIR) / "postgres"
    user = "pgserver" if os.geteuid() == 0 else None
    pgserver.pg_ctl(
        ["-w", "-t", "60", "-m", "fast", "-l", str(pgdata / "log"), "restart"],
        pgdata=pgdata,
        user=user,
    )


def start_beat(tmp_path: Path, env: dict, number: int) -> subprocess.Popen:
    log = (tmp_path / f"beat-{number}.log").open("w")
    with log:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "--app", "fostercare", "beat", "--loglevel", "INFO",
             "--schedule", str(tmp_path / "beat-schedule")],
            cwd=django_settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip


def start_web(tmp_path: Path, env: dict) -> tuple[subprocess.Popen, str]:
    """The web app as in production: gunicorn, two processes of four threads."""
    port = free_port()
    log = (tmp_path / "web.log").open("w")
    with log:
        web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "fostercare.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--threads", "4", "--error-logfile", "-"],
            cwd=django_settings.BASE_DIR, env=env | {"DEBUG": "false"}, stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if web.poll() is not None:
            raise RuntimeError((tmp_path / "web.log").read_text())
        try:
            with urllib.request.urlopen(url + "/log-ind/", timeout=2):  # noqa: S310
                return web, url
        except OSError:
            time.sleep(0.2)
    web.kill()
    raise RuntimeError("gunicorn did not answer within 60 s")


def db_retry(read, default=None):
    """A read from the test process that rides out the PostgreSQL restart."""
    for _ in range(50):
        try:
            return read()
        except (OperationalError, InterfaceError):
            connection.close()
            time.sleep(0.5)
    return default


class Faults:
    """The faults, triggered at RCPT of the SMTP conversation, and when they happened."""

    def __init__(self):
        self.workers: list = []
        self.events: list[tuple[float, str]] = []
        self.at: dict[str, object] = {}  # event -> wall-clock time
        self.kill = threading.Event()
        self.killed = threading.Event()
        self.restart = threading.Event()
        self.restarting = threading.Event()  # the responders' last calls wait for it
        self.restarted = threading.Event()
        self.started = time.monotonic()
        self.errors: list[BaseException] = []
        self.killed_pid = 0
        self.stop = threading.Event()  # the registering threads stop (a failed test)

    def note(self, text: str) -> None:
        self.events.append((round(time.monotonic() - self.started, 1), text))
        self.at[text] = timezone.now()

    def on_rcpt(self, peer, sent_on_connection: int, address: str) -> None:
        if sent_on_connection < FAULT_AT or not (self.kill.is_set() or self.restart.is_set()):
            return
        pid = client_pid(peer[1], [w.process.pid for w in self.workers])
        if pid is None:
            return  # not a worker's sweep (the web's notices)
        if self.kill.is_set():
            self.kill.clear()
            os.kill(pid, signal.SIGKILL)
            self.killed_pid = pid
            self.note(f"worker {pid} killed (SIGKILL) at RCPT of message {sent_on_connection + 1}")
            self.killed.set()
        elif self.restart.is_set():
            self.restart.clear()
            self.note(f"PostgreSQL restarting at RCPT of message {sent_on_connection + 1}")
            self.restarting.set()
            threading.Thread(target=self._restart_postgres, daemon=True).start()

    def _restart_postgres(self) -> None:
        try:
            restart_postgres()
            self.note("PostgreSQL restarted")
        except BaseException as error:
            self.errors.append(error)
        finally:
            self.restarted.set()


def register_calls(browser: Browser, paths: list[str], name: str, statuses: Counter, lock,
                   failures: list, interval: float, stop: threading.Event,
                   restarting: threading.Event) -> None:  # fmt: skip
    """Register one call per path through the form, as a responder would; a 503 page is
    sent again (its form holds what was typed) after a pause, like pressing "Try again".
    The last quarter of the calls waits (a minute at most) until PostgreSQL restarts, so
    that calls are being registered while it does, however long the earlier faults took;
    the backlog of reminders from the Redis outage keeps the sweeps going meanwhile."""
    night = timezone.localtime() - timedelta(days=21)
    called_at = night.replace(hour=23, minute=0).strftime("%Y-%m-%dT%H:%M")
    next_start = time.monotonic()
    for number, path in enumerate(paths):
        if stop.is_set():
            return
        if number == len(paths) * 3 // 4 and not restarting.is_set():
            restarting.wait(60)
            next_start = time.monotonic()
        time.sleep(max(0.0, next_start - time.monotonic()))
        next_start += interval
        while True:
            status, html = browser.request(path)
            with lock:
                statuses[f"GET {status}"] += 1
            if status == 200 or stop.is_set():
                break
            time.sleep(0.5)
        data = form_fields(html) | {
            "called_at": called_at,
            "caller_name": f"Opkald {name}-{number}",
            "caller_relation": "Plejemor",
            "caller_details": f"Ukendt familie, opkald {name}-{number}",
            "answered_by_organisation": "social_on_call",
            "answered_by_person": "Kim Vagt",
            "topic": "child_reaction",
            "topic_text": f"Situation {name}-{number}",
            "advice": f"Råd {name}-{number}: ro på",
            "urgency": "normal",
            "follow_up_needed": "on",
        }
        if "caller_details" not in form_fields(html):
            del data["caller_details"]
        for _attempt in range(200):
            if stop.is_set():
                return
            status, html = browser.request(path, data)
            with lock:
                statuses[f"POST {status}"] += 1
            if status == 302:
                break
            if status == 503:  # "could not be saved": send its form again
                data = form_fields(html)
            elif status != 0:
                failures.append((name, number, status, html[:500]))
                break
            time.sleep(0.5)
        else:
            failures.append((name, number, "gave up", ""))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# --- the test ------------------------------------------------------------------------------
def test_every_reminder_exactly_once_through_outages(tmp_path, settings, home, other_municipality):
    if os.environ.get("DATABASE_URL"):
        pytest.skip("restarts the embedded PostgreSQL; DATABASE_URL points elsewhere")
    # People: Aarhus has a manager, five consultants (one mailbox the server refuses)
    # and 24 families; Odense has no manager, so its unknown-family calls have no
    # recipient and go to its fallback address and admin.
    manager = UserFactory(role=Role.MANAGER, municipality=home, email="leder@aarhus.example")
    consultants = [
        UserFactory(role=Role.CONSULTANT, municipality=home, manager=manager,
                    email=f"konsulent{n}@aarhus.example")
        for n in range(4)
    ]  # fmt: skip
    refused = UserFactory(
        role=Role.CONSULTANT, municipality=home, manager=manager, email="lukket@aarhus.example"
    )
    families = [
        FamilyFactory(municipality=home, consultant=refused if n % 8 == 7 else consultants[n % 4])
        for n in range(24)
    ]
    odense_admin = UserFactory(role=Role.ADMIN, municipality=other_municipality)
    HotlineSettings.objects.create(
        municipality=other_municipality, fallback_email="akut@odense.example"
    )
    responders = [UserFactory(role=Role.ON_CALL, municipality=home) for _ in range(THREADS - 1)]
    responders.append(UserFactory(role=Role.ON_CALL, municipality=other_municipality))

    smtp = FakeSMTP(refuse={refused.email}, per_connection=SMTP_PER_CONNECTION, rcpt_delay=0.01)
    faults = Faults()
    smtp.on_rcpt = faults.on_rcpt
    smtp.start()

    workdir = Path(tempfile.mkdtemp(prefix="hl-chaos-"))
    redis_socket = workdir / "redis.sock"
    redis_url = f"unix://{redis_socket}"
    redis_process = embedded.start_redis(socket=redis_socket, workdir=workdir, daemonize=False)
    queue = f"chaos-{os.getpid()}"
    env = worker_env() | WORKER_ENV | {
        "REDIS_URL": redis_url, "EMAIL_URL": smtp.url(), "HOTLINE_TASK_QUEUE": queue,
    }  # fmt: skip
    beat = web = None
    threads: list[threading.Thread] = []
    statuses: Counter[str] = Counter()
    failures: list = []
    lock = threading.Lock()
    try:
        with broker(embedded.broker_url(redis_url)):
            faults.workers = [start_worker(tmp_path, env=env, queue=queue) for _ in range(2)]
            beat = start_beat(tmp_path, env, 1)
            web, web_url = start_web(tmp_path, env)

            # Several responders register calls through the pages.
            per_thread = CALLS // THREADS
            for number, responder in enumerate(responders):
                client = Client()
                client.force_login(responder)
                browser = Browser(web_url, client.cookies[settings.SESSION_COOKIE_NAME].value)
                if responder.municipality_id == home.pk:
                    paths = [
                        reverse("hotline:register_family",
                                kwargs={"public_id": families[(number * 7 + n) % 24].public_id})
                        for n in range(per_thread)
                    ]  # fmt: skip
                else:
                    paths = [reverse("hotline:register_unknown")] * per_thread
                threads.append(threading.Thread(
                    target=register_calls,
                    args=(browser, paths, f"T{number}", statuses, lock, failures, THREADS / RATE,
                      faults.stop, faults.restarting),
                ))  # fmt: skip
            faults.started = time.monotonic()
            for thread in threads:
                thread.start()

            # Redis away for 30 s: calls are still saved, their reminders left to the sweep.
            time.sleep(REDIS_DOWN_AT)
            redis_process.terminate()
            redis_process.wait(timeout=20)
            faults.note("Redis stopped")
            time.sleep(REDIS_DOWN_FOR)
            redis_process = embedded.start_redis(
                socket=redis_socket, workdir=workdir, daemonize=False
            )
            faults.note("Redis started again")
            reset_broker_pools()  # this process's own, for the pings below

            # A worker killed with SIGKILL in the middle of a sweep; a new one takes its place.
            faults.kill.set()
            assert faults.killed.wait(60), "no sweep sent enough messages to kill a worker in it"
            dead = next(w for w in faults.workers if w.process.pid == faults.killed_pid)
            dead.process.wait(timeout=30)
            stop_worker(dead)
            faults.workers = [w for w in faults.workers if w is not dead]
            faults.workers.append(start_worker(tmp_path, env=env, queue=queue))
            faults.note("a new worker started")

            # PostgreSQL restarts in the middle of a sweep.
            faults.restart.set()
            assert faults.restarted.wait(90), "no sweep sent enough messages to restart PostgreSQL"
            assert not faults.errors, faults.errors

            # Beat killed and started again.
            beat.kill()
            beat.wait()
            faults.note("beat killed with SIGKILL")
            time.sleep(1)
            beat = start_beat(tmp_path, env, 2)
            faults.note("beat started again")

            for thread in threads:
                thread.join(timeout=300)
            faults.note("every call registered")

            def open_work() -> int:
                connection.close()
                return FollowUp.objects.filter(
                    reminder_sent_at__isnull=True, reminder_failure_reported_at__isnull=True
                ).count()

            deadline = time.monotonic() + 150
            while db_retry(open_work, 1) and time.monotonic() < deadline:
                time.sleep(1)
            time.sleep(3)  # anything sent twice would arrive now
            faults.note("everything sent")
            survivors_alive = all(w.process.poll() is None for w in faults.workers)
            logs = "".join(w.output() for w in faults.workers)
    finally:
        faults.stop.set()
        faults.restarting.set()
        for thread in threads:
            thread.join(timeout=120)
        for worker in faults.workers:
            stop_worker(worker)
        for process in (beat, web):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=20)
        if redis_process.poll() is None:
            redis_process.terminate()
            redis_process.wait(timeout=20)
        smtp.stop()
        connections.close_all()

    # --- what the SMTP server received -----------------------------------------------------------
    received = smtp.messages()
    ids = Counter(m.message_id for m in received)
    calls = list(HotlineCall.objects.select_related("follow_up__owner"))
    follow_ups = [c.follow_up for c in calls]
    reminder = {f.pk: f"<followup-{f.public_id}.reminder@localhost>" for f in follow_ups}
    report_id = {f.pk: f"<followup-{f.public_id}.undelivered@localhost>" for f in follow_ups}
    escalation = {f.pk: f"<followup-{f.public_id}.escalation@localhost>" for f in follow_ups}
    to_refused = [f for f in follow_ups if f.owner_id == refused.pk]
    deliverable = [f for f in follow_ups if f.owner_id != refused.pk]
    without_recipient = [f for f in follow_ups if f.call.municipality_id == other_municipality.pk]
    lost = [f.pk for f in deliverable if ids[reminder[f.pk]] == 0]
    twice = {mid: n for mid, n in ids.items() if n > 1}
    by_id = {m.message_id: m for m in received}
    down, up = faults.at["Redis stopped"], faults.at["Redis started again"]
    delays, delays_redis_down = [], []
    for follow_up in deliverable:
        if reminder[follow_up.pk] in by_id:
            created = follow_up.call.created_at
            delay = (
                by_id[reminder[follow_up.pk]].at - max(follow_up.due_at, created)
            ).total_seconds()
            (delays_redis_down if down <= created <= up else delays).append(delay)

    def spread(values: list[float]) -> list[float] | None:
        if not values:
            return None
        return [round(statistics.median(values), 1), round(percentile(values, 0.95), 1),
                round(max(values), 1)]  # fmt: skip

    kinds = Counter(mid.split(".")[-1].split("@")[0] for mid in ids.elements())
    report = {
        "calls registered": len(calls),
        "HTTP statuses": dict(sorted(statuses.items())),
        "faults (seconds after the first call)": faults.events,
        "messages received": len(received),
        "messages by kind": dict(kinds),
        "reminders lost": len(lost),
        "messages received twice": len(twice),
        "reminders refused by the server": len([r for r in smtp.refusals if r[0] == refused.email]),
        "reminders given up and reported to the manager": len(to_refused),
        "reminders without recipient (to the fallback address and admin)": len(without_recipient),
        "connections ended with 421": smtp.closed_421,
        "SMTP connections": smtp.connections,
        "due -> sent delay, seconds (p50, p95, max)": spread(delays + delays_redis_down),
        "  of calls registered while Redis was down": spread(delays_redis_down),
        "  of the other calls": spread(delays),
    }  # fmt: skip
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print("\nChaos test report\n" + text)
    (Path(django_settings.VAR_DIR) / "chaos-report.json").write_text(text)

    assert not failures, failures[:5]
    assert statuses["POST 500"] == statuses["GET 500"] == 0, statuses
    assert len(calls) == CALLS // THREADS * THREADS  # each call saved exactly once
    assert len({c.caller_name for c in calls}) == len(calls)
    assert lost == [], f"{len(lost)} reminders lost"
    assert twice == {}, f"{len(twice)} messages received twice: {list(twice)[:5]}"
    assert to_refused, "the refused mailbox got no calls"
    for follow_up in to_refused:
        assert ids[reminder[follow_up.pk]] == 0
        assert follow_up.reminder_failed_at is not None, follow_up.reminder_error
        assert follow_up.reminder_failure_reported_at is not None
        assert ids[report_id[follow_up.pk]] == 1
        assert by_id[report_id[follow_up.pk]].to == (manager.email,)
    told = Notification.objects.filter(user=manager, text__startswith="Påmindelse om akuttelefonen")
    assert told.count() == len(to_refused)  # and in the app
    for follow_up in without_recipient:
        assert follow_up.reminder_without_recipient
        assert sorted(by_id[reminder[follow_up.pk]].to) == sorted(
            [odense_admin.email, "akut@odense.example"]
        )
    assert not any(ids[escalation[f.pk]] for f in follow_ups)
    assert statuses["POST 503"] + statuses["GET 503"] > 0, "the restart was never noticed"
    assert survivors_alive, logs[-3000:]
    assert "Unrecoverable error" not in logs
