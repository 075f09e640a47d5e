"""Working on a follow-up: reassigning it, marking it done, reading the notices about it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fostercare.accounts.models import Role, User
from fostercare.accounts.services import staff_check
from fostercare.audit.services import log_change, snapshot
from fostercare.validation import validated_save
from hotline.models import (
    FollowUp,
    FollowUpReassignment,
    Notification,
    Outcome,
)
from hotline.services.messages import (
    FOLLOW_UP_RELATED,
    Audience,
    Message,
    call_url,
    deliver_after_commit,
    family_label,
    local_time,
)


def follow_up_hand_over(
    follow_up: FollowUp,
    *,
    to_user: User,
    reason: str,
    by: User | None,
    idempotency_key: uuid.UUID | None = None,
) -> FollowUpReassignment:
    """Give the follow-up to ``to_user`` with the reason, logged (by ``None``: the system,
    for an absence). The caller holds the transaction and has checked the new owner."""
    before = snapshot(follow_up)
    reassignment = FollowUpReassignment.objects.create(
        follow_up=follow_up,
        from_user=follow_up.owner,
        to_user=to_user,
        reason=reason,
        by=by,
        idempotency_key=idempotency_key,
    )
    follow_up.owner = to_user
    follow_up.save(update_fields=["owner"])
    log_change(
        actor=by,
        instance=follow_up,
        action="update",
        before=before,
        changes={"reason": reason},
        municipality_id=follow_up.call.municipality_id,
    )
    return reassignment


@transaction.atomic
def follow_up_reassign(
    *,
    actor: User,
    follow_up: FollowUp,
    to_user: User,
    reason: str,
    idempotency_key: uuid.UUID | None = None,
) -> FollowUp:
    """Give the follow-up to another consultant, with the reason (also how a manager
    assigns a call about an unknown family). The new owner is told at once.
    ``idempotency_key`` is the form's: a second submit of the same form changes nothing."""
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related(*FOLLOW_UP_RELATED)
        .get(pk=follow_up.pk)
    )
    if (
        idempotency_key is not None
        and FollowUpReassignment.objects.filter(
            follow_up=follow_up, by=actor, idempotency_key=idempotency_key
        ).exists()
    ):
        return follow_up
    if follow_up.done_at is not None:
        raise ValidationError(_("The follow-up is done and cannot be reassigned."))
    staff_check(
        to_user,
        roles=Role.CONSULTANT,
        municipality_id=follow_up.call.municipality_id,
        field="to_user",
    )
    if follow_up.owner_id == to_user.pk:
        raise ValidationError({"to_user": _("The follow-up already belongs to this consultant.")})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the reassignment.")})
    reassignment = follow_up_hand_over(
        follow_up, to_user=to_user, reason=reason, by=actor, idempotency_key=idempotency_key
    )
    call = follow_up.call
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("A hotline follow-up was given to you: %(family)s") % {
            "family": family_label(call)
        }
        body = _("%(by)s gave you the follow-up on a call on %(time)s, due %(due)s.") % {
            "by": actor.full_name,
            "time": local_time(call.called_at),
            "due": local_time(follow_up.due_at),
        }
    kind = f"reassigned-{reassignment.pk}"
    deliver_after_commit(
        [
            Message(
                Audience(users=(to_user,)),
                subject,
                body,
                call_url(call),
                str(follow_up.public_id),
                kind,
            )
        ]
    )
    return follow_up


@transaction.atomic
def follow_up_complete(
    *, actor: User, follow_up: FollowUp, outcome: str, notes: str = ""
) -> FollowUp:
    """Mark the follow-up done with its outcome; the reminders about it are read. The
    same user marking it done again with the same outcome (a double submit, a retry
    after an outage whose first try did commit) changes nothing.

    Only the owner marks it done: the follow-up is the fixed consultant's, and the
    log must say who did it. A colleague who covers first reassigns it to themselves
    (``follow_up_reassign``, logged with the reason)."""
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",)).select_related("call").get(pk=follow_up.pk)
    )
    if follow_up.done_at is not None:
        if follow_up.done_by_id == actor.pk and follow_up.outcome == outcome:
            return follow_up
        raise ValidationError(_("The follow-up is already marked done."))
    if follow_up.owner_id != actor.pk:
        raise ValidationError(
            _(
                "Only the consultant who owns the follow-up can mark it done. If you are "
                "covering for a colleague, reassign the follow-up to yourself first."
            ),
            code="not_owner",
        )
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if outcome == Outcome.OTHER and not notes.strip():
        raise ValidationError({"notes": _("Describe what was done.")})
    before = snapshot(follow_up)
    now = timezone.now()
    follow_up.done_at = now
    follow_up.done_by = actor
    follow_up.outcome = outcome
    follow_up.notes = notes.strip()
    validated_save(follow_up)
    log_change(
        actor=actor,
        instance=follow_up,
        action="update",
        before=before,
        municipality_id=follow_up.call.municipality_id,
    )
    Notification.objects.filter(link=call_url(follow_up.call), read_at__isnull=True).update(
        read_at=now
    )
    return follow_up


@transaction.atomic
def notification_mark_read(*, user: User, notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id, user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
