from django.db.models import Count, QuerySet

from fostercare.accounts.models import Role, User


def user_colleagues(*, user: User) -> QuerySet[User]:
    """Active users of the acting user's municipality."""
    return User.objects.filter(municipality_id=user.municipality_id, is_active=True)


def staff_counts_by_role(*, user: User) -> list[dict]:
    """Active staff per role in the user's municipality, every role listed."""
    counts = dict(
        user_colleagues(user=user)
        .values_list("role")
        .annotate(n=Count("id"))
        .values_list("role", "n")
    )
    return [
        {"role": role, "label": role.label, "count": counts.get(role.value, 0)} for role in Role
    ]
