"""Every write to children's cases. Each function validates, saves in one transaction
and writes the change log."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cases.models import (
    ActionPlan,
    CaseworkerAssignment,
    Child,
    ContactArrangement,
    EndReason,
    InformationGiven,
    Placement,
    PlacementChange,
    StatutoryVisit,
)
from cases.rules import most_placed_at_once
from families.models import (
    CHILD_SPECIFIC_TYPES,
    FULL_TIME_KINDS,
    GENERAL_TYPES,
    Approval,
    ApprovalStatus,
    Family,
    PlacementKind,
)
from families.rules import may_take_child_from_another_municipality
from families.selectors import approval_current_q, family_generally_approved
from fostercare.accounts.models import Role, User
from fostercare.accounts.services import assignment_change, staff_check
from fostercare.audit.services import log_change
from fostercare.cpr import birth_date, normalise_cpr
from fostercare.validation import only_fields, validated_save, validated_update

# --- children ------------------------------------------------------------------------
CHILD_FIELDS = ("school", "needs", "wishes")


@transaction.atomic
def child_create(
    *,
    actor: User,
    first_name: str,
    last_name: str,
    cpr: str,
    caseworker: User | None = None,
    caseworker_from: date | None = None,
    **fields,
) -> Child:
    """Register a child in the actor's municipality; the CPR number gives the birth date.
    A caseworker who registers a child becomes its caseworker unless another is named."""
    try:
        cpr = normalise_cpr(cpr)
    except ValidationError as error:
        raise ValidationError({"cpr": error.messages}) from error
    child = Child(
        municipality_id=actor.municipality_id,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        cpr=cpr,
        birth_date=birth_date(cpr),
        **only_fields(fields, CHILD_FIELDS),
    )
    validated_save(child)
    log_change(actor=actor, instance=child, action="create")
    caseworker = caseworker or (actor if actor.role == Role.CASEWORKER else None)
    if caseworker is not None:
        staff_check(
            caseworker,
            roles=Role.CASEWORKER,
            municipality_id=child.municipality_id,
            field="caseworker",
        )
        assignment = CaseworkerAssignment(
            child=child, caseworker=caseworker, starts_on=caseworker_from or timezone.localdate()
        )
        validated_save(assignment)
        log_change(
            actor=actor, instance=assignment, action="create", municipality_id=child.municipality_id
        )
    return child


@transaction.atomic
def child_update(*, actor: User, child: Child, **fields) -> Child:
    validated_update(
        actor=actor,
        instance=child,
        fields=only_fields(fields, ("first_name", "last_name", *CHILD_FIELDS)),
        municipality_id=child.municipality_id,
    )
    return child


# --- caseworker ----------------------------------------------------------------------
@transaction.atomic
def caseworker_change(
    *, actor: User, child: Child, caseworker: User, starts_on: date, reason: str
) -> CaseworkerAssignment:
    """Hand the child to another caseworker from ``starts_on`` (the kernel's
    ``assignment_change`` rule)."""
    staff_check(
        caseworker, roles=Role.CASEWORKER, municipality_id=child.municipality_id, field="caseworker"
    )
    return assignment_change(
        actor=actor,
        model=CaseworkerAssignment,
        record=child,
        staff=caseworker,
        starts_on=starts_on,
        reason=reason,
        municipality_id=child.municipality_id,
    )


# --- placements ----------------------------------------------------------------------
PLACEMENT_FIELDS = ("kind", "legal_basis", "consent", "start_date", "planned_end")


def _capacity_field(kind: str) -> str:
    return "capacity_full_time" if kind in FULL_TIME_KINDS else "capacity_respite"


def _check_family_may_take(family: Family, child: Child, kind: str, on: date) -> None:
    """The approval rules; the family row is locked by the caller, so two placements in
    the same family at the same moment are checked one after the other."""
    approvals = Approval.objects.filter(
        approval_current_q(on), family=family, status=ApprovalStatus.APPROVED
    )
    general = approvals.filter(type__in=GENERAL_TYPES)
    for_child = approvals.filter(type__in=CHILD_SPECIFIC_TYPES, child=child)
    if not general.exists() and not for_child.exists():
        if Approval.objects.filter(family=family, type__in=CHILD_SPECIFIC_TYPES).exists():
            raise ValidationError(
                {
                    "family": _(
                        "A network family may only take the child it is approved for: the "
                        "family has no current network approval for this child."
                    )
                }
            )
        raise ValidationError({"family": _("The family has no current approval.")})
    field = _capacity_field(kind)
    capacity = approvals.aggregate(total=Sum(field))["total"] or 0
    kinds = FULL_TIME_KINDS if kind in FULL_TIME_KINDS else (PlacementKind.RESPITE,)
    placed = most_placed_at_once(
        Placement.objects.filter(family=family, kind__in=kinds)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
        .exclude(child=child)
        .values_list("start_date", "end_date"),
        on=on,
    )
    if placed >= capacity:
        raise ValidationError(
            {
                "family": _(
                    "The family is approved for %(capacity)d such places and %(placed)d are "
                    "taken: a family cannot take more children than its approval allows."
                )
                % {"capacity": capacity, "placed": placed}
            }
        )


def _check_municipality(family: Family, child: Child, on: date, field: str) -> None:
    """A family of another municipality may take the child only with a current general
    approval (``families.rules.may_take_child_from_another_municipality``)."""
    same = family.municipality_id == child.municipality_id
    general = same or family_generally_approved(family=family, on=on)
    if not may_take_child_from_another_municipality(
        same_municipality=same, generally_approved=general
    ):
        raise ValidationError(
            {
                field: _(
                    "The family belongs to another municipality and has no current general "
                    "approval: a child can be placed with another municipality's family only "
                    "when Socialtilsynet has approved it generally."
                )
            }
        )


def _new_placement(*, actor: User, child: Child, family: Family, fields: dict) -> Placement:
    family = Family.objects.select_for_update().get(pk=family.pk)
    placement = Placement(child=child, family=family, **only_fields(fields, PLACEMENT_FIELDS))
    placement.full_clean()  # field formats and dates first, the family's rules next
    _check_municipality(family, child, placement.start_date, "family")
    _check_family_may_take(family, child, placement.kind, placement.start_date)
    validated_save(placement)
    log_change(
        actor=actor, instance=placement, action="create", municipality_id=child.municipality_id
    )
    return placement


@transaction.atomic
def placement_create(*, actor: User, child: Child, family: Family, **fields) -> Placement:
    """Place a child in a foster family. At most one active full-time placement per
    child (a database constraint); the family needs a current approval — a network
    family one for this child — with a free place."""
    return _new_placement(actor=actor, child=child, family=family, fields=fields)


def _check_end(placement: Placement, end_date: date, end_reason: str, breakdown_reasons) -> None:
    errors = {}
    if end_date > timezone.localdate():
        errors["end_date"] = _("Record the end when it has happened: the date is in the future.")
    if end_reason != EndReason.BREAKDOWN and breakdown_reasons:
        errors["breakdown_reasons"] = _("Breakdown reasons belong to a breakdown only.")
    if end_reason == EndReason.BREAKDOWN and not breakdown_reasons:
        errors["breakdown_reasons"] = _("Give the reasons for the breakdown.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def placement_end(
    *,
    actor: User,
    placement: Placement,
    end_date: date,
    end_reason: str,
    breakdown_reasons: list[str] = (),
    end_note: str = "",
) -> Placement:
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.end_date is not None:
        raise ValidationError(_("The placement has already ended."))
    breakdown_reasons = list(breakdown_reasons)
    _check_end(placement, end_date, end_reason, breakdown_reasons)
    validated_update(
        actor=actor,
        instance=placement,
        fields={
            "end_date": end_date,
            "end_reason": end_reason,
            "breakdown_reasons": breakdown_reasons,
            "end_note": end_note.strip(),
        },
        municipality_id=placement.child.municipality_id,
    )
    return placement


# --- change of placement -------------------------------------------------------------
CHANGE_FIELDS = (
    "kind", "legal_basis", "consent", "planned_move_on", "reason", "initiated_by",
    "poor_match", "late_assessment", "old_end_reason", "breakdown_reasons",
)  # fmt: skip
STEP_FIELDS = (
    "action_plan_revised_on", "child_conversation_on", "family_statement_on",
    "acute_exception", "acute_reason",
)  # fmt: skip


def _check_change(change: PlacementChange) -> None:
    """What a change of placement must satisfy while it is open: a new family that may
    take the child, not the current one, breakdown reasons only for a breakdown, a free
    place of the right kind in the new family on the planned move date. The place is
    checked here without a lock, so the caseworker learns early that the family is full;
    the move itself checks again with the family row locked (``_new_placement``)."""
    to_family = change.to_family
    if to_family.pk == change.from_placement.family_id:
        raise ValidationError({"to_family": _("The child already lives in this family.")})
    if change.old_end_reason == EndReason.BREAKDOWN and not change.breakdown_reasons:
        raise ValidationError({"breakdown_reasons": _("Give the reasons for the breakdown.")})
    if change.old_end_reason != EndReason.BREAKDOWN and change.breakdown_reasons:
        raise ValidationError(
            {"breakdown_reasons": _("Breakdown reasons belong to a breakdown only.")}
        )
    change.full_clean(exclude=["status"])
    _check_municipality(to_family, change.child, change.planned_move_on, "to_family")
    try:
        _check_family_may_take(to_family, change.child, change.kind, change.planned_move_on)
    except ValidationError as error:
        messages = error.message_dict.get("family", error.messages)
        raise ValidationError(
            {
                "to_family": [
                    _(
                        "The new family cannot take the child: %(reason)s Choose another "
                        "family, or cancel the change of placement."
                    )
                    % {"reason": " ".join(messages)}
                ]
            }
        ) from error


@transaction.atomic
def placement_change_start(
    *, actor: User, child: Child, to_family: Family, **fields
) -> PlacementChange:
    """Open the decision record of a move from the child's current full-time placement.
    Refused when the new family has no free place of the kind."""
    current = Placement.objects.filter(
        child=child, end_date__isnull=True, kind__in=FULL_TIME_KINDS
    ).first()
    if current is None:
        raise ValidationError(_("The child has no active full-time placement to move from."))
    change = PlacementChange(
        child=child,
        from_placement=current,
        to_family=to_family,
        decided_by=actor,
        **only_fields(fields, CHANGE_FIELDS),
    )
    _check_change(change)
    validated_save(change)
    log_change(actor=actor, instance=change, action="create", municipality_id=child.municipality_id)
    return change


@transaction.atomic
def placement_change_update(
    *, actor: User, change: PlacementChange, to_family: Family, **fields
) -> PlacementChange:
    """Edit an open change of placement (another family, kind, date, reasons); the new
    family's place is checked again."""
    change = _locked_open(change)
    change.to_family = to_family
    for name, value in only_fields(fields, CHANGE_FIELDS).items():
        setattr(change, name, value)
    _check_change(change)
    validated_update(
        actor=actor,
        instance=change,
        fields={"to_family": to_family, **fields},
        municipality_id=change.child.municipality_id,
    )
    return change


@transaction.atomic
def placement_change_cancel(
    *, actor: User, change: PlacementChange, reason: str
) -> PlacementChange:
    """Cancel an open change of placement with its reason (logged); the child stays in
    the current placement and a new change can be started."""
    change = _locked_open(change)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling the change.")})
    validated_update(
        actor=actor,
        instance=change,
        fields={
            "status": PlacementChange.Status.CANCELLED,
            "cancelled_on": timezone.localdate(),
            "cancel_reason": reason,
        },
        municipality_id=change.child.municipality_id,
    )
    return change


def _locked_open(change: PlacementChange) -> PlacementChange:
    change = PlacementChange.objects.select_for_update().get(pk=change.pk)
    if change.status != PlacementChange.Status.OPEN:
        raise ValidationError(_("The change of placement is no longer open."))
    return change


@transaction.atomic
def placement_change_record_steps(
    *, actor: User, change: PlacementChange, **fields
) -> PlacementChange:
    """Record the dates of the legal steps (or an acute exception with its reason)."""
    change = _locked_open(change)
    fields = only_fields(fields, STEP_FIELDS)
    today = timezone.localdate()
    errors = {}
    for name in ("action_plan_revised_on", "child_conversation_on", "family_statement_on"):
        value = fields.get(name)
        if value is not None and value > today:
            errors[name] = _(
                "A step is recorded when it has been taken: the date is in the future."
            )
    if fields.get("acute_exception") and not (fields.get("acute_reason") or "").strip():
        errors["acute_reason"] = _("An acute exception needs its reason.")
    if errors:
        raise ValidationError(errors)
    if "acute_reason" in fields:
        fields["acute_reason"] = fields["acute_reason"].strip()
    _check_change(change)  # the new family may have filled up since the change began
    validated_update(
        actor=actor, instance=change, fields=fields, municipality_id=change.child.municipality_id
    )
    return change


@transaction.atomic
def placement_change_complete(*, actor: User, change: PlacementChange, moved_on: date) -> Placement:
    """Move the child: end the old placement and start the new one, in one transaction.
    Refused while a legal step is missing."""
    change = _locked_open(change)
    missing = change.missing_steps
    if missing:
        raise ValidationError(
            _(
                "The child cannot be moved yet: a legal step is missing (%(steps)s). "
                "In 39 %% of the moves Ankestyrelsen reviewed, a step like this was skipped."
            )
            % {"steps": ", ".join(label for _name, label, _why in missing)}
        )
    old = change.from_placement
    if moved_on < old.start_date:
        raise ValidationError(
            {"moved_on": _("The move cannot be before the current placement started.")}
        )
    placement_end(
        actor=actor,
        placement=old,
        end_date=moved_on,
        end_reason=change.old_end_reason,
        breakdown_reasons=change.breakdown_reasons,
        end_note=_("Change of placement"),
    )
    new = _new_placement(
        actor=actor,
        child=change.child,
        family=change.to_family,
        fields={
            "kind": change.kind,
            "legal_basis": change.legal_basis,
            "consent": change.consent,
            "start_date": moved_on,
        },
    )
    validated_update(
        actor=actor,
        instance=change,
        fields={
            "status": PlacementChange.Status.COMPLETED,
            "completed_on": moved_on,
            "new_placement": new,
        },
        municipality_id=change.child.municipality_id,
    )
    return new


# --- action plan and visits ----------------------------------------------------------
@transaction.atomic
def action_plan_create(
    *, actor: User, child: Child, adopted_on: date, goals: str, next_review_on: date
) -> ActionPlan:
    """Adopt or revise the action plan (a revision is a new version)."""
    plan = ActionPlan(
        child=child,
        adopted_on=adopted_on,
        goals=goals.strip(),
        next_review_on=next_review_on,
        created_by=actor,
    )
    validated_save(plan)
    log_change(actor=actor, instance=plan, action="create", municipality_id=child.municipality_id)
    return plan


@transaction.atomic
def visit_record(
    *, actor: User, child: Child, visited_on: date, spoken_alone: bool, notes: str = "",
    not_alone_reason: str = "", visitor: User | None = None,
) -> StatutoryVisit:  # fmt: skip
    """Record a statutory visit. It resets the half-year deadline only when the child was
    spoken with alone or the reason why not is recorded (``rules.visit_resets_deadline``);
    a visit without either is kept, and the child stays due on the worklist."""
    not_alone_reason = not_alone_reason.strip()
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("Record a visit when it has taken place.")})
    if spoken_alone and not_alone_reason:
        raise ValidationError(
            {
                "not_alone_reason": _(
                    "The child was spoken with alone: leave the reason why not empty."
                )
            }
        )
    if not Placement.objects.filter(child=child, start_date__lte=visited_on).exists():
        raise ValidationError(
            {
                "visited_on": _(
                    "A statutory visit is to a placed child: the child was not placed then."
                )
            }
        )
    visit = StatutoryVisit(
        child=child,
        visited_on=visited_on,
        visitor=visitor or actor,
        spoken_alone=spoken_alone,
        not_alone_reason=not_alone_reason,
        notes=notes.strip(),
    )
    validated_save(visit)
    log_change(actor=actor, instance=visit, action="create", municipality_id=child.municipality_id)
    return visit


# --- contact with birth parents (samvær) ----------------------------------------------
CONTACT_FIELDS = (
    "with_whom", "frequency", "supervised", "place", "decision", "decided_on", "starts_on",
    "ends_on", "notes",
)  # fmt: skip


@transaction.atomic
def contact_arrangement_record(*, actor: User, child: Child, **fields) -> ContactArrangement:
    """Record the child's contact arrangement. A new arrangement ends the current one the
    day before it starts (logged), so the history of changes stays; the end cannot be
    before the start, and a decision is recorded when it has been made."""
    fields = only_fields(fields, CONTACT_FIELDS)
    for name in ("with_whom", "frequency", "place", "decision", "notes"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    arrangement = ContactArrangement(child=child, created_by=actor, **fields)
    errors = {}
    if (
        arrangement.ends_on
        and arrangement.starts_on
        and arrangement.ends_on < arrangement.starts_on
    ):
        errors["ends_on"] = _("The arrangement cannot end before it starts.")
    if arrangement.decided_on and arrangement.decided_on > timezone.localdate():
        errors["decided_on"] = _("Record the decision when it has been made.")
    if errors:
        raise ValidationError(errors)
    Child.objects.select_for_update().filter(pk=child.pk).first()  # one change at a time
    current = ContactArrangement.objects.filter(child=child, ends_on__isnull=True).first()
    if current is not None:
        if arrangement.starts_on <= current.starts_on:
            raise ValidationError(
                {
                    "starts_on": _(
                        "A new arrangement starts after the current one (from %(date)s)."
                    )
                    % {"date": formats.date_format(current.starts_on, "j. M Y")}
                }
            )
        validated_update(
            actor=actor,
            instance=current,
            fields={"ends_on": arrangement.starts_on - timedelta(days=1)},
            municipality_id=child.municipality_id,
        )
    validated_save(arrangement)
    log_change(
        actor=actor, instance=arrangement, action="create", municipality_id=child.municipality_id
    )
    return arrangement


# --- information given to the foster family ------------------------------------------
@transaction.atomic
def information_record(
    *, actor: User, placement: Placement, items: list[str], given_on: date, note: str = ""
) -> list[InformationGiven]:
    """Log that the listed information about the child was given to the foster family of
    ``placement`` on ``given_on`` by ``actor``: one row per item."""
    errors = {}
    if not items:
        errors["items"] = _("Choose what was given.")
    if given_on > timezone.localdate():
        errors["given_on"] = _("Record the information when it has been given.")
    elif given_on < placement.start_date - timedelta(days=60):
        errors["given_on"] = _("The date is long before the placement started.")
    if errors:
        raise ValidationError(errors)
    rows = []
    for item in dict.fromkeys(items):
        row = InformationGiven(
            placement=placement, item=item, given_on=given_on, given_by=actor, note=note.strip()
        )
        validated_save(row)
        log_change(
            actor=actor,
            instance=row,
            action="create",
            municipality_id=placement.child.municipality_id,
        )
        rows.append(row)
    return rows
