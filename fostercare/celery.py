"""The Celery app: JSON only, time limits, tasks autodiscovered from every app.

Configuration lives in settings as ``CELERY_*`` (broker, serialisers, limits and
the beat schedule), so web, worker and beat read one source.
"""

import os

from celery import Celery
from django.utils import timezone

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fostercare.settings")

app = Celery("fostercare")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

HEARTBEAT_KEY = "celery:heartbeat"


@app.task(name="fostercare.celery.heartbeat", ignore_result=True)
def heartbeat() -> str:
    """Run by beat every minute; the health endpoint reads when it last ran."""
    from django.core.cache import cache

    stamp = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, stamp, timeout=None)
    return stamp
