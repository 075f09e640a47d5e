"""Celery tasks of the hotline: they take ids and call the services."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from hotline import services
from hotline.services.calls import BROKER_ERRORS

# A database or broker that is away (a restart) is waited out; the sweep is the net.
OUTAGES = (*BROKER_ERRORS, ConnectionError, OperationalError, InterfaceError)


@shared_task(
    name="hotline.send_reminder",
    ignore_result=True,
    autoretry_for=OUTAGES,
    retry_backoff=True,
    max_retries=5,
)
def send_reminder(follow_up_id: int) -> bool:
    """Queued for the due time when a call is registered. Sends nothing if the
    reminder was already sent (by the sweep or another worker) or is not due yet."""
    return services.follow_up_reminder_send(follow_up_id=follow_up_id)


@shared_task(name="hotline.sweep", ignore_result=True)
def sweep() -> dict[str, int]:
    """Run by beat every few minutes: every due, unsent reminder, every report of a
    reminder given up, every escalation. A failed run is simply the next one's work."""
    return services.hotline_sweep()
