"""The network-family suitability assessment and its decision (bekendtgørelse § 9)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from families.models import (
    Approval,
    ApprovalStatus,
    ApprovalType,
    AssessmentCondition,
    AssessmentCriterion,
    AssessmentCriterionKind,
    Family,
    NetworkAssessment,
)
from families.rules import MAX_ASSESSORS, MIN_ASSESSORS
from families.services.approvals import approval_create
from fostercare.accounts.models import User
from fostercare.audit.services import diff, log_change, snapshot
from fostercare.validation import only_fields, validated_save


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
