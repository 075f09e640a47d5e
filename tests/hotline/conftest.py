from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

import kombu.pools
import pytest

from fostercare.accounts.models import Role
from hotline.services import hotline_call_register
from tests.factories import FamilyFactory, UserFactory
from tests.hotline.smtp import FakeSMTP

CPH = ZoneInfo("Europe/Copenhagen")


def at(*args) -> datetime:
    """A moment on Copenhagen's clock."""
    return datetime(*args, tzinfo=CPH)


FRIDAY_NIGHT = datetime(2026, 3, 13, 22, 0, tzinfo=CPH)
MONDAY_OPENING = datetime(2026, 3, 16, 8, 0, tzinfo=CPH)

CALL = {
    "caller_name": "Mette",
    "caller_relation": "Plejemor",
    "answered_by_organisation": "social_on_call",
    "answered_by_person": "Kim Vagt",
    "topic": "child_reaction",
    "topic_text": "Emil vil ikke i seng og slår.",
    "advice": "Rolig stemme, skærm søskende.",
}


@pytest.fixture
def queued(monkeypatch):
    """The reminder tasks the services queue, recorded instead of sent to the broker."""
    from hotline.tasks import send_reminder

    sent = []
    monkeypatch.setattr(
        send_reminder, "apply_async", lambda args, eta=None, **options: sent.append((args, eta))
    )
    return sent


@pytest.fixture
def team(home):
    """A manager, a consultant reporting to them, and a family with that consultant."""
    manager = UserFactory(role=Role.MANAGER, municipality=home, full_name="Lone Leder")
    consultant = UserFactory(
        role=Role.CONSULTANT, municipality=home, manager=manager, full_name="Rune Holm"
    )
    family = FamilyFactory(municipality=home, consultant=consultant, name="Familien Juhl")
    return manager, consultant, family


@pytest.fixture
def register(on_call):
    def make(family=None, *, actor=None, called_at=FRIDAY_NIGHT, **fields):
        return hotline_call_register(
            actor=actor or on_call, family=family, called_at=called_at, **(CALL | fields)
        )

    return make


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost that this process's e-mail goes to."""
    server = FakeSMTP().start()
    for name, value in server.settings().items():
        setattr(settings, name, value)
    yield server
    server.stop()


def reset_broker_pools() -> None:
    """Drop this process's pooled broker connections (stale after a Redis restart)."""
    from fostercare.celery import app

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    kombu.pools.reset()  # producer pools are kept per broker URL


@contextmanager
def broker(url: str):
    """Point this process's Celery app (and so the live server's) at another broker,
    dropping its pooled connections, and back afterwards."""
    from fostercare.celery import app

    names = ("broker_url", "broker_read_url", "broker_write_url")  # read and write are
    original = {name: app.conf[name] for name in names}  # fixed when first read
    reset_broker_pools()
    for name in names:
        app.conf[name] = url
    try:
        yield
    finally:
        reset_broker_pools()
        for name, value in original.items():
            app.conf[name] = value
