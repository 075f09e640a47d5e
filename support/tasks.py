"""Celery tasks of the support app: they call the services."""

from celery import shared_task

from support import services


@shared_task(name="support.sweep", ignore_result=True)
def sweep() -> dict[str, int]:
    """Run by beat every few minutes: write the reminders of conditions that fell
    overdue and send the due ones. A failed run is simply the next one's work."""
    return services.support_sweep()
