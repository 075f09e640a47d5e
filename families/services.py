"""Every write to the foster-family register. Each function validates, saves in one
transaction and writes the change log."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
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
    AssessmentCondition,
    AssessmentCriterion,
    AssessmentCriterionKind,
    ConsultantAssignment,
    Family,
    FamilyMember,
    FeeAgreement,
    FeeRenegotiation,
    NetworkAssessment,
    PlacementKind,
)
from families.rules import LEGACY_APPROVAL_CUTOFF, MAX_ASSESSORS, MIN_ASSESSORS
from families.selectors import approval_current_q, family_places_taken
from fostercare.accounts.models import Role, User
from fostercare.accounts.services import assignment_change, staff_check
from fostercare.audit.services import diff, log_change, snapshot
from fostercare.cpr import normalise_cpr
from fostercare.validation import only_fields, validated_save, validated_update

FAMILY_FIELDS = (
    "name", "street", "postal_code", "city", "district", "phone", "phone_secondary",
    "email", "languages", "notes",
)  # fmt: skip


# --- families ------------------------------------------------------------------------
@transaction.atomic
def family_create(
    *, actor: User, consultant: User, consultant_from: date | None = None, **fields
) -> Family:
    """Register a household with its fixed consultant from ``consultant_from`` (today)."""
    family = Family(municipality_id=actor.municipality_id, **only_fields(fields, FAMILY_FIELDS))
    staff_check(
        consultant,
        roles=Role.CONSULTANT,
        municipality_id=family.municipality_id,
        field="consultant",
    )
    validated_save(family)
    log_change(
        actor=actor, instance=family, action="create", municipality_id=family.municipality_id
    )
    assignment = ConsultantAssignment(
        family=family, consultant=consultant, starts_on=consultant_from or timezone.localdate()
    )
    validated_save(assignment)
    log_change(
        actor=actor, instance=assignment, action="create", municipality_id=family.municipality_id
    )
    return family


@transaction.atomic
def family_update(*, actor: User, family: Family, **fields) -> Family:
    validated_update(
        actor=actor,
        instance=family,
        fields=only_fields(fields, (*FAMILY_FIELDS, "is_active")),
        municipality_id=family.municipality_id,
    )
    return family


@transaction.atomic
def family_consultant_change(
    *, actor: User, family: Family, consultant: User, starts_on: date, reason: str
) -> ConsultantAssignment:
    """Hand the family to another fixed consultant from ``starts_on`` (the kernel's
    ``assignment_change`` rule)."""
    staff_check(
        consultant,
        roles=Role.CONSULTANT,
        municipality_id=family.municipality_id,
        field="consultant",
    )
    return assignment_change(
        actor=actor,
        model=ConsultantAssignment,
        record=family,
        staff=consultant,
        starts_on=starts_on,
        reason=reason,
        municipality_id=family.municipality_id,
    )


# --- members -------------------------------------------------------------------------
MEMBER_FIELDS = ("kind", "full_name", "cpr", "birth_year", "phone", "occupation")


def _member_fields(fields: dict) -> dict:
    fields = dict(only_fields(fields, MEMBER_FIELDS))
    if fields.get("cpr"):
        try:
            fields["cpr"] = normalise_cpr(fields["cpr"])
        except ValidationError as error:
            raise ValidationError({"cpr": error.messages}) from error
    return fields


@transaction.atomic
def family_member_add(*, actor: User, family: Family, **fields) -> FamilyMember:
    member = FamilyMember(family=family, **_member_fields(fields))
    validated_save(member)
    log_change(
        actor=actor, instance=member, action="create", municipality_id=family.municipality_id
    )
    return member


@transaction.atomic
def family_member_update(*, actor: User, member: FamilyMember, **fields) -> FamilyMember:
    validated_update(
        actor=actor,
        instance=member,
        fields=_member_fields(fields),
        municipality_id=member.family.municipality_id,
    )
    return member


@transaction.atomic
def family_member_remove(*, actor: User, member: FamilyMember) -> None:
    log_change(
        actor=actor,
        instance=member,
        action="delete",
        municipality_id=member.family.municipality_id,
    )
    member.delete()


# --- approvals -----------------------------------------------------------------------
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


# --- network-family assessment ---------------------------------------------------------
@dataclass(frozen=True)
class CriterionInput:
    criterion: str
    rating: int | None
    note: str = ""


@dataclass(frozen=True)
class ConditionInput:
    description: str
    start_by: date
    started_on: date | None = None


ASSESSMENT_FIELDS = (
    "relation_to_child", "relation_rating", "started_on", "alignment_meeting_on",
    "alignment_participants", "alignment_notes",
)  # fmt: skip


def _check_assessors(assessors: list[User], municipality_id: int) -> None:
    if not MIN_ASSESSORS <= len(assessors) <= MAX_ASSESSORS:
        raise ValidationError({"assessors": _("An assessment has one or two assessors.")})
    if any(a.municipality_id != municipality_id for a in assessors):
        raise ValidationError({"assessors": _("The assessors must work in the municipality.")})


def _save_assessment_parts(
    assessment: NetworkAssessment,
    criteria: list[CriterionInput],
    conditions: list[ConditionInput],
) -> None:
    known = set(AssessmentCriterionKind.values)
    for item in criteria:
        if item.criterion not in known:
            raise ValidationError({"criteria": _("Unknown criterion.")})
        AssessmentCriterion.objects.update_or_create(
            assessment=assessment,
            criterion=item.criterion,
            defaults={"rating": item.rating, "note": item.note},
        )
    assessment.conditions.all().delete()
    for item in conditions:
        if item.started_on and item.started_on < assessment.started_on:
            raise ValidationError(
                {"conditions": _("Support cannot start before the assessment did.")}
            )
        validated_save(
            AssessmentCondition(
                assessment=assessment,
                description=item.description,
                start_by=item.start_by,
                started_on=item.started_on,
            ),
            exclude=["assessment"],
        )


def _assessment_state(assessment: NetworkAssessment) -> dict:
    """What the change log keeps of an assessment: its fields and every part of it."""
    return snapshot(assessment) | {
        "assessors": sorted(assessment.assessors.values_list("pk", flat=True)),
        "criteria": {c.criterion: [c.rating, c.note] for c in assessment.criteria.all()},
        "conditions": [
            [c.description, c.start_by.isoformat(), c.started_on and c.started_on.isoformat()]
            for c in assessment.conditions.all()
        ],
    }


@transaction.atomic
def network_assessment_start(
    *,
    actor: User,
    family: Family,
    child: models.Model,
    assessors: list[User],
    criteria: list[CriterionInput] = (),
    conditions: list[ConditionInput] = (),
    **fields,
) -> NetworkAssessment:
    """Record a suitability assessment of a network family for one child."""
    if child.municipality_id != family.municipality_id:
        raise ValidationError({"child": _("The child is not in this municipality.")})
    _check_assessors(assessors, family.municipality_id)
    assessment = NetworkAssessment(
        family=family, child=child, **only_fields(fields, ASSESSMENT_FIELDS)
    )
    validated_save(assessment)
    assessment.assessors.set(assessors)
    _save_assessment_parts(assessment, list(criteria), list(conditions))
    log_change(
        actor=actor,
        instance=assessment,
        action="create",
        changes={
            "assessors": [a.pk for a in assessors],
            "criteria": {c.criterion: [c.rating, c.note] for c in criteria},
            "conditions": [[c.description, c.start_by.isoformat()] for c in conditions],
        },
        municipality_id=family.municipality_id,
    )
    return assessment


@transaction.atomic
def network_assessment_update(
    *,
    actor: User,
    assessment: NetworkAssessment,
    assessors: list[User],
    criteria: list[CriterionInput] = (),
    conditions: list[ConditionInput] = (),
    **fields,
) -> NetworkAssessment:
    # Re-read under lock: someone may have decided it since this user opened the form.
    assessment = (
        NetworkAssessment.objects.select_for_update()
        .select_related("family", "child")
        .get(pk=assessment.pk)
    )
    if assessment.outcome != NetworkAssessment.Outcome.PENDING:
        raise ValidationError(_("A decided assessment cannot be changed."))
    _check_assessors(assessors, assessment.family.municipality_id)
    before = _assessment_state(assessment)
    for name, value in only_fields(fields, ASSESSMENT_FIELDS).items():
        setattr(assessment, name, value)
    validated_save(assessment)
    assessment.assessors.set(assessors)
    _save_assessment_parts(assessment, list(criteria), list(conditions))
    after = _assessment_state(assessment)
    log_change(
        actor=actor,
        instance=assessment,
        action="update",
        changes=diff(before, after),
        municipality_id=assessment.family.municipality_id,
    )
    return assessment


@transaction.atomic
def network_assessment_decide(
    *,
    actor: User,
    assessment: NetworkAssessment,
    outcome: str,
    reason: str,
    decided_on: date,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> NetworkAssessment:
    """Decide the assessment; approving it grants the family a network approval for
    the child in the same transaction (bekendtgørelse § 9)."""
    assessment = (
        NetworkAssessment.objects.select_for_update()
        .select_related("family", "child")
        .get(pk=assessment.pk)
    )
    if assessment.outcome != NetworkAssessment.Outcome.PENDING:
        raise ValidationError(_("The assessment has already been decided."))
    if outcome not in NetworkAssessment.Outcome.values or outcome == "pending":
        raise ValidationError({"outcome": _("Choose approved, rejected or withdrawn.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reasons for the decision.")})
    before = snapshot(assessment)
    if outcome == NetworkAssessment.Outcome.APPROVED:
        assessment.approval = approval_create(
            actor=actor,
            family=assessment.family,
            type=ApprovalType.NETWORK,
            approving_body=Approval.Body.MUNICIPALITY,
            decision_date=decided_on,
            valid_from=valid_from or decided_on,
            valid_to=valid_to,
            capacity_full_time=1,
            capacity_respite=0,
            status=ApprovalStatus.APPROVED,
            child=assessment.child,
        )
    assessment.outcome = outcome
    assessment.outcome_reason = reason.strip()
    assessment.decided_on = decided_on
    validated_save(assessment)
    log_change(
        actor=actor,
        instance=assessment,
        action="update",
        before=before,
        municipality_id=assessment.family.municipality_id,
    )
    return assessment


# --- fees ------------------------------------------------------------------------------
@transaction.atomic
def fee_agreement_create(
    *,
    actor: User,
    family: Family,
    level: str,
    monthly_amount: Decimal,
    valid_from: date,
    valid_to: date | None = None,
    note: str = "",
) -> FeeAgreement:
    """A fee for a generally approved family (network families get no fee)."""
    has_general = Approval.objects.filter(
        approval_current_q(valid_from), family=family, type__in=GENERAL_TYPES
    ).exists()
    if not has_general:
        raise ValidationError(
            _("Only a family with a current general approval is paid a fee (vederlag).")
        )
    agreement = FeeAgreement(
        family=family,
        level=level,
        monthly_amount=monthly_amount,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note,
    )
    validated_save(agreement)
    log_change(
        actor=actor, instance=agreement, action="create", municipality_id=family.municipality_id
    )
    return agreement


@transaction.atomic
def fee_renegotiation_record(
    *,
    actor: User,
    agreement: FeeAgreement,
    date: date,
    requested_by: str,
    reason: str,
    result: str,
    new_level: str = "",
    new_amount: Decimal | None = None,
    notes: str = "",
) -> FeeRenegotiation:
    """Record a renegotiation; a changed fee closes the agreement the day before
    ``date`` and opens a new one from ``date``."""
    agreement = (
        FeeAgreement.objects.select_for_update().select_related("family").get(pk=agreement.pk)
    )
    municipality_id = agreement.family.municipality_id
    if agreement.valid_to is not None:
        raise ValidationError(_("Only the open fee agreement can be renegotiated."))
    if date < agreement.valid_from:
        raise ValidationError({"date": _("The renegotiation cannot be before the agreement.")})
    renegotiation = FeeRenegotiation(
        agreement=agreement,
        date=date,
        requested_by=requested_by,
        reason=reason,
        result=result,
        notes=notes,
    )
    changes_fee = result in (FeeRenegotiation.Result.RAISED, FeeRenegotiation.Result.LOWERED)
    if changes_fee:
        if new_amount is None:
            raise ValidationError({"new_amount": _("Give the new monthly amount.")})
        if result == FeeRenegotiation.Result.RAISED and new_amount <= agreement.monthly_amount:
            raise ValidationError({"new_amount": _("A raised fee must be higher than now.")})
        if result == FeeRenegotiation.Result.LOWERED and new_amount >= agreement.monthly_amount:
            raise ValidationError({"new_amount": _("A lowered fee must be lower than now.")})
        if date <= agreement.valid_from:
            raise ValidationError(
                {"date": _("A new fee must start after the current agreement started.")}
            )
        validated_update(
            actor=actor,
            instance=agreement,
            fields={"valid_to": date - timedelta(days=1)},
            municipality_id=municipality_id,
        )
        renegotiation.new_agreement = FeeAgreement(
            family=agreement.family,
            level=new_level or agreement.level,
            monthly_amount=new_amount,
            valid_from=date,
        )
        validated_save(renegotiation.new_agreement)
        log_change(
            actor=actor,
            instance=renegotiation.new_agreement,
            action="create",
            municipality_id=municipality_id,
        )
    validated_save(renegotiation)
    log_change(
        actor=actor, instance=renegotiation, action="create", municipality_id=municipality_id
    )
    return renegotiation
