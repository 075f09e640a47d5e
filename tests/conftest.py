import os
import random
import socket
import subprocess
import sys
import time
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from fostercare.accounts.models import Role
from tests.factories import UserFactory, municipality

HOME = "751"  # Aarhus
OTHER = "461"  # Odense


# --- Deterministic data ---------------------------------------------------------------
# Every test draws its fake names and numbers from a seed of its own, derived from its id
# and the run's seed: a failure replays with the same data (``TEST_SEED=<n> make test``).
RUN_SEED = int(os.environ.get("TEST_SEED", "2026"))


def pytest_report_header(config):
    return f"test data seed: TEST_SEED={RUN_SEED}"


@pytest.fixture(autouse=True)
def _seeded_fake_data(request):
    import factory.random

    from tests.factories import seed_fake_data

    seed = zlib.crc32(request.node.nodeid.encode()) ^ RUN_SEED
    random.seed(seed)
    factory.random.reseed_random(seed)
    seed_fake_data(seed)


@pytest.fixture
def home():
    return municipality(HOME)


@pytest.fixture
def other_municipality():
    return municipality(OTHER)


@pytest.fixture
def make_user(db, home):
    def make(role: Role | str = Role.CASEWORKER, **kwargs):
        kwargs.setdefault("municipality", home)
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def caseworker(make_user):
    return make_user(Role.CASEWORKER)


@pytest.fixture
def consultant(make_user):
    return make_user(Role.CONSULTANT)


@pytest.fixture
def on_call(make_user):
    return make_user(Role.ON_CALL)


@pytest.fixture
def manager(make_user):
    return make_user(Role.MANAGER)


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.ADMIN)


@pytest.fixture
def outsider(db, other_municipality):
    """A caseworker of another municipality: everything of ours must be a 404 to them."""
    return UserFactory(role=Role.CASEWORKER, municipality=other_municipality)


# --- Real Celery workers -------------------------------------------------------------
@dataclass
class WorkerProcess:
    queue: str
    hostname: str
    process: subprocess.Popen
    log: Path
    log_handle: IO[str]

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def worker_env() -> dict[str, str]:
    """The environment for a subprocess that must use the test database."""
    from django.db import connection

    env = dict(os.environ)
    name = connection.settings_dict["NAME"]
    if env.get("DATABASE_URL"):
        url = urlsplit(env["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(url._replace(path=f"/{name}"))
    else:
        env["DATABASE_NAME"] = name
    return env


def start_worker(
    tmp_path: Path, *, env: dict[str, str] | None = None, queue: str | None = None
) -> WorkerProcess:
    """Start ``celery worker`` as a real process on a queue of its own (or ``queue``,
    shared with other workers) and wait until it answers a ping through the broker."""
    from fostercare.celery import app

    name = f"test-{uuid.uuid4().hex[:10]}"
    queue = queue or name
    hostname = f"{name}@{socket.gethostname()}"
    log = tmp_path / f"{name}.log"
    handle = log.open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "--app",
            "fostercare",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--hostname",
            hostname,
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=settings.BASE_DIR,
        env=env or worker_env(),
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            handle.close()
            raise RuntimeError(f"worker exited:\n{log.read_text()}")
        if app.control.ping(destination=[hostname], timeout=0.5):
            return WorkerProcess(
                queue=queue, hostname=hostname, process=process, log=log, log_handle=handle
            )
    process.kill()
    process.wait()
    handle.close()
    raise RuntimeError(f"worker did not answer within 60 s:\n{log.read_text()}")


def stop_worker(worker: WorkerProcess) -> None:
    worker.process.terminate()
    try:
        worker.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.process.kill()
        worker.process.wait()
    worker.log_handle.close()


@pytest.fixture
def celery_worker_process(tmp_path):
    worker = start_worker(tmp_path)
    yield worker
    stop_worker(worker)


# --- A real browser --------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between page actions are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _dashboard_figures_live(settings):
    """The managers' dashboard keeps its figures in the cache (fostercare/dashboard/
    snapshots.py), which outlives a test: one test's figures must not show in another's.
    Tests of the keeping turn it on with a cache of their own."""
    settings.DASHBOARD_FIGURES_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 costs ~0.3 s a user; tests create hundreds. Production keeps PBKDF2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def log_in(page, user, password: str = "correct-horse-battery-staple") -> None:  # noqa: S107
    """Log in through the real form, as a person would."""
    page.goto("/log-ind/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


# --- The slowest tests first -----------------------------------------------------------
# `make test` hands the tests out to two workers as they ask for more (``--dist
# loadgroup``). A slow test handed out last keeps one worker busy while the other has
# finished, so the slow ones go first, the slowest of all first, and the many quick
# ones fill in behind them: the two workers end close together. The figures are the
# seconds a test takes on the shared 2-core machine (``pytest --durations``); only
# their order matters.
AXE_TEST = "tests/a11y/test_axe.py::test_every_page_passes_axe_and_fits_a_phone"
SLOW_FIRST = [  # (the start of a test's id, its seconds); the first that fits counts
    ("tests/test_fuzz.py::test_hostile_input_on_every_post_form_of_every_role", 80),
    ("tests/dashboard/test_demo.py::", 40),  # one loading of the demo, shared (an xdist group)
    (f"{AXE_TEST}[admin-site", 50),
    (f"{AXE_TEST}[manager]", 50),
    (f"{AXE_TEST}[consultant]", 35),
    (f"{AXE_TEST}[caseworker]", 25),
    (f"{AXE_TEST}[admin]", 20),
    (AXE_TEST, 10),
]


def _expected_seconds(item) -> float:
    for prefix, seconds in SLOW_FIRST:
        if item.nodeid.startswith(prefix):
            return seconds
    return 0


def _django_order(item) -> int:
    """Django's order, as pytest-django sorts before us: tests rolled back first, then
    those that commit (their database is emptied after, data migrations' rows too),
    then those without a database."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if "transactional_db" in fixtures or "live_server" in fixtures:
        return 1
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return 1
    return 0 if marker is not None or "db" in fixtures else 2


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: (_django_order(item), -_expected_seconds(item)))
