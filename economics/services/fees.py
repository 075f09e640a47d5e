"""Fees (vederlag) per placed child in a generally approved family, and their
renegotiation: recorded while it goes on, concluded with its outcome and the reason
for it. A changed fee closes the agreement the day before the new fee starts and
opens a new one from that day."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Placement
from economics.models import FeeAgreement, FeeRenegotiation, FeeUnitRate
from economics.rules import RatesMissing
from families.models import GENERAL_TYPES, Approval
from families.selectors import approval_current_q
from fostercare.accounts.models import User
from fostercare.audit.services import log_change
from fostercare.formatting import format_amount
from fostercare.validation import validated_save, validated_update

FEE_CHANGES = (FeeRenegotiation.Result.RAISED, FeeRenegotiation.Result.LOWERED)


def _check_general_approval(placement: Placement, on: date) -> None:
    has_general = Approval.objects.filter(
        approval_current_q(on), family_id=placement.family_id, type__in=GENERAL_TYPES
    ).exists()
    if not has_general:
        raise ValidationError(
            _("Only a family with a current general approval is paid a fee (vederlag).")
        )


def _check_within_placement(placement: Placement, valid_from: date, valid_to: date | None) -> None:
    """A child's fee runs only while the child is placed in the family."""
    end = placement.end_date
    outside = valid_from < placement.start_date or (
        end is not None and (valid_from > end or valid_to is None or valid_to > end)
    )
    if outside:
        period = (
            _("from %(start)s to %(end)s")
            % {"start": f"{placement.start_date:%d-%m-%Y}", "end": f"{end:%d-%m-%Y}"}
            if end
            else _("from %(start)s") % {"start": f"{placement.start_date:%d-%m-%Y}"}
        )
        raise ValidationError(
            {
                "valid_from": _(
                    "The fee must lie within the child's placement in the family (%(period)s)."
                )
                % {"period": period}
            }
        )


def _check_units(units: Decimal | None, field: str = "units") -> None:
    if units is None:
        raise ValidationError({field: _("Give the number of fee units.")})
    if units <= 0:
        raise ValidationError({field: _("The number of fee units must be more than 0.")})


@transaction.atomic
def fee_agreement_create(
    *,
    actor: User,
    placement: Placement,
    units: Decimal,
    valid_from: date,
    valid_to: date | None = None,
    note: str = "",
) -> FeeAgreement:
    """A fee for one placed child in a generally approved family (network families get
    no fee): ``units`` × the year's fee unit, within the placement."""
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("family")
        .get(pk=placement.pk)
    )
    _check_units(units)
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The agreement cannot end before it starts.")})
    _check_general_approval(placement, valid_from)
    _check_within_placement(placement, valid_from, valid_to)
    agreement = FeeAgreement(
        family=placement.family,
        placement=placement,
        units=units,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note,
    )
    validated_save(agreement)
    log_change(
        actor=actor,
        instance=agreement,
        action="create",
        municipality_id=placement.child.municipality_id,
    )
    return agreement


@transaction.atomic
def fee_agreement_assign(
    *,
    actor: User,
    agreement: FeeAgreement,
    placement: Placement,
    valid_from: date,
    valid_to: date | None = None,
) -> FeeAgreement:
    """Give an agreement carried over from the time fees were agreed per family the
    placed child it is for; its period may be narrowed to the child's placement."""
    agreement = FeeAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.placement_id is not None:
        raise ValidationError(_("The agreement is already for a child."))
    if placement.family_id != agreement.family_id:
        raise ValidationError({"placement": _("Choose a child placed in this family.")})
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The agreement cannot end before it starts.")})
    _check_within_placement(placement, valid_from, valid_to)
    validated_update(
        actor=actor,
        instance=agreement,
        fields={
            "placement": placement,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "needs_assignment": "",
        },
        municipality_id=agreement.paying_municipality_id,
    )
    return agreement


def _monthly_fee(units: Decimal, on: date) -> Decimal:
    unit = FeeUnitRate.objects.filter(year=on.year).first()
    if unit is None:
        raise RatesMissing(on.year, table="fee")
    return units * unit.per_month


def _check_fee_change(
    agreement: FeeAgreement, result: str, new_units: Decimal | None, effective_from: date
) -> None:
    _check_units(new_units, "new_units")
    if agreement.placement_id is None:
        raise ValidationError(_("Assign the agreement to a child before the fee is changed."))
    if agreement.units is not None and agreement.fixed_monthly_amount is None:
        now, new = agreement.units, new_units
        same_scale = True
    else:  # an amount agreed per family: compare what the new units would pay
        try:
            new = _monthly_fee(new_units, effective_from)
        except RatesMissing as error:
            raise ValidationError({"new_units": error.messages}) from error
        now, same_scale = agreement.fixed_monthly_amount, False
    if result == FeeRenegotiation.Result.RAISED and new <= now:
        message = _("A raised fee must be higher than now (%(now)s).")
    elif result == FeeRenegotiation.Result.LOWERED and new >= now:
        message = _("A lowered fee must be lower than now (%(now)s).")
    else:
        return
    shown = f"{now.normalize():f}" if same_scale else f"{format_amount(now)} kr."
    raise ValidationError({"new_units": message % {"now": shown}})


def _change_fee(
    *, actor: User, agreement: FeeAgreement, new_units: Decimal, effective_from: date
) -> FeeAgreement:
    if effective_from <= agreement.valid_from:
        raise ValidationError(
            {"effective_from": _("A new fee must start after the current agreement started.")}
        )
    placement = agreement.placement
    _check_within_placement(placement, effective_from, agreement.valid_to)
    municipality_id = agreement.paying_municipality_id
    old_end = agreement.valid_to
    validated_update(
        actor=actor,
        instance=agreement,
        fields={"valid_to": effective_from - timedelta(days=1)},
        municipality_id=municipality_id,
    )
    new = FeeAgreement(
        family=agreement.family,
        placement=placement,
        units=new_units,
        valid_from=effective_from,
        valid_to=old_end,
    )
    validated_save(new)
    log_change(actor=actor, instance=new, action="create", municipality_id=municipality_id)
    return new


def _check_conclusion(result: str, outcome_reason: str) -> None:
    if result == FeeRenegotiation.Result.PENDING:
        return
    if result not in FeeRenegotiation.Result.values:
        raise ValidationError({"result": _("Choose the outcome.")})
    if not outcome_reason.strip():
        raise ValidationError(
            {"outcome_reason": _("Give the reason for the outcome: it is what a dispute turns on.")}
        )


@transaction.atomic
def fee_renegotiation_record(
    *,
    actor: User,
    agreement: FeeAgreement,
    date: date,
    requested_by: str,
    reason: str,
    result: str = FeeRenegotiation.Result.PENDING,
    outcome_reason: str = "",
    new_units: Decimal | None = None,
    effective_from: date | None = None,
    notes: str = "",
) -> FeeRenegotiation:
    """Record a renegotiation of the open agreement: still going on (``pending``), or
    concluded the same day with its outcome and the reason for it."""
    agreement = (
        FeeAgreement.objects.select_for_update(of=("self",))
        .select_related("family", "placement")
        .get(pk=agreement.pk)
    )
    if agreement.valid_to is not None:
        raise ValidationError(_("Only the open fee agreement can be renegotiated."))
    if date < agreement.valid_from:
        raise ValidationError({"date": _("The renegotiation cannot be before the agreement.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason the fee is to be renegotiated.")})
    _check_conclusion(result, outcome_reason)
    renegotiation = FeeRenegotiation(
        agreement=agreement,
        date=date,
        requested_by=requested_by,
        reason=reason,
        result=result,
        concluded_on=None if result == FeeRenegotiation.Result.PENDING else date,
        outcome_reason=outcome_reason,
        notes=notes,
    )
    renegotiation.full_clean(exclude=["agreement", "new_agreement"])
    if result in FEE_CHANGES:
        effective_from = effective_from or date
        _check_fee_change(agreement, result, new_units, effective_from)
        renegotiation.new_agreement = _change_fee(
            actor=actor, agreement=agreement, new_units=new_units, effective_from=effective_from
        )
    validated_save(renegotiation)
    log_change(
        actor=actor,
        instance=renegotiation,
        action="create",
        municipality_id=agreement.paying_municipality_id,
    )
    return renegotiation


@transaction.atomic
def fee_renegotiation_conclude(
    *,
    actor: User,
    renegotiation: FeeRenegotiation,
    concluded_on: date,
    result: str,
    outcome_reason: str,
    new_units: Decimal | None = None,
    effective_from: date | None = None,
) -> FeeRenegotiation:
    """Conclude a renegotiation that was going on: its outcome, the reason for it, and
    for a raised or lowered fee the new number of units and the day it starts."""
    renegotiation = FeeRenegotiation.objects.select_for_update().get(pk=renegotiation.pk)
    if not renegotiation.is_pending:
        raise ValidationError(_("The renegotiation has already been concluded."))
    if result == FeeRenegotiation.Result.PENDING:
        raise ValidationError({"result": _("Choose the outcome.")})
    _check_conclusion(result, outcome_reason)
    if concluded_on < renegotiation.date:
        raise ValidationError(
            {"concluded_on": _("The renegotiation cannot end before it was asked for.")}
        )
    agreement = (
        FeeAgreement.objects.select_for_update(of=("self",))
        .select_related("family", "placement")
        .get(pk=renegotiation.agreement_id)
    )
    fields = {"result": result, "concluded_on": concluded_on, "outcome_reason": outcome_reason}
    if result in FEE_CHANGES:
        if agreement.valid_to is not None:
            raise ValidationError(_("Only the open fee agreement can be renegotiated."))
        effective_from = effective_from or concluded_on
        _check_fee_change(agreement, result, new_units, effective_from)
        fields["new_agreement"] = _change_fee(
            actor=actor, agreement=agreement, new_units=new_units, effective_from=effective_from
        )
    validated_update(
        actor=actor,
        instance=renegotiation,
        fields=fields,
        municipality_id=agreement.paying_municipality_id,
    )
    return renegotiation
