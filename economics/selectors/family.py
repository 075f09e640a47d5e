"""The economics of one family, as its page shows it: per placed child the board and
lodging of this month and, for a generally approved family, the fee; for a network
family this year's use of the 20,000 kr., the applications and decisions and lost
earnings. A fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from cases.models import Placement
from economics.models import ApplicationKind, ExpenseApplication, FeeAgreement
from economics.rules import (
    ZERO,
    PlacedPeriod,
    RatesMissing,
    cap_remaining,
    month_bounds,
    rank_on,
)
from economics.selectors.applications import (
    expense_application_list_for_family,
    response_rules,
    undocumented_used_by_child,
)
from economics.selectors.fees import fee_agreement_list_for_family
from economics.selectors.payments import board_for_month, fee_for_period
from economics.selectors.rates import board_rates_map, fee_units_map
from families.models import FULL_TIME_KINDS, GENERAL_TYPES, ApprovalType, Family
from families.selectors import approval_current_q
from fostercare.accounts.models import User


@dataclass
class ChildEconomy:
    placement: Placement
    rank: int | None = None
    days: int = 0
    board: Decimal | None = None
    board_problem: str = ""
    fee_agreement: FeeAgreement | None = None
    fee: Decimal | None = None
    fee_problem: str = ""
    cap_used: Decimal = ZERO
    applications: list[ExpenseApplication] = field(default_factory=list)

    @property
    def child(self):
        return self.placement.child

    @property
    def cap_remaining(self) -> Decimal:
        return cap_remaining(self.cap_used)


def economics_family_overview(*, user: User, family: Family, today: date | None = None) -> dict:
    """Returns ``{"month": date, "year": int, "is_network": bool, "is_general": bool,
    "children": [ChildEconomy], "unassigned": [FeeAgreement], "applications":
    [ExpenseApplication], "pending": int, "late": int, "deadline_days": int | None}``
    (None when no application waits for a decision: the calendar is not read then);
    the applications carry ``deadline`` and ``late`` when undecided."""
    today = today or timezone.localdate()
    first_day, last_day = month_bounds(today.year, today.month)
    types = set(family.approvals.filter(approval_current_q(today)).values_list("type", flat=True))
    placements = list(
        Placement.objects.filter(
            family=family, start_date__lte=last_day, child__municipality_id=user.municipality_id
        )
        .exclude(end_date__lt=first_day)
        .select_related("child")
        .order_by("start_date", "pk")
    )
    children = [ChildEconomy(placement=p) for p in placements]
    by_placement = {c.placement.pk: c for c in children}
    siblings: dict[int, list[PlacedPeriod]] = {}
    for p in placements:
        if p.kind in FULL_TIME_KINDS:
            siblings.setdefault(p.child.municipality_id, []).append(
                PlacedPeriod(p.pk, p.start_date, p.end_date)
            )
    board_rates = board_rates_map(years=[today.year])
    fee_units = fee_units_map(years=[today.year])
    for economy in children:
        placement = economy.placement
        if placement.kind not in FULL_TIME_KINDS:
            continue
        group = siblings[placement.child.municipality_id]
        economy.rank = rank_on(min(max(today, placement.start_date), last_day), placement.pk, group)
        try:
            economy.days, economy.board = board_for_month(
                placement, group, first_day, last_day, board_rates
            )
        except RatesMissing as error:
            economy.board_problem = error.messages[0]
    agreements = fee_agreement_list_for_family(user=user, family=family)
    unassigned = []
    for agreement in agreements:
        if agreement.placement_id is None:
            unassigned.append(agreement)
            continue
        economy = by_placement.get(agreement.placement_id)
        if economy is None or (not agreement.is_open and agreement.valid_to < first_day):
            continue
        if economy.fee_agreement is None or agreement.is_open:
            economy.fee_agreement = agreement
        try:
            economy.fee = (economy.fee or ZERO) + fee_for_period(
                agreement, first_day, last_day, fee_units
            )
        except RatesMissing as error:
            economy.fee_problem = error.messages[0]
    used = undocumented_used_by_child(child_ids=[p.child_id for p in placements], year=today.year)
    for economy in children:
        economy.cap_used = used.get(economy.placement.child_id, ZERO)
    applications = expense_application_list_for_family(user=user, family=family)
    rules = None  # the calendar's queries, only for a family with undecided applications
    pending = late = 0
    for application in applications:
        if application.placement_id in by_placement:
            by_placement[application.placement_id].applications.append(application)
        if not hasattr(application, "decision"):
            if rules is None:
                rules = response_rules(municipality_id=family.municipality_id)
            pending += 1
            application.deadline = rules.deadline(application.received_on)
            application.late = application.deadline < today
            late += application.late
    lost_earnings = [
        a
        for a in applications
        if a.kind == ApplicationKind.LOST_EARNINGS
        and hasattr(a, "decision")
        and a.decision.is_grant
        and (a.decision.ends_on is None or a.decision.ends_on >= today)
    ]
    return {
        "month": first_day,
        "year": today.year,
        "is_network": ApprovalType.NETWORK in types,
        "is_general": bool(types & set(GENERAL_TYPES)),
        "children": children,
        "unassigned": unassigned,
        "applications": applications,
        "lost_earnings": lost_earnings,
        "pending": pending,
        "late": late,
        "deadline_days": rules.working_days if rules is not None else None,
    }
