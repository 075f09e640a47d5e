"""A real worker process consuming from the real Redis broker (not eager)."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from fostercare.celery import HEARTBEAT_KEY, heartbeat

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_worker_runs_a_task_sent_through_the_broker(celery_worker_process, client):
    cache.delete(HEARTBEAT_KEY)
    heartbeat.apply_async(queue=celery_worker_process.queue)
    deadline = time.monotonic() + 30
    while cache.get(HEARTBEAT_KEY) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert cache.get(HEARTBEAT_KEY) is not None, celery_worker_process.output()
    assert "fostercare.celery.heartbeat" in celery_worker_process.output()

    assert client.get(reverse("health")).json()["checks"]["heartbeat"]["ok"] is True
    workers = client.get(reverse("health_workers")).json()["workers"]
    assert workers["ok"] is True and workers["count"] >= 1
