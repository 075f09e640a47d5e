"""Approvals: granting, changing and expiring them, with the capacity rules."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from families.models import (
    CHILD_SPECIFIC_TYPES,
    CURRENT_STATUSES,
    FULL_TIME_KINDS,
    GENERAL_TYPES,
    LEGACY_TYPES,
    Approval,
    ApprovalStatus,
    ApprovalType,
    Family,
    PlacementKind,
)
from families.rules import LEGACY_APPROVAL_CUTOFF
from families.selectors import approval_current_q, family_places_taken
from fostercare.accounts.models import User
from fostercare.audit.services import log_change, snapshot
from fostercare.validation import only_fields, validated_save

APPROVAL_FIELDS = (
    "type", "approving_body", "approving_municipality", "decision_date", "valid_from",
    "valid_to", "capacity_full_time", "capacity_respite", "status", "status_reason", "child",
)  # fmt: skip
NEEDS_REASON = (ApprovalStatus.SUSPENDED, ApprovalStatus.TERMINATED)


def _check_approval(approval: Approval, *, is_new_decision: bool) -> None:
    """The rules a database constraint cannot say, or says less kindly."""
    errors: dict[str, list[str]] = {}
    if (
        approval.type in LEGACY_TYPES
        and is_new_decision
        and (approval.decision_date is None or approval.decision_date >= LEGACY_APPROVAL_CUTOFF)
    ):
        errors.setdefault("type", []).append(
            _(
                "Specific and municipal approvals were abolished on 1 July 2019; "
                "only ones decided before then can be recorded."
            )
        )
    if approval.type in CHILD_SPECIFIC_TYPES:
        if approval.child is None:
            errors.setdefault("child", []).append(
                _("A network or specific approval is for one named child: choose the child.")
            )
        elif approval.child.municipality_id != approval.family.municipality_id:
            errors.setdefault("child", []).append(_("The child is not in this municipality."))
    elif approval.child is not None:
        errors.setdefault("child", []).append(
            _("Only network and specific approvals name a child.")
        )
    if approval.type in GENERAL_TYPES and approval.approving_body != Approval.Body.SOCIALTILSYN:
        errors.setdefault("approving_body", []).append(
            _("General approvals are granted by Socialtilsyn.")
        )
    if approval.type == ApprovalType.NETWORK and (
        approval.approving_body != Approval.Body.MUNICIPALITY
    ):
        errors.setdefault("approving_body", []).append(
            _("A network family is approved by the placing municipality.")
        )
    if approval.status in NEEDS_REASON and not approval.status_reason.strip():
        errors.setdefault("status_reason", []).append(
            _("Give the reason the approval is suspended or terminated.")
        )
    if approval.status in CURRENT_STATUSES and approval.type in GENERAL_TYPES:
        others = Approval.objects.filter(
            family_id=approval.family_id, type__in=GENERAL_TYPES, status__in=CURRENT_STATUSES
        ).exclude(pk=approval.pk)
        if others.exists():
            errors.setdefault("type", []).append(
                _(
                    "The family already has a current general approval; end it before "
                    "recording a new one."
                )
            )
    if errors:
        raise ValidationError(errors)


def _approving_municipality(approval: Approval) -> None:
    if (
        approval.approving_body == Approval.Body.MUNICIPALITY
        and not approval.approving_municipality_id
    ):
        approval.approving_municipality_id = approval.family.municipality_id


@transaction.atomic
def approval_create(*, actor: User, family: Family, **fields) -> Approval:
    approval = Approval(family=family, **only_fields(fields, APPROVAL_FIELDS))
    _approving_municipality(approval)
    _check_approval(approval, is_new_decision=True)
    validated_save(approval)
    log_change(
        actor=actor, instance=approval, action="create", municipality_id=family.municipality_id
    )
    return approval


@transaction.atomic
def approval_update(*, actor: User, approval: Approval, **fields) -> Approval:
    approval = Approval.objects.select_for_update().select_related("family").get(pk=approval.pk)
    before = snapshot(approval)
    for name, value in only_fields(fields, APPROVAL_FIELDS).items():
        setattr(approval, name, value)
    _approving_municipality(approval)
    decision_changed = (approval.type, approval.decision_date) != (
        before["type"],
        approval._meta.get_field("decision_date").to_python(before["decision_date"]),
    )
    _check_approval(approval, is_new_decision=decision_changed)
    _check_capacity_covers_placed(approval, before)
    validated_save(approval)
    log_change(
        actor=actor,
        instance=approval,
        action="update",
        before=before,
        municipality_id=approval.family.municipality_id,
    )
    return approval


def _check_capacity_covers_placed(approval: Approval, before: dict) -> None:
    """Places cannot be cut below the children living in the family now. (A change of
    status, e.g. a suspension, is not a cut: it is for the caseworkers to act on.) The
    family row is locked, as the placement services lock it before counting."""
    Family.objects.select_for_update().filter(pk=approval.family_id).first()
    today = timezone.localdate()
    others = Approval.objects.filter(
        approval_current_q(today), family_id=approval.family_id, status=ApprovalStatus.APPROVED
    ).exclude(pk=approval.pk)
    counts_now = approval.status == ApprovalStatus.APPROVED and approval.valid_from is not None
    counts_now = counts_now and approval.valid_from <= today
    counts_now = counts_now and (approval.valid_to is None or approval.valid_to >= today)
    errors = {}
    for field, kinds in (
        ("capacity_full_time", FULL_TIME_KINDS),
        ("capacity_respite", (PlacementKind.RESPITE,)),
    ):
        if getattr(approval, field) >= (before[field] or 0):
            continue
        taken = family_places_taken(approval.family, kinds)
        if not taken:
            continue
        capacity = sum(getattr(a, field) for a in others)
        capacity += getattr(approval, field) if counts_now else 0
        if capacity < taken:
            errors[field] = _(
                "%(taken)d children are placed in the family now: the approved places "
                "cannot be fewer. End a placement first."
            ) % {"taken": taken}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def approvals_expire_due(*, today: date | None = None) -> int:
    """Mark current approvals whose period has ended as expired (run daily by beat)."""
    today = today or timezone.localdate()
    due = (
        Approval.objects.select_for_update(skip_locked=True)
        .select_related("family")
        .filter(status__in=CURRENT_STATUSES, valid_to__lt=today)
    )
    count = 0
    for approval in due:
        before = snapshot(approval)
        approval.status = ApprovalStatus.EXPIRED
        approval.status_reason = _("The approval period ended.")
        approval.save(update_fields=["status", "status_reason"])
        log_change(
            actor=None,
            instance=approval,
            action="update",
            before=before,
            municipality_id=approval.family.municipality_id,
        )
        count += 1
    return count
