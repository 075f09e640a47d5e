"""What the municipality pays its foster families in a month, per family and child:
board and lodging for the days placed, the fee, other and extraordinary costs
granted and due that month, lost earnings, and the total.

``payment_list`` runs the same queries whatever the size of the municipality (one
more when a grant falls due after its child has left; tests/economics/test_views.py);
the amounts come from the rule functions
(``economics.rules``), so the list, the family page and the tests agree."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.db.models import Q
from django.utils.translation import gettext as _

from cases.models import Placement
from economics.models import ApplicationKind, DecisionOutcome, ExpenseDecision, FeeAgreement
from economics.rules import (
    ZERO,
    DailyRates,
    FeeUnit,
    PlacedPeriod,
    RatesMissing,
    board_and_lodging_amount,
    fee_amount,
    month_bounds,
    monthly_amount_for,
    overlap,
    rank_segments,
)
from economics.selectors.fees import fee_paid_by_q
from economics.selectors.rates import board_rates_map, fee_units_map
from families.models import FULL_TIME_KINDS, GENERAL_TYPES, Approval, ApprovalType
from families.selectors import approval_current_q
from fostercare.accounts.models import User

PAYMENTS = "economics.payments"

DECISION_FIELDS = ("outcome", "amount", "due_on", "starts_on", "ends_on", "application_id")


# What the list needs of each family, child, placement and fee agreement, read as plain
# values: a large municipality's month has thousands of them, and building Django model
# instances for them took half the page's time (Copenhagen: 6,000 rows, 150 ms). Not
# frozen: a frozen dataclass sets each field through object.__setattr__, three times slower.
@dataclass(slots=True)
class FamilyRef:
    pk: int
    public_id: UUID
    name: str


@dataclass(slots=True)
class ChildRef:
    pk: int
    first_name: str
    last_name: str
    birth_date: date
    municipality_id: int

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(slots=True)
class PlacementRef:
    pk: int
    kind: str
    start_date: date
    end_date: date | None
    family_id: int
    child: ChildRef
    family: FamilyRef


@dataclass(slots=True)
class AgreementRef:
    pk: int
    placement_id: int | None
    units: Decimal | None
    fixed_monthly_amount: Decimal | None
    valid_from: date
    valid_to: date | None
    family: FamilyRef


PLACEMENT_VALUES = (
    "pk", "kind", "start_date", "end_date", "family_id",
    "child_id", "child__first_name", "child__last_name", "child__birth_date",
    "child__municipality_id", "family__public_id", "family__name",
)  # fmt: skip
AGREEMENT_VALUES = (
    "pk", "placement_id", "units", "fixed_monthly_amount", "valid_from", "valid_to",
    "family_id", "family__public_id", "family__name",
)  # fmt: skip


class _Families(dict):
    """One ``FamilyRef`` per family, shared by its rows."""

    def ref(self, pk: int, public_id: UUID, name: str) -> FamilyRef:
        if pk not in self:
            self[pk] = FamilyRef(pk, public_id, name)
        return self[pk]


def _placement_refs(queryset, families: _Families) -> dict[int, PlacementRef]:
    refs = {}
    for row in queryset.order_by().values_list(*PLACEMENT_VALUES):
        pk, kind, start, end, family_id, child_id, first, last, born = row[:9]
        municipality_id, family_public_id, family_name = row[9:]
        child = ChildRef(child_id, first, last, born, municipality_id)
        family = families.ref(family_id, family_public_id, family_name)
        refs[pk] = PlacementRef(pk, kind, start, end, family_id, child, family)
    return refs


def _agreement_refs(queryset, families: _Families) -> list[AgreementRef]:
    refs = []
    for row in queryset.order_by().values_list(*AGREEMENT_VALUES):
        family = families.ref(*row[6:])
        refs.append(AgreementRef(*row[:6], family=family))
    return refs


@dataclass
class PaymentRow:
    """One child in one family (``placement`` None: a fee agreement not yet given a
    child). An amount of ``None`` could not be computed: its rates are missing.
    ``family_type`` is filled by ``MonthPayments.with_family_types``."""

    family: FamilyRef
    placement: PlacementRef | None
    family_type: str = ""
    days: int = 0
    board: Decimal | None = ZERO
    fee: Decimal | None = ZERO
    other_costs: Decimal = ZERO
    lost_earnings: Decimal = ZERO

    @property
    def child(self):
        return self.placement.child if self.placement is not None else None

    @property
    def total(self) -> Decimal:
        return sum(
            (a for a in (self.board, self.fee, self.other_costs, self.lost_earnings) if a),
            ZERO,
        )


@dataclass
class MonthPayments:
    first_day: date
    last_day: date
    rows: list[PaymentRow]
    missing: list[str] = field(default_factory=list)  # why amounts are missing, in words

    def with_family_types(self, rows: list[PaymentRow]) -> list[PaymentRow]:
        """``rows`` with their family's current approval types ("Almen", "Netværk"), in
        one query: only for the rows shown or exported, as a month of a large
        municipality has a thousand families (Copenhagen: 27 ms for all of them)."""
        types = _family_types({row.family.pk for row in rows}, self.first_day)
        for row in rows:
            row.family_type = types.get(row.family.pk, "")
        return rows

    @property
    def totals(self) -> dict[str, Decimal]:
        columns = ("board", "fee", "other_costs", "lost_earnings", "total")
        return {
            name: sum((getattr(row, name) or ZERO for row in self.rows), ZERO) for name in columns
        }


def _family_types(family_ids: Iterable[int], on: date) -> dict[int, str]:
    labels: dict[int, set[str]] = {}
    approvals = Approval.objects.filter(
        approval_current_q(on), family_id__in=list(family_ids)
    ).values_list("family_id", "type")
    for family_id, kind in approvals:
        if kind == ApprovalType.NETWORK:
            labels.setdefault(family_id, set()).add(str(_("Network")))
        elif kind in GENERAL_TYPES:
            labels.setdefault(family_id, set()).add(str(_("General")))
    return {family_id: ", ".join(sorted(kinds)) for family_id, kinds in labels.items()}


def board_for_month(
    placement: Placement | PlacementRef,
    siblings: list[PlacedPeriod],
    first_day: date,
    last_day: date,
    rates: dict[int, DailyRates],
) -> tuple[int, Decimal]:
    """Days placed and board and lodging for a full-time placement in the period; the
    child's rank among ``siblings`` (the full-time placements of the same family by
    the same municipality) may change within it. Raises ``RatesMissing``."""
    days, amount = 0, ZERO
    for start, end, rank in rank_segments(placement.pk, siblings, first_day, last_day):
        days += (end - start).days + 1
        amount += board_and_lodging_amount(
            birth_date=placement.child.birth_date,
            rank=rank,
            first_day=start,
            last_day=end,
            rates=rates,
        )
    return days, amount


def fee_for_period(
    agreement: FeeAgreement | AgreementRef,
    first_day: date,
    last_day: date,
    units: dict[int, FeeUnit],
) -> Decimal:
    """The agreement's fee for the days of the period it covers. Raises
    ``RatesMissing`` for units without the year's fee unit."""
    days = overlap(first_day, last_day, agreement.valid_from, agreement.valid_to)
    if days is None:
        return ZERO
    if agreement.fixed_monthly_amount is not None:
        return monthly_amount_for(
            monthly=agreement.fixed_monthly_amount, first_day=days[0], last_day=days[1]
        )
    return fee_amount(units=agreement.units, first_day=days[0], last_day=days[1], unit_rates=units)


def payment_list(*, user: User, year: int, month: int) -> MonthPayments:
    """The month's payments of the user's municipality, by family and child."""
    first_day, last_day = month_bounds(year, month)
    result = MonthPayments(first_day, last_day, [])
    if not user.can(PAYMENTS):
        return result
    municipality_id = user.municipality_id
    in_month = Q(start_date__lte=last_day) & (Q(end_date__isnull=True) | Q(end_date__gte=first_day))
    families = _Families()
    placements = _placement_refs(
        Placement.objects.filter(in_month, child__municipality_id=municipality_id), families
    )
    agreements = _agreement_refs(
        FeeAgreement.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=first_day),
            fee_paid_by_q(municipality_id),
            valid_from__lte=last_day,
        ),
        families,
    )
    decisions = list(
        ExpenseDecision.objects.filter(
            Q(application__kind=ApplicationKind.OTHER_COSTS, due_on__range=(first_day, last_day))
            | Q(
                Q(ends_on__isnull=True) | Q(ends_on__gte=first_day),
                application__kind=ApplicationKind.LOST_EARNINGS,
                starts_on__lte=last_day,
            ),
            application__municipality_id=municipality_id,
        )
        .exclude(outcome=DecisionOutcome.REFUSED)
        .select_related("application")
        .only(*DECISION_FIELDS, "application__kind", "application__placement_id")
    )
    # A grant may fall due after the child has left; its placement is fetched too (one
    # query, and only then).
    others = {d.application.placement_id for d in decisions} | {
        a.placement_id for a in agreements if a.placement_id
    }
    others -= placements.keys()
    if others:
        placements |= _placement_refs(Placement.objects.filter(pk__in=others), families)
    board_rates = board_rates_map(years=[year])
    fee_units = fee_units_map(years=[year])

    rows: dict[tuple[int, int | None], PaymentRow] = {}

    def row_for(family: FamilyRef, placement: PlacementRef | None) -> PaymentRow:
        key = (family.pk, placement.pk if placement is not None else None)
        if key not in rows:
            rows[key] = PaymentRow(family=family, placement=placement)
        return rows[key]

    missing: set[str] = set()
    siblings: dict[tuple[int, int], list[PlacedPeriod]] = {}
    full_time = [
        p
        for p in placements.values()
        if p.kind in FULL_TIME_KINDS and overlap(first_day, last_day, p.start_date, p.end_date)
    ]
    for placement in full_time:
        siblings.setdefault((placement.family_id, placement.child.municipality_id), []).append(
            PlacedPeriod(placement.pk, placement.start_date, placement.end_date)
        )
    for placement in full_time:  # respite is paid per day of stay, which is not recorded
        row = row_for(placement.family, placement)
        group = siblings[(placement.family_id, placement.child.municipality_id)]
        try:
            row.days, row.board = board_for_month(
                placement, group, first_day, last_day, board_rates
            )
        except RatesMissing as error:
            row.board = None
            missing.add(error.messages[0])
    for agreement in agreements:
        placement = placements.get(agreement.placement_id)
        row = row_for(placement.family if placement else agreement.family, placement)
        try:
            amount = fee_for_period(agreement, first_day, last_day, fee_units)
        except RatesMissing as error:
            row.fee = None
            missing.add(error.messages[0])
            continue
        if row.fee is not None:
            row.fee += amount
    for decision in decisions:
        application = decision.application
        placement = placements[application.placement_id]
        row = row_for(placement.family, placement)
        if application.kind == ApplicationKind.OTHER_COSTS:
            row.other_costs += decision.amount
            continue
        end = min(filter(None, (decision.ends_on, placement.end_date)), default=None)
        days = overlap(first_day, last_day, decision.starts_on, end)
        if days is not None:
            row.lost_earnings += monthly_amount_for(
                monthly=decision.amount, first_day=days[0], last_day=days[1]
            )
    result.rows = sorted(
        rows.values(),
        key=lambda r: (
            r.family.name,
            r.family.pk,
            r.child is None,
            r.child.first_name if r.child else "",
            r.placement.pk if r.placement else 0,
        ),
    )
    result.missing = sorted(missing)
    return result
