"""The audit trail, written one way.

Every service that changes a record calls ``log_change`` once per record it changed
(created, updated or deleted), after saving; every page that shows a named child's or
family's personal data logs the records it showed with ``log_access`` (views do it
through ``fostercare.audit.mixins.AccessLoggedMixin``). CPR numbers are masked in
both logs.
"""

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db import models

from fostercare.audit.models import AccessLog, ChangeLog
from fostercare.cpr import mask_cpr

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


def _loggable(value: Any) -> Any:
    """``value`` as the log keeps it: CPR numbers masked, and no NUL characters (a
    search for one is still a search; PostgreSQL's text and JSON cannot hold it)."""
    if isinstance(value, str):
        return mask_cpr(value.replace("\x00", ""))
    if isinstance(value, list | tuple):
        return [_loggable(item) for item in value]
    if isinstance(value, dict):
        return {_loggable(key): _loggable(item) for key, item in value.items()}
    return value


def _municipality_id(instance: models.Model, actor) -> int | None:
    value = getattr(instance, "municipality_id", None)
    if value is not None:
        return value
    return getattr(actor, "municipality_id", None)


def _actor_repr(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system"
    return str(actor)[:200]


def _record(instance: models.Model) -> dict[str, Any]:
    return {
        "content_type": ContentType.objects.get_for_model(instance, for_concrete_model=False),
        "object_pk": str(instance.pk),
        "object_repr": mask_cpr(str(instance))[:200],
    }


def log_change(
    *,
    actor,
    instance: models.Model,
    action: Literal["create", "update", "delete"],
    before: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    municipality_id: int | None = None,
) -> ChangeLog | None:
    """Write the change-log row for one change to ``instance``; ``actor`` ``None`` is
    the system (a beat task).

    What is kept: for ``create`` the new values, for ``delete`` the old ones (both
    ``snapshot(instance)``), for ``update`` ``{field: [old, new]}`` of what changed since
    ``before`` (a ``snapshot`` taken before the change). ``changes`` adds to that (parts a
    snapshot does not hold, a reason) or, for an update without ``before``, is all of
    it. An update that changed nothing writes no row and returns ``None``. The row
    belongs to ``municipality_id``, else the record's, else the actor's municipality.
    """
    if action == ChangeLog.Action.UPDATE:
        values = diff(before, snapshot(instance)) if before is not None else {}
    else:
        values = snapshot(instance)
    values |= changes or {}
    values = {k: v for k, v in values.items() if k not in NEVER_LOGGED}
    if action == ChangeLog.Action.UPDATE and not values:
        return None
    return ChangeLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_repr=_actor_repr(actor),
        municipality_id=municipality_id or _municipality_id(instance, actor),
        action=action,
        changes=_loggable(values),
        **_record(instance),
    )


def log_access(*, user, instance: models.Model, path: str = "") -> AccessLog:
    """Record that ``user`` was shown ``instance``'s personal data on the page ``path``."""
    return AccessLog.objects.create(
        user=user,
        user_repr=_actor_repr(user),
        municipality_id=_municipality_id(instance, user),
        path=_loggable(path[:300]),
        **_record(instance),
    )


def log_access_rows(
    *,
    user,
    model: type[models.Model],
    action: Literal["list", "search", "export"],
    path: str = "",
    details: dict[str, Any] | None = None,
    records: Iterable[models.Model | Any] = (),
) -> AccessLog:
    """Record that ``user`` was shown rows of ``model`` at once (a list, a search, an
    export): which records (instances or primary keys), what they asked for and how
    many rows in ``details`` (CPR masked)."""
    return AccessLog.objects.create(
        user=user,
        user_repr=_actor_repr(user),
        municipality_id=getattr(user, "municipality_id", None),
        content_type=ContentType.objects.get_for_model(model),
        object_pks=[str(getattr(r, "pk", r)) for r in records],
        path=_loggable(path[:300]),
        action=action,
        details=_loggable(details or {}),
    )
