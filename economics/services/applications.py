"""A network family's applications for other and extraordinary costs and for lost
earnings, the decision on each (made once: the application's row is locked, so two
people deciding at the same moment cannot both save a decision), the letter that
tells the family, and what has been paid."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Child, Placement
from economics.models import (
    ApplicationKind,
    DecisionOutcome,
    DecisionRule,
    ExpenseApplication,
    ExpenseDecision,
)
from economics.rules import undocumented_grant_check
from economics.selectors.applications import undocumented_used
from economics.services.letters import decision_letter_issue
from families.models import ApprovalType
from families.selectors import approval_current_q
from fostercare.accounts.models import User
from fostercare.audit.services import log_change
from fostercare.formatting import format_amount
from fostercare.validation import validated_save, validated_update


def _kr(value: Decimal) -> str:
    return f"{format_amount(value)} kr."


def _check_network_family(placement: Placement, on: date) -> None:
    """Only a network family approved for the child applies: its expenses are covered
    because it takes the child for no fee."""
    approvals = placement.family.approvals.filter(
        approval_current_q(on), type=ApprovalType.NETWORK, child_id=placement.child_id
    )
    if not approvals.exists():
        raise ValidationError(
            {
                "placement": _(
                    "Only a network family approved for the child can apply for other costs "
                    "and lost earnings."
                )
            }
        )


def _check_amount(amount: Decimal | None, field: str, *, required: bool) -> None:
    if amount is None:
        if required:
            raise ValidationError({field: _("Give the amount.")})
        return
    if amount <= 0:
        raise ValidationError({field: _("The amount must be more than 0 kr.")})


@transaction.atomic
def expense_application_register(
    *,
    actor: User,
    placement: Placement,
    kind: str,
    received_on: date,
    description: str,
    category: str = "",
    amount_applied: Decimal | None = None,
    agreed_beforehand: bool = False,
    agreed_on: date | None = None,
    documented: bool = False,
) -> ExpenseApplication:
    """Register a network family's application for one placed child, as received."""
    placement = Placement.objects.select_related("family", "child").get(pk=placement.pk)
    today = timezone.localdate()
    if received_on > today:
        raise ValidationError({"received_on": _("The date it was received is in the future.")})
    _check_network_family(placement, received_on)
    other_costs = kind == ApplicationKind.OTHER_COSTS
    if other_costs and not category:
        raise ValidationError({"category": _("Choose what the expense is for.")})
    if not other_costs:
        category = ""
    _check_amount(amount_applied, "amount_applied", required=other_costs)
    if not description.strip():
        raise ValidationError({"description": _("Describe what the family applies for.")})
    if agreed_beforehand and agreed_on is None:
        raise ValidationError({"agreed_on": _("Give the date the expense was agreed.")})
    if not agreed_beforehand:
        agreed_on = None
    if agreed_on is not None and agreed_on > today:
        raise ValidationError({"agreed_on": _("The date it was agreed is in the future.")})
    application = ExpenseApplication(
        municipality_id=placement.child.municipality_id,
        family=placement.family,
        placement=placement,
        kind=kind,
        received_on=received_on,
        category=category,
        description=description.strip(),
        amount_applied=amount_applied,
        agreed_beforehand=agreed_beforehand,
        agreed_on=agreed_on,
        documented=documented,
        registered_by=actor,
    )
    validated_save(application)
    log_change(actor=actor, instance=application, action="create")
    return application


def _grant_amount(application: ExpenseApplication, outcome: str, amount: Decimal | None) -> Decimal:
    """The amount a decision on other costs grants, checked against what was applied for."""
    applied = application.amount_applied
    if outcome == DecisionOutcome.REFUSED:
        if amount:
            raise ValidationError(
                {"amount": _("A refusal grants nothing: leave the amount empty.")}
            )
        return Decimal("0.00")
    if amount is None and outcome == DecisionOutcome.FULL:
        return applied
    _check_amount(amount, "amount", required=True)
    if amount > applied:
        raise ValidationError(
            {
                "amount": _("A grant cannot be more than the amount applied for (%(applied)s).")
                % {"applied": _kr(applied)}
            }
        )
    if outcome == DecisionOutcome.FULL and amount != applied:
        raise ValidationError(
            {
                "amount": _("A grant in full is the amount applied for (%(applied)s).")
                % {"applied": _kr(applied)}
            }
        )
    if outcome == DecisionOutcome.PARTIAL and amount == applied:
        raise ValidationError(
            {"amount": _("A grant in part is less than the amount applied for; grant it in full.")}
        )
    return amount


def _lost_earnings_fields(
    application: ExpenseApplication,
    outcome: str,
    amount: Decimal | None,
    *,
    starts_on: date | None,
    ends_on: date | None,
    income_basis: Decimal | None,
    review_on: date | None,
    decided_on: date,
) -> dict:
    if outcome == DecisionOutcome.REFUSED:
        if amount:
            raise ValidationError(
                {"amount": _("A refusal grants nothing: leave the amount empty.")}
            )
        return {"amount": Decimal("0.00"), "income_basis": income_basis}
    _check_amount(income_basis, "income_basis", required=True)
    _check_amount(amount, "amount", required=True)
    if amount > income_basis:
        raise ValidationError(
            {"amount": _("Lost earnings cannot be covered above the income lost per month.")}
        )
    if outcome == DecisionOutcome.FULL and amount != income_basis:
        raise ValidationError(
            {
                "amount": _("Full cover is the whole income lost per month (%(basis)s).")
                % {"basis": _kr(income_basis)}
            }
        )
    if outcome == DecisionOutcome.PARTIAL and amount == income_basis:
        raise ValidationError(
            {"amount": _("Partial cover is less than the income lost; choose full cover.")}
        )
    if starts_on is None:
        raise ValidationError({"starts_on": _("Give the date the cover starts.")})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The period cannot end before it starts.")})
    placement = application.placement
    placed_to = placement.end_date
    if starts_on < placement.start_date or (
        placed_to is not None and (ends_on is None or ends_on > placed_to or starts_on > placed_to)
    ):
        raise ValidationError(
            {
                "starts_on": _(
                    "The period must lie within the child's placement in the family "
                    "(from %(start)s%(end)s)."
                )
                % {
                    "start": f"{placement.start_date:%d-%m-%Y}",
                    "end": _(" to %(date)s") % {"date": f"{placed_to:%d-%m-%Y}"}
                    if placed_to
                    else "",
                }
            }
        )
    if review_on is not None and review_on <= decided_on:
        raise ValidationError({"review_on": _("The review must be after the decision.")})
    return {
        "amount": amount,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "income_basis": income_basis,
        "review_on": review_on,
    }


@transaction.atomic
def expense_decision_record(
    *,
    actor: User,
    application: ExpenseApplication,
    outcome: str,
    reasons: str,
    decided_on: date,
    amount: Decimal | None = None,
    due_on: date | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    income_basis: Decimal | None = None,
    review_on: date | None = None,
) -> ExpenseDecision:
    """Decide an application once, with its reasons, and issue the letter to the
    family. A grant of other costs without documentation must have been agreed before
    it was paid and fit in what is left of the child's 20,000 kr. this year."""
    application = (
        ExpenseApplication.objects.select_for_update(of=("self",))
        .select_related("placement__child", "placement__family", "family")
        .get(pk=application.pk)
    )
    existing = ExpenseDecision.objects.filter(application=application).select_related("decided_by")
    decided = existing.first()
    if decided is not None:
        raise ValidationError(
            _(
                "%(name)s decided the application on %(date)s while you were working on it: "
                "your decision was not saved. Open the application to see the decision."
            )
            % {"name": decided.decided_by.full_name, "date": f"{decided.decided_on:%d-%m-%Y}"}
        )
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": _("Choose the decision.")})
    if not reasons.strip():
        raise ValidationError(
            {"reasons": _("Give the reasons for the decision: the family may appeal it.")}
        )
    if decided_on < application.received_on:
        raise ValidationError(
            {
                "decided_on": _(
                    "The decision cannot be dated before the application was received (%(date)s)."
                )
                % {"date": f"{application.received_on:%d-%m-%Y}"}
            }
        )
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The decision date is in the future.")})
    fields: dict = {}
    if application.kind == ApplicationKind.LOST_EARNINGS:
        fields = _lost_earnings_fields(
            application,
            outcome,
            amount,
            starts_on=starts_on,
            ends_on=ends_on,
            income_basis=income_basis,
            review_on=review_on,
            decided_on=decided_on,
        )
        rule = (
            DecisionRule.REFUSED
            if outcome == DecisionOutcome.REFUSED
            else DecisionRule.LOST_EARNINGS
        )
    else:
        granted = _grant_amount(application, outcome, amount)
        if granted and not application.documented:
            # One child's decisions are made one at a time, so two grants decided at the
            # same moment cannot together pass the 20,000 kr.
            child = Child.objects.select_for_update().get(pk=application.placement.child_id)
            undocumented_grant_check(
                amount=granted,
                documented=False,
                agreed_beforehand=application.agreed_beforehand,
                used_this_year=undocumented_used(child=child, year=decided_on.year),
            )
        due_on = due_on or decided_on
        if granted and due_on < decided_on:
            raise ValidationError(
                {"due_on": _("The grant cannot be paid out before it is decided.")}
            )
        if outcome == DecisionOutcome.REFUSED:
            rule = DecisionRule.REFUSED
        elif application.documented:
            rule = DecisionRule.DOCUMENTED
        else:
            rule = DecisionRule.UNDOCUMENTED
        fields = {"amount": granted, "due_on": due_on if granted else None}
    decision = ExpenseDecision(
        application=application,
        outcome=outcome,
        rule=rule,
        reasons=reasons.strip(),
        decided_by=actor,
        decided_on=decided_on,
        **fields,
    )
    validated_save(decision)
    log_change(
        actor=actor, instance=decision, action="create", municipality_id=application.municipality_id
    )
    decision_letter_issue(actor=actor, decision=decision)
    return decision


@transaction.atomic
def expense_payment_record(
    *, actor: User, decision: ExpenseDecision, amount: Decimal, paid_on: date
) -> ExpenseDecision:
    """Record that (part of) a grant of other costs has been paid."""
    decision = (
        ExpenseDecision.objects.select_for_update(of=("self",))
        .select_related("application")
        .get(pk=decision.pk)
    )
    if decision.application.kind != ApplicationKind.OTHER_COSTS or not decision.is_grant:
        raise ValidationError(_("Only a grant of other costs is paid here."))
    _check_amount(amount, "amount", required=True)
    outstanding = decision.amount - decision.paid_amount
    if amount > outstanding:
        raise ValidationError(
            {
                "amount": _("Only %(outstanding)s of the grant is still unpaid.")
                % {"outstanding": _kr(outstanding)}
            }
        )
    if paid_on < decision.decided_on:
        raise ValidationError({"paid_on": _("A grant cannot be paid before it is decided.")})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("The payment date is in the future.")})
    validated_update(
        actor=actor,
        instance=decision,
        fields={"paid_amount": decision.paid_amount + amount, "paid_on": paid_on},
        municipality_id=decision.application.municipality_id,
    )
    return decision
