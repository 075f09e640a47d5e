from django.db.models import QuerySet

from cases.models import Child
from fostercare.accounts.models import User


def child_list(*, user: User) -> QuerySet[Child]:
    """Children of the user's municipality."""
    return Child.objects.filter(municipality_id=user.municipality_id)


def child_find_by_cpr(*, user: User, cpr: str) -> Child | None:
    """Exact-match CPR search (never partial: CPR numbers are not browsed)."""
    from fostercare.cpr import normalise_cpr

    return child_list(user=user).filter(cpr=normalise_cpr(cpr)).first()
