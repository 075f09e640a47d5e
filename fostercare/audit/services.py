"""Writing the audit trail. Every service that changes a record calls
``audit_change_record``; every view of a child's or family's page calls
``access_record`` (through ``AccessLoggedMixin``)."""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db import models

from fostercare.audit.models import AccessLog, ChangeLog
from fostercare.cpr import mask_cpr, mask_cpr_in

NEVER_LOGGED = {"password"}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model, *, exclude: set[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values as JSON-safe data (foreign keys as ids).
    Timestamps the database keeps by itself (``auto_now``) are left out: they change
    on every save and are not a change anyone made."""
    skip = NEVER_LOGGED | (exclude or set())
    return {
        field.name: _json_value(field.value_from_object(instance))
        for field in instance._meta.concrete_fields
        if field.name not in skip and not getattr(field, "auto_now", False)
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed."""
    keys = before.keys() | after.keys()
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(keys)
        if before.get(key) != after.get(key)
    }


def _municipality_id(instance: models.Model, actor) -> int | None:
    for attr in ("municipality_id",):
        value = getattr(instance, attr, None)
        if value is not None:
            return value
    return getattr(actor, "municipality_id", None)


def _actor_repr(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system"
    return str(actor)[:200]


def audit_change_record(
    *,
    actor,
    instance: models.Model,
    action: str,
    changes: dict[str, Any] | None = None,
    municipality_id: int | None = None,
) -> ChangeLog:
    """Write one change-log row; CPR numbers in values and the record name are masked.

    ``changes`` is ``{field: [old, new]}`` (see ``diff``) for updates, or the new
    values (see ``snapshot``) for creations and the old ones for deletions.
    """
    changes = {k: v for k, v in (changes or {}).items() if k not in NEVER_LOGGED}
    return ChangeLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_repr=_actor_repr(actor),
        municipality_id=municipality_id or _municipality_id(instance, actor),
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_pk=str(instance.pk),
        object_repr=mask_cpr(str(instance))[:200],
        action=action,
        changes=mask_cpr_in(changes),
    )


def access_record(*, user, instance: models.Model, path: str = "") -> AccessLog:
    """Record that ``user`` opened ``instance``'s page."""
    return AccessLog.objects.create(
        user=user,
        user_repr=_actor_repr(user),
        municipality_id=_municipality_id(instance, user),
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_pk=str(instance.pk),
        object_repr=mask_cpr(str(instance))[:200],
        path=path[:300],
    )


# --- what services call after a write ----------------------------------------------------
def log_create(actor, instance: models.Model, municipality_id: int) -> ChangeLog:
    """Log a new record with all its values."""
    return audit_change_record(
        actor=actor,
        instance=instance,
        action="create",
        changes=snapshot(instance),
        municipality_id=municipality_id,
    )


def log_update(actor, instance: models.Model, before: dict, municipality_id: int) -> None:
    """Log what changed since the ``before`` snapshot (nothing when nothing did)."""
    changes = diff(before, snapshot(instance))
    if changes:
        audit_change_record(
            actor=actor,
            instance=instance,
            action="update",
            changes=changes,
            municipality_id=municipality_id,
        )


def update_logged(actor, instance: models.Model, fields: dict, municipality_id: int) -> None:
    """Apply ``fields``, validate, save and log old and new values. The old values
    are read from the database: a ModelForm may already have changed ``instance``."""
    from fostercare.validation import validated_save

    before = snapshot(type(instance).objects.get(pk=instance.pk))
    for name, value in fields.items():
        setattr(instance, name, value)
    validated_save(instance)
    log_update(actor, instance, before, municipality_id)
