"""Celery tasks of the managers' dashboard."""

from celery import shared_task
from celery.signals import beat_init

from fostercare.accounts.models import Municipality, Role
from fostercare.dashboard.snapshots import figures_refresh


@shared_task(name="dashboard.refresh_figures", ignore_result=True)
def refresh_figures() -> int:
    """Run by beat every hour: one task per municipality with a manager or an admin,
    so the workers share them."""
    municipalities = list(
        Municipality.objects.filter(
            users__role__in=(Role.MANAGER, Role.ADMIN), users__is_active=True
        )
        .distinct()
        .values_list("pk", flat=True)
    )
    for municipality_id in municipalities:
        refresh_municipality_figures.delay(municipality_id)
    return len(municipalities)


@shared_task(
    name="dashboard.refresh_municipality_figures",
    ignore_result=True,
    time_limit=1800,
    soft_time_limit=1700,
)
def refresh_municipality_figures(municipality_id: int) -> int:
    return figures_refresh(municipality_id=municipality_id)


@beat_init.connect
def refresh_figures_when_beat_starts(sender=None, **kwargs) -> None:
    """Beat starts after each deploy: a deploy that changes how figures are computed
    leaves the kept ones behind (``snapshots.fingerprint``), so they are computed again
    at once rather than by the first managers to open the dashboard, or at the hour (a
    worker still on the old code would keep them under the old fingerprint; the hourly
    refresh then catches up)."""
    refresh_figures.delay()
