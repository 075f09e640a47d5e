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
    monkeypatch.setattr(celery_app.conf, "broker_url", f"redis+socket://{tmp_path}/none.sock")
    response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["worker"]["ok"] is False
