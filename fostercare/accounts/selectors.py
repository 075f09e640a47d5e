"""Reads of staff. Every list of people to choose from (a consultant, a caseworker, a
supervisor, the managers to tell) comes from ``staff_list``; who holds a dated
assignment on a day, from ``assignment_current_q``."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q, QuerySet

from fostercare.accounts.models import Role, User


def assignment_current_q(today: date, prefix: str = "") -> Q:
    """The dated assignment (a family's fixed consultant, a child's caseworker) in
    force on ``today``: a change recorded ahead of time takes effect on its start date."""
    return Q(**{f"{prefix}starts_on__lte": today}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gt": today})
    )


def staff_list(
    *, roles: Role | Iterable[Role], user: User | None = None, municipality_id: int | None = None
) -> QuerySet[User]:
    """Active staff with one of ``roles`` in the acting user's municipality (or, for
    the system, ``municipality_id``), by name."""
    roles = [roles] if isinstance(roles, str) else list(roles)
    municipality_id = user.municipality_id if user is not None else municipality_id
    return User.objects.filter(
        municipality_id=municipality_id, role__in=roles, is_active=True
    ).order_by("full_name", "pk")


def staff_counts_by_role(*, user: User) -> list[dict]:
    """Active staff per role in the user's municipality, every role listed."""
    counts = dict(
        staff_list(roles=Role, user=user)
        .order_by()
        .values_list("role")
        .annotate(n=Count("id"))
        .values_list("role", "n")
    )
    return [
        {"role": role, "label": role.label, "count": counts.get(role.value, 0)} for role in Role
    ]
