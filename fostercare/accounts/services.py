from django.db import transaction

from fostercare.accounts.models import Municipality, Role, User
from fostercare.audit.services import log_change


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    role: Role | str,
    municipality: Municipality,
    password: str | None = None,
    phone: str = "",
    manager: User | None = None,
) -> User:
    """Create a member of staff; the admin role also gets access to the admin site."""
    user = User(
        email=User.objects.normalize_email(email).lower(),
        full_name=full_name,
        role=role,
        municipality=municipality,
        phone=phone,
        manager=manager,
        is_staff=role == Role.ADMIN,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    log_change(actor=actor, instance=user, action="create")
    return user
