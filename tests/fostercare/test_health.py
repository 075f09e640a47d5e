"""The health probes (fostercare/health.py)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from fostercare.celery import HEARTBEAT_KEY
from fostercare.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_health_reports_database_broker_and_heartbeat(client):
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat())
    response = client.get(reverse("health"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["broker"] == {"ok": True}
    assert body["checks"]["heartbeat"]["ok"] is True
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_never_waits_for_the_workers(client, monkeypatch):
    def ping(*args, **kwargs):
        raise AssertionError("the probe must not broadcast a ping")

    monkeypatch.setattr(celery_app.control, "ping", ping)
    assert client.get(reverse("health")).status_code == 200


def test_a_stale_heartbeat_is_reported_but_does_not_fail_the_probe(client):
    cache.set(HEARTBEAT_KEY, (timezone.now() - timezone.timedelta(minutes=10)).isoformat())
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["checks"]["heartbeat"]["ok"] is False


def test_health_fails_when_broker_is_unreachable(client, monkeypatch, tmp_path):
    # celery < 5.7 fixes the read and write URLs from broker_url when first read.
    for name in ("broker_url", "broker_read_url", "broker_write_url"):
        monkeypatch.setattr(celery_app.conf, name, f"redis+socket://{tmp_path}/none.sock")
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


def test_the_workers_probe_asks_the_workers(client, monkeypatch):
    monkeypatch.setattr(celery_app.control, "ping", lambda timeout: [{"w1": "pong"}])
    response = client.get(reverse("health_workers"))
    assert response.status_code == 200
    assert response.json()["workers"] == {"ok": True, "count": 1}


def test_the_workers_probe_fails_without_workers(client, monkeypatch):
    monkeypatch.setattr(celery_app.control, "ping", lambda timeout: [])
    assert client.get(reverse("health_workers")).status_code == 503
