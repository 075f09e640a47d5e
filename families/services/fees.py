"""Fees (vederlag) for generally approved families and their renegotiation."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from families.models import (
    GENERAL_TYPES,
    Approval,
    Family,
    FeeAgreement,
    FeeRenegotiation,
)
from families.selectors import approval_current_q
from fostercare.accounts.models import User
from fostercare.audit.services import log_change
from fostercare.validation import validated_save, validated_update


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
