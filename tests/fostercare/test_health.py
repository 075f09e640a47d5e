import pytest
from django.urls import reverse

from fostercare.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_broker(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["broker"] == {"ok": True}
    assert set(body["checks"]) == {"database", "broker", "worker", "beat"}


def test_health_fails_when_broker_is_unreachable(client, monkeypatch, tmp_path):
    # celery < 5.7 fixes the read and write URLs from broker_url when first read.
    for name in ("broker_url", "broker_read_url", "broker_write_url"):
        monkeypatch.setattr(celery_app.conf, name, f"redis+socket://{tmp_path}/none.sock")
    response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["worker"]["ok"] is False
