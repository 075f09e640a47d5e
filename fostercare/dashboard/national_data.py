"""Data the size of the whole country, for benchmarks (DOMAIN.md §4): 98 municipalities
sized by population (Copenhagen about 11 %, Læsø a handful), with years of history.

At ``scale=1``: about 13,000 children with caseworker histories, 23,000 placements
(half ended, with end and breakdown reasons), 1,000 changes of placement, 60,000
statutory visits, 45,000 action plans; 11,000 foster families with 30,000 members,
20,000 approvals, fee agreements and consultant histories; 150,000 supervision sessions
over three years with 400,000 attendance rows; 250,000 hotline calls with follow-ups;
staff in proportion (35 children per caseworker, 30 families per consultant). In every
municipality with a hundred children or more, the first child and the first family get
long histories, so detail pages can be measured at their worst.

Rows are written with ``bulk_create``, not through the services: the data is shaped to
the database's constraints, not to the audit trail (no change-log rows). Random but
repeatable: the same seed gives the same data. Managers log in as
``leder.<code>@national.example`` (no password: benchmarks log in without one).
"""

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import pairwise

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from cases.models import (
    ActionPlan,
    BreakdownReason,
    CaseworkerAssignment,
    Child,
    EndReason,
    Initiator,
    Placement,
    PlacementChange,
    StatutoryVisit,
)
from economics.demo import _demo_rates
from economics.models import FeeAgreement, FeeRenegotiation
from families.models import (
    Approval,
    ApprovalStatus,
    ApprovalType,
    ConsultantAssignment,
    Family,
    FamilyMember,
    PlacementKind,
)
from fostercare.accounts.models import Municipality, Role, User
from fostercare.workdays.calendar import WorkingCalendar
from fostercare.workdays.models import OfficeClosure
from hotline.models import AnsweringOrganisation, FollowUp, HotlineCall, Outcome, Topic
from supervision.models import (
    CourseKind,
    CourseRun,
    Enrolment,
    SessionLocation,
    SupervisionCadence,
    SupervisionSession,
)

# Inhabitants in thousands, about 2024, rounded (Danmarks Statistik's figures as
# reported in the press; approximate and used only to size benchmark data).
POPULATION = {
    "101": 667, "147": 105, "151": 52, "153": 39, "155": 14.5, "157": 75, "159": 70,
    "161": 24, "163": 30, "165": 28, "167": 55, "169": 57, "173": 57, "175": 41, "183": 24,
    "185": 44, "187": 17, "190": 41, "201": 26, "210": 41, "217": 64, "219": 53, "223": 25,
    "230": 57, "240": 44, "250": 46, "253": 51, "259": 62, "260": 31, "265": 90, "269": 24,
    "270": 41, "306": 33, "316": 73, "320": 38, "326": 49, "329": 36, "330": 80, "336": 24,
    "340": 30, "350": 29, "360": 40, "370": 84, "376": 60, "390": 45, "400": 39, "410": 40,
    "420": 41, "430": 52, "440": 24, "450": 32, "461": 211, "479": 59, "480": 30, "482": 12,
    "492": 6, "510": 55, "530": 27, "540": 74, "550": 37, "561": 116, "563": 3.5, "573": 50,
    "575": 43, "580": 58, "607": 52, "615": 100, "621": 95, "630": 121, "657": 90,
    "661": 59, "665": 19, "671": 21, "706": 44, "707": 37, "710": 50, "727": 24, "730": 100,
    "740": 100, "741": 3.7, "746": 65, "751": 373, "756": 42, "760": 56, "766": 47,
    "773": 20, "779": 46, "787": 43, "791": 98, "810": 36, "813": 58, "820": 36, "825": 1.8,
    "840": 30, "846": 42, "849": 38, "851": 225, "860": 64,
}  # fmt: skip

# The country at scale 1 (DOMAIN.md §4).
CHILDREN = 13_000
FAMILIES = 11_000
CHANGES = 1_000
SESSIONS_PER_FAMILY_YEAR = 150_000 / 11_000 / 3
CALLS_PER_FAMILY_YEAR = 250_000 / 11_000 / 3
CHILDREN_PER_CASEWORKER = 35
FAMILIES_PER_CONSULTANT = 30
NETWORK_SHARE = 0.23  # the report: 23 % of the families are approved for a named child
LONG_HISTORY_FROM = 100  # a municipality this big gets a child and a family with long histories
BATCH = 5_000
EMAIL_DOMAIN = "national.example"

FIRST_NAMES = [
    "Emma",
    "Noah",
    "Ida",
    "Oscar",
    "Freja",
    "William",
    "Alma",
    "Carl",
    "Ella",
    "Lucas",
    "Sofia",
    "Malthe",
    "Clara",
    "Elias",
    "Karla",
    "Aksel",
    "Agnes",
    "Valdemar",
]
LAST_NAMES = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
]


@dataclass
class Sizes:
    children: int
    families: int

    @property
    def caseworkers(self) -> int:
        return max(1, math.ceil(self.children / CHILDREN_PER_CASEWORKER))

    @property
    def consultants(self) -> int:
        return max(1, math.ceil(self.families / FAMILIES_PER_CONSULTANT))


def sizes_for(code: str, scale: float) -> Sizes:
    """A municipality's share of the country, at least one child and one family."""
    share = POPULATION[code] / sum(POPULATION.values())
    return Sizes(
        children=max(1, round(CHILDREN * scale * share)),
        families=max(1, round(FAMILIES * scale * share)),
    )


def manager_email(code: str) -> str:
    return f"leder.{code}@{EMAIL_DOMAIN}"


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, name: str, n: int) -> None:
        self.counts[name] += n


def _bulk(model, rows: list, report: Report) -> list:
    created = model.objects.bulk_create(rows, batch_size=BATCH)
    report.add(model._meta.label, len(created))
    return created


def generate(
    *, scale: float = 1.0, years: int = 3, seed: int = 2026, codes=None, today=None
) -> Report:
    """Fill the database with national-scale data; ``codes`` limits it to some
    municipalities. Call inside a transaction."""
    today = today or timezone.localdate()
    report = Report()
    # As the demo does: flagged rates for the years after the published ones, so the
    # payment list computes amounts (not "rates missing") for the months generated.
    _demo_rates(today)
    password = make_password(None)
    municipalities = Municipality.objects.order_by("code")
    if codes:
        municipalities = municipalities.filter(code__in=codes)
    for municipality in municipalities:
        rng = random.Random(f"{seed}-{municipality.code}")  # noqa: S311 - test data, not secrets
        _Municipality(
            municipality, sizes_for(municipality.code, scale), years, today, rng, password, report
        ).generate()
    return report


class _Municipality:
    """One municipality's data, made in the order the foreign keys need."""

    def __init__(self, municipality, sizes, years, today, rng, password, report):
        self.m = municipality
        self.sizes = sizes
        self.years = years
        self.today = today
        self.rng = rng
        self.password = password
        self.report = report
        self.history_start = today - timedelta(days=365 * years)
        self.long = sizes.children >= LONG_HISTORY_FROM

    # --- helpers ------------------------------------------------------------------------
    def day_between(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    # --- the whole municipality -----------------------------------------------------------
    def generate(self) -> None:
        self.staff()
        self.families_and_members()
        self.children()
        self.approvals_and_fees()
        self.placements()
        self.changes()
        self.visits_and_plans()
        self.supervision()
        self.hotline()

    def staff(self) -> None:
        code = self.m.code
        plan = [
            (Role.MANAGER, 1),
            (Role.CASEWORKER, self.sizes.caseworkers),
            (Role.CONSULTANT, self.sizes.consultants),
            (Role.ON_CALL, max(1, self.sizes.consultants // 4)),
            (Role.SUPERVISOR, max(1, self.sizes.families // 60)),
        ]
        users = []
        for role, count in plan:
            for n in range(count):
                email = (
                    manager_email(code)
                    if role == Role.MANAGER
                    else f"{role}{n}.{code}@{EMAIL_DOMAIN}"
                )
                users.append(
                    User(
                        email=email,
                        full_name=self.name(),
                        role=role,
                        municipality=self.m,
                        password=self.password,
                    )
                )
        users = _bulk(User, users, self.report)
        by_role = defaultdict(list)
        for user in users:
            by_role[user.role].append(user)
        self.manager = by_role[Role.MANAGER][0]
        self.caseworkers = by_role[Role.CASEWORKER]
        self.consultants = by_role[Role.CONSULTANT]
        self.on_call = by_role[Role.ON_CALL]
        self.supervisors = by_role[Role.SUPERVISOR]

    def families_and_members(self) -> None:
        rng = self.rng
        families = _bulk(
            Family,
            [
                Family(
                    municipality=self.m,
                    name=f"Familien {rng.choice(LAST_NAMES)} {n}",
                    street=f"Plejevej {n}",
                    postal_code=f"{1000 + rng.randint(0, 8999):04d}",
                    city=self.m.name,
                    district=rng.choice(["Nord", "Syd", "Øst", "Vest"]),
                    phone=f"{20000000 + n:08d}",
                )
                for n in range(self.sizes.families)
            ],
            self.report,
        )
        self.families = families
        network_count = round(len(families) * NETWORK_SHARE)
        self.network_families = families[len(families) - network_count :]
        self.general_families = families[: len(families) - network_count] or families[:1]
        members = []
        self.parents: dict[int, list[FamilyMember]] = {}
        for n, family in enumerate(families):
            for _parent in range(1 if n % 5 == 0 else 2):
                members.append(
                    FamilyMember(
                        family=family,
                        kind=FamilyMember.Kind.FOSTER_PARENT,
                        full_name=self.name(),
                        birth_year=rng.randint(1960, 1990),
                    )
                )
            for _child in range(rng.choice([0, 0, 1, 1, 2])):
                members.append(
                    FamilyMember(
                        family=family,
                        kind=FamilyMember.Kind.OWN_CHILD,
                        full_name=self.name(),
                        birth_year=rng.randint(2005, 2020),
                    )
                )
        for member in _bulk(FamilyMember, members, self.report):
            if member.kind == FamilyMember.Kind.FOSTER_PARENT:
                self.parents.setdefault(member.family_id, []).append(member)
        # Fixed consultants, with a change for one family in four; a long history for one.
        assignments = []
        self.consultant_of: dict[int, User] = {}
        for n, family in enumerate(families):
            changes = 30 if (self.long and n == 0) else (1 if n % 4 == 0 else 0)
            start = self.today - timedelta(days=rng.randint(400, 3000))
            chain = self._chain(start, changes)
            for index, (first, last) in enumerate(chain):
                consultant = self.consultants[(n + index) % len(self.consultants)]
                assignments.append(
                    ConsultantAssignment(
                        family=family,
                        consultant=consultant,
                        starts_on=first,
                        ends_on=last,
                        reason="Ny fordeling" if index else "",
                    )
                )
            self.consultant_of[family.pk] = self.consultants[
                (n + len(chain) - 1) % len(self.consultants)
            ]
        _bulk(ConsultantAssignment, assignments, self.report)

    def _chain(self, start: date, changes: int) -> list[tuple[date, date | None]]:
        """``changes`` + 1 dated assignments from ``start``, each ending the day the next
        begins, the last open; the changes fall in the years of history."""
        days = sorted(
            self.day_between(max(start + timedelta(days=1), self.history_start), self.today)
            for _ in range(changes)
        )
        days = sorted(set(days))
        bounds = [start, *days]
        return [
            (bounds[i], bounds[i + 1] if i + 1 < len(bounds) else None) for i in range(len(bounds))
        ]

    def children(self) -> None:
        rng = self.rng
        children = []
        for n in range(self.sizes.children):
            born = date(2007, 1, 1) + timedelta(days=(n * 37) % 6570)
            cpr = f"{born:%d%m%y}-4{n % 1000:03d}" if n < 1000 else f"{born:%d%m%y}-9{n % 1000:03d}"
            children.append(
                Child(
                    municipality=self.m,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    cpr=cpr,
                    birth_date=born,
                )
            )
        self.children_list = _bulk(Child, children, self.report)
        assignments = []
        self.caseworker_of: dict[int, User] = {}
        for n, child in enumerate(self.children_list):
            changes = 40 if (self.long and n == 0) else rng.choice([0, 0, 0, 0, 0, 1, 1, 2, 3])
            start = self.today - timedelta(days=rng.randint(60, 2200))
            chain = self._chain(start, changes)
            for index, (first, last) in enumerate(chain):
                caseworker = self.caseworkers[(n + index) % len(self.caseworkers)]
                assignments.append(
                    CaseworkerAssignment(
                        child=child,
                        caseworker=caseworker,
                        starts_on=first,
                        ends_on=last,
                        reason="Ny fordeling" if index else "",
                    )
                )
            self.caseworker_of[child.pk] = self.caseworkers[
                (n + len(chain) - 1) % len(self.caseworkers)
            ]
        _bulk(CaseworkerAssignment, assignments, self.report)

    def approvals_and_fees(self) -> None:
        rng = self.rng
        approvals = []
        self.network_child: dict[int, Child] = {}
        self.network_start: dict[int, date] = {}
        # The network families' children are the last children of the municipality.
        network_children = list(reversed(self.children_list))[: len(self.network_families)]
        for family in self.general_families:
            start = self.today - timedelta(days=rng.randint(200, 3000))
            if rng.random() < 0.8:  # an earlier approval that expired
                approvals.append(
                    Approval(
                        family=family,
                        type=ApprovalType.GENERAL,
                        approving_body="socialtilsyn",
                        decision_date=start - timedelta(days=1200),
                        valid_from=start - timedelta(days=1180),
                        valid_to=start - timedelta(days=1),
                        capacity_full_time=1,
                        status=ApprovalStatus.EXPIRED,
                    )
                )
            kind = rng.choices(
                [ApprovalType.GENERAL, ApprovalType.REINFORCED, ApprovalType.SPECIALISED],
                [70, 20, 10],
            )[0]
            approvals.append(
                Approval(
                    family=family,
                    type=kind,
                    approving_body="socialtilsyn",
                    decision_date=start - timedelta(days=20),
                    valid_from=start,
                    valid_to=None
                    if rng.random() < 0.7
                    else self.today + timedelta(days=rng.randint(10, 900)),
                    capacity_full_time=rng.choice([1, 2, 2, 3]),
                    capacity_respite=rng.choice([0, 0, 1]),
                    status=ApprovalStatus.SUSPENDED
                    if rng.random() < 0.03
                    else ApprovalStatus.APPROVED,
                    status_reason="Tilsynssag",
                )
            )
        for family, child in zip(self.network_families, network_children, strict=False):
            start = self.today - timedelta(days=rng.randint(30, 1500))
            self.network_child[family.pk] = child
            self.network_start[child.pk] = start
            approvals.append(
                Approval(
                    family=family,
                    type=ApprovalType.NETWORK,
                    approving_body="municipality",
                    approving_municipality=self.m,
                    decision_date=start,
                    valid_from=start,
                    capacity_full_time=1,
                    status=ApprovalStatus.APPROVED,
                    child=child,
                )
            )
        self.approvals = _bulk(Approval, approvals, self.report)

    def placements(self) -> None:
        rng = self.rng
        network_family_of = {
            child.pk: family
            for family, child in ((f, self.network_child.get(f.pk)) for f in self.network_families)
            if child
        }
        rows: list[Placement] = []
        self.sequence: dict[int, list[Placement]] = {}
        for n, child in enumerate(self.children_list):
            count = 15 if (self.long and n == 0) else rng.choices([1, 2, 3, 4], [50, 30, 15, 5])[0]
            if child.pk in network_family_of:
                count = 1
            first = self.network_start.get(child.pk) or self.today - timedelta(
                days=rng.randint(60, 6 * 365)
            )
            days = sorted(
                {
                    self.day_between(first + timedelta(days=1), self.today - timedelta(days=1))
                    for _ in range(count - 1)
                }
            )
            bounds = [first, *days]
            active = rng.random() < 0.88
            sequence = []
            for index, start in enumerate(bounds):
                last = index == len(bounds) - 1
                end = bounds[index + 1] if not last else None
                if last and not active:
                    end = self.day_between(start + timedelta(days=1), self.today)
                    reason = rng.choice(
                        [EndReason.RETURN_HOME, EndReason.TURNED_18, EndReason.OTHER]
                    )
                elif last:
                    reason = ""
                else:
                    reason = rng.choices(
                        [
                            EndReason.MOVED,
                            EndReason.BREAKDOWN,
                            EndReason.FAMILY_TERMINATED,
                            EndReason.OTHER,
                        ],
                        [45, 20, 20, 15],
                    )[0]
                kind = rng.choices(
                    [PlacementKind.FULL_TIME, PlacementKind.EMERGENCY, PlacementKind.RESPITE],
                    [85, 5, 10],
                )[0]
                family = network_family_of.get(child.pk) or rng.choice(self.general_families)
                if child.pk in network_family_of:
                    kind = PlacementKind.FULL_TIME
                placement = Placement(
                    child=child,
                    family=family,
                    kind=kind,
                    legal_basis="Barnets Lov § 46",
                    consent=rng.choice(["with", "with", "with", "without"]),
                    start_date=start,
                    end_date=end,
                    end_reason=reason,
                    breakdown_reasons=rng.sample(BreakdownReason.values, rng.randint(1, 2))
                    if reason == EndReason.BREAKDOWN
                    else [],
                )
                sequence.append(placement)
                rows.append(placement)
            self.sequence[child.pk] = sequence
        _bulk(Placement, rows, self.report)
        self.fees(rows)

    def fees(self, placements: list[Placement]) -> None:
        """A fee agreement per full-time placement in a generally approved family (fee
        units per child); some renegotiated, a few of those still open."""
        rng = self.rng
        network = set(self.network_child)
        agreements = []
        for placement in placements:
            if placement.kind == PlacementKind.RESPITE or placement.family_id in network:
                continue
            end = placement.end_date
            if rng.random() < 0.3 and (end or self.today) > placement.start_date + timedelta(400):
                agreements.append(
                    FeeAgreement(
                        family_id=placement.family_id,
                        placement=placement,
                        units=Decimal(3),
                        valid_from=placement.start_date,
                        valid_to=placement.start_date + timedelta(days=400),
                    )
                )
                start = placement.start_date + timedelta(days=401)
            else:
                start = placement.start_date
            agreements.append(
                FeeAgreement(
                    family_id=placement.family_id,
                    placement=placement,
                    units=Decimal(rng.choice([2, 3, 4, 4, 5])),
                    valid_from=start,
                    valid_to=end,
                )
            )
        agreements = _bulk(FeeAgreement, agreements, self.report)
        renegotiations = []
        for agreement in agreements:
            if rng.random() >= 0.12:
                continue
            asked = self.day_between(max(agreement.valid_from, self.history_start), self.today)
            result = rng.choice(FeeRenegotiation.Result.values)
            concluded = result != FeeRenegotiation.Result.PENDING
            renegotiations.append(
                FeeRenegotiation(
                    agreement=agreement,
                    date=asked,
                    requested_by=rng.choice(["family", "family", "municipality"]),
                    reason="Barnets behov er større end forventet",
                    result=result,
                    concluded_on=min(asked + timedelta(days=30), self.today) if concluded else None,
                    outcome_reason="Forhandlet med familien" if concluded else "",
                )
            )
        _bulk(FeeRenegotiation, renegotiations, self.report)

    def changes(self) -> None:
        """Completed changes of placement for some of the moves (most lawful, some on an
        acute exception, some with a step recorded after the move) and a few in
        preparation."""
        rng = self.rng
        national_moves = max(1, sum(max(0, len(s) - 1) for s in self.sequence.values()))
        chance = min(1.0, CHANGES * self.sizes.children / CHILDREN / national_moves)
        rows = []
        movable = (EndReason.MOVED, EndReason.BREAKDOWN, EndReason.FAMILY_TERMINATED)
        for child in self.children_list:
            sequence = self.sequence[child.pk]
            caseworker = self.caseworker_of[child.pk]
            for old, new in pairwise(sequence):
                if old.end_reason not in movable or rng.random() > chance:
                    continue
                moved = old.end_date
                outcome = rng.choices(["lawful", "acute", "after"], [61, 20, 19])[0]
                steps = {
                    "lawful": [moved - timedelta(days=d) for d in (20, 10, 5)],
                    "acute": [None, moved - timedelta(days=1), None],
                    "after": [
                        moved - timedelta(days=10),
                        moved + timedelta(days=3),
                        moved + timedelta(days=7),
                    ],
                }[outcome]
                rows.append(
                    PlacementChange(
                        child=child,
                        from_placement=old,
                        to_family=new.family,
                        kind=new.kind,
                        legal_basis=new.legal_basis,
                        consent=new.consent,
                        planned_move_on=moved,
                        reason="Flytning",
                        initiated_by=rng.choices(Initiator.values, [45, 40, 5, 10])[0],
                        poor_match=rng.random() < 0.2,
                        late_assessment=rng.random() < 0.15,
                        old_end_reason=old.end_reason,
                        breakdown_reasons=old.breakdown_reasons,
                        action_plan_revised_on=steps[0],
                        child_conversation_on=steps[1],
                        family_statement_on=steps[2],
                        acute_exception=outcome == "acute",
                        acute_reason="Barnets sikkerhed" if outcome == "acute" else "",
                        status=PlacementChange.Status.COMPLETED,
                        decided_by=caseworker,
                        completed_on=moved,
                        new_placement=new,
                    )
                )
            current = sequence[-1]
            if current.end_date is None and rng.random() < chance * 0.1:
                rows.append(
                    PlacementChange(
                        child=child,
                        from_placement=current,
                        to_family=rng.choice(self.general_families),
                        kind=PlacementKind.FULL_TIME,
                        legal_basis="Barnets Lov § 46",
                        consent="with",
                        planned_move_on=self.today + timedelta(days=rng.randint(5, 60)),
                        reason="Plejefamilien har opsagt aftalen",
                        initiated_by=Initiator.FOSTER_FAMILY,
                        child_conversation_on=self.today - timedelta(days=2),
                        decided_by=caseworker,
                    )
                )
        _bulk(PlacementChange, rows, self.report)

    def visits_and_plans(self) -> None:
        rng = self.rng
        visits, plans = [], []
        for n, child in enumerate(self.children_list):
            caseworker = self.caseworker_of[child.pk]
            long = self.long and n == 0
            overdue = rng.random() < 0.1
            for placement in self.sequence[child.pk]:
                if placement.kind == PlacementKind.RESPITE:
                    continue
                stop = placement.end_date or self.today
                if overdue and placement.end_date is None:
                    stop = self.today - timedelta(days=rng.randint(190, 300))
                day = placement.start_date + timedelta(days=rng.randint(20, 60))
                while day <= stop:
                    visits.append(
                        StatutoryVisit(
                            child=child,
                            visited_on=day,
                            visitor=caseworker,
                            spoken_alone=rng.random() < 0.8,
                        )
                    )
                    late = rng.random() < 0.08
                    day += timedelta(
                        days=rng.randint(30, 60)
                        if long
                        else (rng.randint(190, 230) if late else rng.randint(140, 182))
                    )
                adopted = placement.start_date
                while adopted <= stop:
                    plans.append(
                        ActionPlan(
                            child=child,
                            adopted_on=adopted,
                            goals="Trivsel og skolegang",
                            next_review_on=adopted + timedelta(days=180),
                            created_by=caseworker,
                        )
                    )
                    adopted += timedelta(
                        days=rng.randint(60, 120) if long else rng.randint(200, 400)
                    )
        _bulk(StatutoryVisit, visits, self.report)
        _bulk(ActionPlan, plans, self.report)

    def supervision(self) -> None:
        rng = self.rng
        code = self.m.code
        if int(code) % 3 == 0:  # some municipalities set a shorter cadence for network families
            _bulk(
                SupervisionCadence,
                [
                    SupervisionCadence(
                        municipality=self.m, family_type=ApprovalType.NETWORK, months=2
                    )
                ],
                self.report,
            )
        basic = _bulk(
            CourseKind,
            [
                CourseKind(
                    municipality=self.m,
                    name="Grundkursus",
                    category="basic",
                    provider="municipality",
                    length_days=4,
                    mandatory=True,
                    family_types=[ApprovalType.NETWORK],
                )
            ],
            self.report,
        )[0]
        runs = _bulk(
            CourseRun,
            [
                CourseRun(
                    course_kind=basic,
                    starts_on=day,
                    ends_on=day + timedelta(days=3),
                    place="municipal",
                    capacity=20,
                )
                for day in (
                    self.history_start + timedelta(days=180 * k) for k in range(2 * self.years + 1)
                )
            ],
            self.report,
        )
        enrolments = []
        for family in self.network_families:
            parents = self.parents.get(family.pk, [])
            if not parents or rng.random() > 0.85:
                continue
            run = rng.choice(runs)
            done = run.ends_on < self.today
            enrolments.append(
                Enrolment(
                    run=run,
                    member=parents[0],
                    status=Enrolment.Status.ENROLLED,
                    attended=(rng.random() < 0.8) if done else None,
                )
            )
        _bulk(Enrolment, enrolments, self.report)
        # An enrolment is an offer made a month before the course (``created_at``).
        table, runs_table = Enrolment._meta.db_table, CourseRun._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} e SET created_at = r.starts_on - interval '30 days' "  # noqa: S608
                f"FROM {runs_table} r WHERE e.run_id = r.id AND r.course_kind_id = %s",
                [basic.pk],
            )
        placed = {p.family_id: p.start_date for s in self.sequence.values() for p in s}
        sessions, families_rows, members_rows = [], [], []
        supervisor = self.supervisors
        rate = 365 / SESSIONS_PER_FAMILY_YEAR
        for n, family in enumerate(self.families):
            if family.pk not in placed:
                continue
            start = max(placed[family.pk], self.history_start)
            stop = self.today + timedelta(days=30)
            if rng.random() < 0.1:  # overdue: no session for half a year
                stop = self.today - timedelta(days=rng.randint(120, 240))
            step = (8, 20) if (self.long and n == 0) else (int(rate * 0.4), int(rate * 1.2))
            day = start + timedelta(days=rng.randint(5, 60))
            while day <= stop:
                sessions.append(
                    (
                        SupervisionSession(
                            municipality=self.m,
                            starts_at=self.at(day, rng.randint(8, 16)),
                            duration_minutes=90,
                            location=rng.choice(SessionLocation.values),
                            supervisor=rng.choice(supervisor),
                            theme="Samvær og hverdag",
                        ),
                        [family],
                    )
                )
                day += timedelta(days=rng.randint(*step))
        # Quarterly group supervision for the network families.
        groups = self.network_families
        quarter = self.history_start
        while quarter <= self.today and groups:
            for k in range(0, len(groups), 5):
                sessions.append(
                    (
                        SupervisionSession(
                            municipality=self.m,
                            starts_at=self.at(quarter, 19),
                            duration_minutes=150,
                            location="institution",
                            supervisor=rng.choice(supervisor),
                            theme="Gruppesupervision",
                        ),
                        groups[k : k + 5],
                    )
                )
            quarter += timedelta(days=91)
        created = _bulk(SupervisionSession, [s for s, _f in sessions], self.report)
        through_families = SupervisionSession.families.through
        through_members = SupervisionSession.members.through
        for session, (_unsaved, families) in zip(created, sessions, strict=True):
            for family in families:
                families_rows.append(
                    through_families(supervisionsession_id=session.pk, family_id=family.pk)
                )
                for member in self.parents.get(family.pk, []):
                    members_rows.append(
                        through_members(supervisionsession_id=session.pk, familymember_id=member.pk)
                    )
        _bulk(through_families, families_rows, self.report)
        _bulk(through_members, members_rows, self.report)

    def hotline(self) -> None:
        rng = self.rng
        closures = [
            OfficeClosure(municipality=self.m, date=date(year, 12, day), reason="Juleluk")
            for year in range(self.history_start.year, self.today.year + 1)
            for day in range(27, 31)
            if date(year, 12, day).weekday() < 5
        ]
        _bulk(OfficeClosure, closures, self.report)
        calendar = WorkingCalendar.for_municipality(self.m)
        days = [
            self.history_start + timedelta(days=n)
            for n in range((self.today - self.history_start).days + 1)
        ]
        # Calls cluster when the office is shut for several days (seed 001).
        weights = []
        for day in days:
            closed = calendar.closed_reason(day)
            weights.append(1.0 if closed is None else (1.5 if closed.kind == "weekend" else 4.0))
        now = timezone.now()
        calls, plans = [], []
        per_family = CALLS_PER_FAMILY_YEAR * self.years
        for n, family in enumerate(self.families):
            count = 300 if (self.long and n == 0) else rng.randint(0, round(2 * per_family))
            for day in rng.choices(days, weights, k=count):
                if calendar.is_working_day(day):
                    hour = rng.choice([6, 7, 16, 17, 18, 19, 20, 21, 22, 23, 0, 1, 10, 13])
                else:
                    hour = rng.randint(0, 23)
                called_at = self.at(day, hour, rng.randint(0, 59))
                if called_at > now:
                    continue
                topic = rng.choices(Topic.values, [30, 20, 8, 10, 10, 7, 10, 5])[0]
                calls.append(
                    HotlineCall(
                        municipality=self.m,
                        family=family,
                        called_at=called_at,
                        caller_name="Plejeforælder",
                        answered_by_organisation=rng.choice(AnsweringOrganisation.values),
                        answered_by_person="Vagt",
                        topic=topic,
                        registered_by=rng.choice(self.on_call),
                        child_safety_at_risk=topic == Topic.CHILD_MISSING,
                        urgency="high" if topic == Topic.CHILD_MISSING else "normal",
                    )
                )
                plans.append(self.consultant_of[family.pk])
        calls = _bulk(HotlineCall, calls, self.report)
        follow_ups = []
        for call, owner in zip(calls, plans, strict=True):
            due = calendar.next_office_opening(call.called_at)
            luck = rng.random()
            done = None
            if luck < 0.8:
                done = due + timedelta(hours=rng.uniform(0.5, 6))
            elif luck < 0.93:
                done = due + timedelta(days=rng.randint(1, 4), hours=2)
            if done is not None and done > now:
                done = None
            follow_ups.append(
                FollowUp(
                    call=call,
                    owner=owner,
                    due_at=due,
                    urgent=call.child_safety_at_risk,
                    reminder_sent_at=due if due <= now else None,
                    done_at=done,
                    done_by=owner if done else None,
                    outcome=rng.choice(Outcome.values) if done else "",
                )
            )
        _bulk(FollowUp, follow_ups, self.report)
