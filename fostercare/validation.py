"""Saving with the model's rules, for services.

``validated_save`` runs ``full_clean`` (field validators and the model's database
constraints, with their Danish messages) and saves in a savepoint; if a concurrent
request got there first and the database constraint fires anyway, the user gets
the same kind of message instead of a 500. ``validated_update`` applies a service's
fields to a record, saves it so and writes the change log.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from fostercare.audit.services import log_change, snapshot


def validated_save(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    instance.full_clean(exclude=exclude)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        message = _constraint_message(instance, error) or _(
            "The change conflicts with a change saved at the same moment. Reload and try again."
        )
        raise ValidationError({NON_FIELD_ERRORS: [message]}) from error


def _constraint_message(instance: models.Model, error: IntegrityError) -> str | None:
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    for constraint in instance._meta.constraints:
        if constraint.name == name:
            return str(constraint.get_violation_error_message())
    return None


def validated_update(
    *, actor, instance: models.Model, fields: dict, municipality_id: int | None = None
) -> None:
    """Apply ``fields``, validate, save and log old and new values. The old values are
    read from the database: a ModelForm may already have changed ``instance``."""
    before = snapshot(type(instance).objects.get(pk=instance.pk))
    for name, value in fields.items():
        setattr(instance, name, value)
    validated_save(instance)
    log_change(
        actor=actor,
        instance=instance,
        action="update",
        before=before,
        municipality_id=municipality_id,
    )


def only_fields(fields: dict, allowed: tuple[str, ...]) -> dict:
    """The keyword fields a service accepts; an unknown one is a programming error."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    return fields
