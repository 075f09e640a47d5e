from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fostercare.accounts.models import DatedAssignment, Municipality, Role, User
from fostercare.audit.services import log_change
from fostercare.validation import validated_save, validated_update


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


_NOT_STAFF_MESSAGES = {
    Role.CASEWORKER: _("Choose an active caseworker of the municipality."),
    Role.CONSULTANT: _("Choose an active family-care consultant of the municipality."),
    Role.SUPERVISOR: _("Choose an active supervisor of the municipality."),
}


def staff_check(
    user: User, *, roles: Role | Iterable[Role], municipality_id: int, field: str
) -> None:
    """Refuse anyone but an active member of staff with one of ``roles`` in the
    municipality; the message, on ``field``, names the first role."""
    roles = [roles] if isinstance(roles, str) else list(roles)
    if user.role not in roles or not user.is_active or user.municipality_id != municipality_id:
        raise ValidationError({field: _NOT_STAFF_MESSAGES[roles[0]]})


def assignment_change(
    *,
    actor: User,
    model: type[DatedAssignment],
    record,
    staff: User,
    starts_on: date,
    reason: str,
    municipality_id: int,
) -> DatedAssignment:
    """Close the record's open assignment the day ``staff`` takes over, and open theirs,
    in one step (the open row is locked, so two changes cannot both pass).

    The rule, the same for caseworkers and consultants: replacing someone needs the
    reason for the change (a child's or family's first assignment has none); the same
    person cannot take over from themselves, nor start before the one replaced did.
    """
    current = (
        model.objects.select_for_update()
        .filter(**{model.record_field: record, "ends_on__isnull": True})
        .first()
    )
    reason = reason.strip()
    if current is not None:
        if not reason:
            raise ValidationError({"reason": _("Give the reason for the change.")})
        if getattr(current, f"{model.staff_field}_id") == staff.pk:
            raise ValidationError({model.staff_field: model.same_person_message})
        if starts_on < current.starts_on:
            raise ValidationError({"starts_on": model.too_early_message})
        validated_update(
            actor=actor,
            instance=current,
            fields={"ends_on": starts_on},
            municipality_id=municipality_id,
        )
    assignment = model(
        **{model.record_field: record, model.staff_field: staff},
        starts_on=starts_on,
        reason=reason,
    )
    validated_save(assignment)
    log_change(actor=actor, instance=assignment, action="create", municipality_id=municipality_id)
    return assignment
