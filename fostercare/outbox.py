"""An outbox kept on the rows the notices are about: claim → send → mark, one at a time.

Used by the hotline's reminders (``hotline/services/reminders.py``) and the reminders
about support conditions that did not start (``support/services/reminders.py``). A row
that can carry notices has a ``send_lease_until`` field; a ``Notice`` says which rows
are due for it, what its message is and what sending it (or failing to) changes on the
row. A ``Run`` sends them:

1. claim: a short transaction locks the next few due rows (``FOR UPDATE SKIP
   LOCKED``: rows another sender holds are passed over), gives them a lease
   (``send_lease_until``, ``HOTLINE_SEND_LEASE_SECONDS``) and commits;
2. send: one e-mail over the connection the run reuses, outside any transaction;
3. mark: a transaction of its own records what happened to that one message, with its
   notifications and change-log rows, and releases the lease. A database that is away
   (a restart) is waited for, up to ``HOTLINE_DB_RETRY_SECONDS``.

A sender never sends a message whose lease could run out before it is marked (another
sender may have it by then); it gives such leases back. What stays at-least-once is
the window between the mail server accepting a message and the mark's commit (see the
README, "Reminders and outages"); a repeat carries the same ``Message-ID``.

The settings keep their hotline names (the hotline was the first outbox).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from fostercare.audit.services import log_change
from fostercare.mail import DeliveryError, Mailer

logger = logging.getLogger(__name__)
ERROR_LENGTH = 500
CLAIM_BATCH = 10  # rows leased at once; each is still sent and marked on its own


def db(work: Callable[[], Any]) -> Any:
    """Run ``work`` in a transaction; while the database is unreachable (a restart),
    wait and try again on a new connection, up to ``HOTLINE_DB_RETRY_SECONDS``."""
    deadline = time.monotonic() + settings.HOTLINE_DB_RETRY_SECONDS
    pause = 0.2
    while True:
        try:
            with transaction.atomic():
                return work()
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block or time.monotonic() >= deadline:
                raise
            logger.warning("outbox: database unavailable; trying again", exc_info=True)
            connection.close()
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


def backoff(attempts: int) -> timedelta:
    """How long to wait after ``attempts`` refusals: doubling, up to a maximum."""
    seconds = settings.HOTLINE_REMINDER_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.HOTLINE_REMINDER_RETRY_MAX_SECONDS))


def claim(
    queryset: QuerySet,
    *,
    now: datetime,
    limit: int,
    related: Iterable[str] = (),
    order_by: Iterable[str] = ("pk",),
) -> list[models.Model]:
    """Lock up to ``limit`` rows of ``queryset`` nobody else holds and lease them, in one
    short transaction (a few rows a claim: the claim query is the costly one)."""
    lease = now + timedelta(seconds=settings.HOTLINE_SEND_LEASE_SECONDS)
    model = queryset.model

    def work() -> list[models.Model]:
        rows = list(
            queryset.filter(Q(send_lease_until__isnull=True) | Q(send_lease_until__lte=now))
            .select_for_update(skip_locked=True, of=("self",))
            .select_related(*related)
            .order_by(*order_by)[:limit]
        )
        if rows:
            model._default_manager.filter(pk__in=[row.pk for row in rows]).update(
                send_lease_until=lease
            )
        for row in rows:
            row.send_lease_until = lease
        return rows

    return db(work)


def release(rows: list[models.Model]) -> None:
    """Give back leases this sender will not use (it stops early), so others send now."""
    if rows:
        model = type(rows[0])
        db(
            lambda: model._default_manager.filter(
                pk__in=[row.pk for row in rows], send_lease_until=rows[0].send_lease_until
            ).update(send_lease_until=None)
        )


@dataclass
class Result:
    """What a notice's sending changes on its row; ``records``: rows to create with the
    mark (notifications); ``sent``: the server accepted it."""

    changes: dict[str, Any] = field(default_factory=dict)
    records: list[models.Model] = field(default_factory=list)
    sent: bool = False
    stop: bool = False  # the mail server is down: end the run


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def mark(row: models.Model, result: Result, *, municipality_id: int) -> bool:
    """Record ``result`` on ``row`` and release the lease, if the lease is still ours."""
    model = type(row)

    def work() -> bool:
        held = model._default_manager.filter(pk=row.pk, send_lease_until=row.send_lease_until)
        if held.update(send_lease_until=None, **result.changes) != 1:
            logger.warning(
                "outbox: %s %s: the lease ran out before the mark", model.__name__, row.pk
            )
            return False
        by_model: dict[type, list[models.Model]] = {}
        for record in result.records:
            by_model.setdefault(type(record), []).append(record)
        for record_model, records in by_model.items():
            record_model.objects.bulk_create(records)
        changed = {
            name: [_json(getattr(row, name)), _json(value)]
            for name, value in result.changes.items()
            if getattr(row, name) != value
        }
        if changed:
            log_change(
                actor=None,
                instance=row,
                action="update",
                changes=changed,
                municipality_id=municipality_id,
            )
        return True

    marked = db(work)
    if marked:
        for name, value in result.changes.items():
            setattr(row, name, value)
        row.send_lease_until = None
    return marked


class Notice:
    """One kind of notice about a row: which rows are due for it, its message (with an
    ``audience``, false when nobody can receive it, and an ``email()``), and what
    sending it (or failing to) changes on the row."""

    kind = ""

    def pending(self, now: datetime) -> QuerySet:
        raise NotImplementedError

    def message(self, row: Any) -> Any:
        raise NotImplementedError

    def municipality_id(self, row: Any) -> int:
        raise NotImplementedError

    def sent(self, row: Any, now: datetime, message: Any, refused: dict) -> Result:
        raise NotImplementedError

    def refused(self, row: Any, now: datetime, error: DeliveryError) -> Result:
        raise NotImplementedError

    def broken(self, row: Any, error: Exception, now: datetime) -> Result:
        """A fault of the row itself (a bug, bad data): tried again later."""
        raise NotImplementedError

    def nobody(self, row: Any, now: datetime) -> Result:
        raise NotImplementedError

    def server_down(self, row: Any, now: datetime, error: DeliveryError) -> Result:
        raise NotImplementedError

    def send(self, row: Any, message: Any, *, mailer: Mailer, now: datetime) -> Result:
        if not message.audience:
            return self.nobody(row, now)
        try:
            refused = mailer.send(message.email())
        except DeliveryError as error:
            logger.warning("outbox: %s %s not delivered: %s", self.kind, row.pk, error)
            if error.recipient:
                return self.refused(row, now, error)
            return self.server_down(row, now, error)
        return self.sent(row, now, message, refused)


@dataclass
class Run:
    """One sender's run: a clock, a mail connection, a time budget."""

    mailer: Mailer
    now: datetime | None = None
    budget: float = 0.0
    stopped: bool = False

    def __post_init__(self) -> None:
        self.deadline = time.monotonic() + (self.budget or settings.HOTLINE_SWEEP_BUDGET_SECONDS)

    def clock(self) -> datetime:
        return self.now or timezone.now()

    def over(self) -> bool:
        return self.stopped or time.monotonic() >= self.deadline

    def claim(self, queryset: QuerySet, limit: int) -> list[models.Model]:
        return claim(queryset, now=self.clock(), limit=limit)

    def _lease_holds(self, row: models.Model) -> bool:
        """Whether this sender can still send and mark before its lease runs out (after
        it, another sender may take the row: sending then could send it twice)."""
        needs = timedelta(seconds=2 * settings.EMAIL_TIMEOUT + settings.HOTLINE_DB_RETRY_SECONDS)
        return self.clock() + needs < row.send_lease_until

    def batch(self, notice: Notice, queryset: QuerySet, limit: int) -> list[bool]:
        """Claim up to ``limit`` rows of ``queryset``; send and mark each on its own.
        Whether the server accepted each message; empty when there was nothing to do
        (or the run is over)."""
        if self.over():
            return []
        claimed = self.claim(queryset, limit)
        outcomes = []
        for index, row in enumerate(claimed):
            if self.over() or not self._lease_holds(row):
                release(claimed[index:])
                break
            outcomes.append(self._one(notice, row))
        return outcomes

    def _one(self, notice: Notice, row: models.Model) -> bool:
        try:
            # The recipients are read now; a database outage is waited out, a fault
            # of this row (bad data, a bug) must not block the others.
            message = db(lambda: notice.message(row))
            result = notice.send(row, message, mailer=self.mailer, now=self.clock())
        except (OperationalError, InterfaceError):
            raise
        except Exception as error:
            logger.exception("outbox: %s %s failed", notice.kind, row.pk)
            result = notice.broken(row, error, self.clock())
        marked = mark(row, result, municipality_id=notice.municipality_id(row))
        self.stopped = self.stopped or result.stop
        return result.sent and marked

    def drain(self, notice: Notice) -> int:
        sent = 0
        while outcomes := self.batch(notice, notice.pending(self.clock()), CLAIM_BATCH):
            sent += sum(outcomes)
        return sent
