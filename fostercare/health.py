"""Health probes.

``/health/`` answers in milliseconds, for load balancers and container probes: 200 when
the database and the broker answer (the app can take work), else 503. Beat and the
workers are reported from the heartbeat (beat schedules it every minute, a worker runs
it), so the probe never waits for them; they do not fail it either: a reminder is only
delayed while they are away (the follow-up rows wait in PostgreSQL).

``/health/workers/`` asks the workers themselves (a broadcast ping, up to a second):
for an operator, not for a probe that runs every few seconds.
"""

from datetime import datetime

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from fostercare.celery import HEARTBEAT_KEY
from fostercare.celery import app as celery_app

BEAT_STALE_AFTER_SECONDS = 180


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def _broker() -> dict:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def _workers() -> dict:
    try:
        replies = celery_app.control.ping(timeout=1.0) or []
    except Exception as exc:
        return {"ok": False, "count": 0, "error": type(exc).__name__}
    return {"ok": bool(replies), "count": len(replies)}


def _beat() -> dict:
    try:
        stamp = cache.get(HEARTBEAT_KEY)
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    if not stamp:
        return {"ok": False, "last_seen": None}
    age = (timezone.now() - datetime.fromisoformat(stamp)).total_seconds()
    return {"ok": age < BEAT_STALE_AFTER_SECONDS, "last_seen": stamp}


@never_cache
@require_GET
def health(request):
    checks = {"database": _database(), "broker": _broker(), "heartbeat": _beat()}
    ready = checks["database"]["ok"] and checks["broker"]["ok"]
    return JsonResponse(
        {"status": "ok" if ready else "fail", "checks": checks}, status=200 if ready else 503
    )


@never_cache
@require_GET
def health_workers(request):
    workers = _workers()
    return JsonResponse(
        {"status": "ok" if workers["ok"] else "fail", "workers": workers},
        status=200 if workers["ok"] else 503,
    )
