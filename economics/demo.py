"""Demo economics for ``manage.py seed_demo`` (``seed_late`` runs after the children's
placements exist): demo-flagged rates for the years after 2024, a fee per child in
the general families (some renegotiated, one still being renegotiated, one carried
over from the time fees were per family and waiting for a child), and a year of the
network families' applications: agreed beforehand and undocumented within the
20,000 kr., documented larger ones, a refusal, decisions on time and late, a few
still waiting (one past the deadline), lost earnings and payments.

Rates entered here are marked "demo — not the published rates"; the published ones
come from the migration only.
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from cases.models import Placement
from economics import services
from economics.models import (
    ApplicationKind,
    BoardAndLodgingRate,
    CostCategory,
    DecisionOutcome,
    ExpenseApplication,
    FeeAgreement,
    FeeRenegotiation,
    FeeUnitRate,
)
from families.models import FULL_TIME_KINDS, GENERAL_TYPES, ApprovalType
from fostercare.accounts.demo import HOME_CODE
from fostercare.accounts.models import User
from fostercare.workdays.calendar import WorkingCalendar

LAST_PUBLISHED_BOARD = 2024
LAST_PUBLISHED_FEE = 2023
DEMO_INDEX = Decimal("1.025")  # a yearly regulation for the demo, not a published one


def _round(value: Decimal, places: str = "1") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _demo_rates(today: date) -> None:
    """Flagged demo rates for every year after the last published one up to next year."""
    base = BoardAndLodgingRate.objects.get(year=LAST_PUBLISHED_BOARD)
    for year in range(LAST_PUBLISHED_BOARD + 1, today.year + 2):
        factor = DEMO_INDEX ** (year - LAST_PUBLISHED_BOARD)
        BoardAndLodgingRate.objects.get_or_create(
            year=year,
            defaults={
                "under_ten": _round(base.under_ten * factor),
                "ten_and_over": _round(base.ten_and_over * factor),
                "third_and_later": _round(base.third_and_later * factor),
                "is_demo": True,
                "source": "Demodata – ikke de offentliggjorte satser",
            },
        )
    unit = FeeUnitRate.objects.get(year=LAST_PUBLISHED_FEE)
    for year in range(LAST_PUBLISHED_FEE + 1, today.year + 2):
        factor = DEMO_INDEX ** (year - LAST_PUBLISHED_FEE)
        per_day = _round(unit.per_day * factor, "0.01")
        FeeUnitRate.objects.get_or_create(
            year=year,
            defaults={
                "per_day": per_day,
                "per_month": _round(per_day * 365 / 12),
                "is_demo": True,
                "source": "Demodata – ikke den offentliggjorte vederlagsenhed",
            },
        )


def seed(*, fake) -> None:
    _demo_rates(timezone.localdate())


def seed_late(*, fake) -> None:
    if ExpenseApplication.objects.filter(municipality__code=HOME_CODE).exists():
        return
    today = timezone.localdate()
    consultant = User.objects.get(email="konsulent@aarhus.example")
    caseworker = User.objects.get(email="raadgiver@aarhus.example")
    placements = list(
        Placement.objects.filter(family__municipality__code=HOME_CODE, kind__in=FULL_TIME_KINDS)
        .select_related("child", "family")
        .prefetch_related("family__approvals")
        .order_by("pk")
    )
    general, network = [], []
    for placement in placements:
        types = {a.type for a in placement.family.approvals.all() if a.status == "approved"}
        if ApprovalType.NETWORK in types and any(
            a.child_id == placement.child_id for a in placement.family.approvals.all()
        ):
            network.append(placement)
        elif types & set(GENERAL_TYPES):
            general.append(placement)
    _fees(fake, consultant, general, today)
    calendar = WorkingCalendar.for_municipality(consultant.municipality_id)
    for number, placement in enumerate(network):
        _applications(fake, consultant, caseworker, placement, calendar, today, number)


def _fees(fake, actor, placements: list[Placement], today: date) -> None:
    for number, placement in enumerate(placements):
        units = Decimal(3 + number % 4)
        agreement = services.fee_agreement_create(
            actor=actor,
            placement=placement,
            units=units,
            valid_from=placement.start_date,
            valid_to=placement.end_date,
            note="Aftalt ved anbringelsen",
        )
        if placement.end_date is not None:
            continue
        raise_on = placement.start_date + timedelta(days=150)
        if number % 5 == 2 and raise_on < today:
            services.fee_renegotiation_record(
                actor=actor,
                agreement=agreement,
                date=raise_on - timedelta(days=21),
                requested_by="family",
                reason="Barnets behov er større end forventet ved anbringelsen.",
                result=FeeRenegotiation.Result.RAISED,
                outcome_reason="Skolen bekræfter behov for tæt voksenstøtte hver eftermiddag.",
                new_units=units + 1,
                effective_from=raise_on,
            )
        elif number % 7 == 3:
            services.fee_renegotiation_record(
                actor=actor,
                agreement=agreement,
                date=max(placement.start_date, today - timedelta(days=12)),
                requested_by="family",
                reason="Plejemor er gået ned i tid for at kunne følge barnet til behandling.",
            )
    if placements:
        # A fee agreed per family before fees were per child, waiting for a consultant
        # to say which child it is for (as the move of the old agreements leaves them).
        family = placements[-1].family
        FeeAgreement.objects.create(
            family=family,
            fixed_monthly_amount=Decimal("18776.00"),
            legacy_level="4 vederlagsenheder",
            valid_from=today.replace(day=1) - timedelta(days=365),
            valid_to=today.replace(day=1) - timedelta(days=200),
            note="Aftale fra før vederlag blev aftalt pr. barn",
            needs_assignment=(
                "Aftalens periode rækker uden for barnets anbringelse: vælg barnet og tilpas "
                "perioden."
            ),
        )


COSTS = [
    (CostCategory.LEISURE, "Kontingent til fodbold og støvler", Decimal("1850")),
    (CostCategory.CLOTHING, "Vintertøj og flyverdragt", Decimal("2400")),
    (CostCategory.TRANSPORT, "Kørsel til samvær og behandling", Decimal("3200")),
    (CostCategory.HEALTH, "Briller og tandregulering, egenbetaling", Decimal("4100")),
    (CostCategory.FURNITURE, "Seng, skrivebord og reol til barnets værelse", Decimal("9800")),
]


def _applications(fake, consultant, caseworker, placement, calendar, today, number) -> None:
    """A year of one network child's applications."""
    start = max(placement.start_date, today - timedelta(days=365))
    span = max((today - start).days, 1)
    for index, (category, description, amount) in enumerate(COSTS):
        received = start + timedelta(days=span * (index + 1) // (len(COSTS) + 2))
        documented = category == CostCategory.FURNITURE
        application = services.expense_application_register(
            actor=consultant,
            placement=placement,
            kind=ApplicationKind.OTHER_COSTS,
            received_on=received,
            category=category,
            description=description,
            amount_applied=amount,
            agreed_beforehand=not documented,
            agreed_on=received - timedelta(days=10) if not documented else None,
            documented=documented,
        )
        late = (number + index) % 4 == 1
        decided_on = calendar.add_working_days(received, 14 if late else 2 + index % 5)
        if decided_on > today:
            continue
        partial = index == 2 and number % 2 == 0
        services.expense_decision_record(
            actor=caseworker if index % 2 else consultant,
            application=application,
            outcome=DecisionOutcome.PARTIAL if partial else DecisionOutcome.FULL,
            amount=(amount / 2) if partial else None,
            reasons=(
                "Udgiften er nødvendig for barnets trivsel og ligger ud over kost og logi. "
                + (
                    "Dokumentation er fremlagt."
                    if documented
                    else "Aftalt med familien på forhånd og inden for årets 20.000 kr."
                )
                + (" Halvdelen dækkes; resten er almindelig kost og logi." if partial else "")
            ),
            decided_on=decided_on,
        )
        if decided_on < today - timedelta(days=30):
            services.expense_payment_record(
                actor=consultant,
                decision=application.decision,
                amount=application.decision.amount,
                paid_on=min(decided_on + timedelta(days=5), today),
            )
    # A driving licence the family paid without asking first: refused.
    if number == 0:
        received = today - timedelta(days=40)
        refused = services.expense_application_register(
            actor=consultant,
            placement=placement,
            kind=ApplicationKind.OTHER_COSTS,
            received_on=received,
            category=CostCategory.DRIVING_LICENCE,
            description="Plejemors kørekort, så hun kan køre barnet til skole",
            amount_applied=Decimal("14500"),
        )
        services.expense_decision_record(
            actor=caseworker,
            application=refused,
            outcome=DecisionOutcome.REFUSED,
            reasons=(
                "Udgiften blev ikke aftalt med kommunen, før den blev afholdt, og der er ikke "
                "fremlagt dokumentation for, at barnet har et behov ud over kost og logi; "
                "barnet kan køre med skolebussen."
            ),
            decided_on=calendar.add_working_days(received, 6),
        )
    # Still waiting: one recent, and one past the deadline.
    for days, category, description, amount in (
        (2, CostCategory.LEISURE, "Ridelejr i sommerferien", Decimal("2750")),
        (24, CostCategory.HOUSING, "Merudgift til husleje for et ekstra værelse", Decimal("3500")),
    ):
        if number % 2 and days == 24:
            continue
        services.expense_application_register(
            actor=consultant,
            placement=placement,
            kind=ApplicationKind.OTHER_COSTS,
            received_on=today - timedelta(days=days),
            category=category,
            description=description,
            amount_applied=amount,
            documented=True,
        )
    if number < 2:
        _lost_earnings(consultant, caseworker, placement, calendar, today)


def _lost_earnings(consultant, caseworker, placement, calendar, today) -> None:
    received = max(placement.start_date, today - timedelta(days=200))
    application = services.expense_application_register(
        actor=consultant,
        placement=placement,
        kind=ApplicationKind.LOST_EARNINGS,
        received_on=received,
        description="Plejefar går ned til 30 timer om ugen i barnets første år hos familien.",
        amount_applied=Decimal("7200"),
    )
    decided_on = calendar.add_working_days(received, 8)
    if decided_on > today:
        return
    services.expense_decision_record(
        actor=caseworker,
        application=application,
        outcome=DecisionOutcome.PARTIAL,
        amount=Decimal("5400"),
        income_basis=Decimal("7200"),
        starts_on=decided_on,
        review_on=decided_on + timedelta(days=182),
        reasons=(
            "Barnet har brug for en voksen hjemme om eftermiddagen det første år. "
            "Tre fjerdedele af den mistede indtægt dækkes; familien har selv valgt den "
            "sidste nedgang i tid."
        ),
        decided_on=decided_on,
    )
