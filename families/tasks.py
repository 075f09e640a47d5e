from celery import shared_task

from families.services import approvals_expire_due


@shared_task(name="families.expire_approvals")
def expire_approvals() -> int:
    """Daily: approvals whose period has ended are marked expired."""
    return approvals_expire_due()
