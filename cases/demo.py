"""Demo children for ``manage.py seed_demo`` (``seed`` runs after the families'):
network families assessed and approved for some of them, and their histories
(``seed_late``): placements consistent with approvals and capacity, caseworker changes,
statutory visits (some overdue), action plans, lawful and pending changes of placement,
a breakdown and respite stays."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import services
from cases.models import Child, InformationItem, Placement
from cases.services import child_create
from families import services as family_services
from families.models import (
    GENERAL_TYPES,
    Approval,
    ApprovalStatus,
    ApprovalType,
    AssessmentCriterionKind,
    Family,
    NetworkAssessment,
)
from fostercare.accounts.demo import HOME_CODE
from fostercare.accounts.models import Role, User

DEMO_CHILDREN = 40
LEGAL_BASIS = {"with": "Barnets Lov § 46", "without": "Barnets Lov § 47"}


def demo_cpr(born: date, serial: int) -> str:
    # Born 2000 or later: the seventh digit 4 gives the 2000s for years up to 2036.
    return f"{born:%d%m%y}-4{serial % 1000:03d}"


def seed(*, fake) -> None:
    caseworker = User.objects.get(email="raadgiver@aarhus.example")
    if Child.objects.filter(municipality__code=HOME_CODE).exists():
        return
    for number in range(DEMO_CHILDREN):
        born = date(2008, 1, 1) + timedelta(days=fake.random_int(0, 14 * 365))
        child_create(
            actor=caseworker,
            first_name=fake.first_name(),
            last_name=fake.last_name(),
            cpr=demo_cpr(born, 100 + number),
            caseworker_from=timezone.localdate() - timedelta(days=720),
            school=fake.random_element(
                ["Skjoldhøjskolen", "Vestergårdsskolen", "Børnehuset Solsikken", ""]
            ),
        )
    _network_families(fake)


def _network_families(fake) -> None:
    """The register's network households (the families without an approval) are each
    assessed for one child; most assessments are decided, a few still pending."""
    actor = User.objects.get(email="konsulent@aarhus.example")
    today = timezone.localdate()
    children = list(Child.objects.filter(municipality__code=HOME_CODE).order_by("pk"))
    households = Family.objects.filter(
        municipality__code=HOME_CODE, approvals__isnull=True
    ).order_by("pk")
    for number, family in enumerate(households):
        _network(fake, actor, family, children.pop(), today, decided=number % 6 != 0, number=number)


def _free_family(families: list[Family], kind: str, child: Child, since: date):
    """A general family that may take the child from ``since`` (the services decide)."""
    for family in families:
        try:
            return services.placement_create(
                actor=family._actor,
                child=child,
                family=family,
                kind=kind,
                legal_basis=LEGAL_BASIS["with"],
                consent="with",
                start_date=since,
            )
        except ValidationError:
            continue
    return None


def seed_late(*, fake) -> None:
    children = list(Child.objects.filter(municipality__code=HOME_CODE).order_by("pk"))
    if not children or Placement.objects.filter(child__in=children).exists():
        return
    today = timezone.localdate()
    caseworkers = list(
        User.objects.filter(municipality__code=HOME_CODE, role=Role.CASEWORKER).order_by("pk")
    )
    actor = caseworkers[0]
    general = [
        a.family
        for a in Approval.objects.filter(
            family__municipality__code=HOME_CODE,
            type__in=GENERAL_TYPES,
            status=ApprovalStatus.APPROVED,
            valid_from__lte=today - timedelta(days=420),
        )
        .select_related("family")
        .order_by("family__name")
    ]
    for family in general:
        family._actor = actor
    network = {
        a.child_id: a
        for a in Approval.objects.filter(
            family__municipality__code=HOME_CODE,
            type=ApprovalType.NETWORK,
            status=ApprovalStatus.APPROVED,
        ).select_related("family")
    }
    placed: list[Placement] = []
    for number, child in enumerate(children):
        approval = network.get(child.pk)
        if approval is not None:
            since = max(approval.valid_from, today - timedelta(days=300))
            placed.append(
                services.placement_create(
                    actor=actor,
                    child=child,
                    family=approval.family,
                    kind="doegnpleje",
                    legal_basis=LEGAL_BASIS["with"],
                    consent="with",
                    start_date=since,
                )
            )
        elif number % 5 != 4:  # every fifth child is not placed (prevention, or home again)
            since = today - timedelta(days=fake.random_int(60, 400))
            placement = _free_family(general, "doegnpleje", child, since)
            if placement is not None:
                placed.append(placement)
    for number, placement in enumerate(placed):
        child = placement.child
        _visits(fake, actor, child, placement.start_date, today, overdue=number % 6 == 1)
        if number % 3 == 0:
            _contact(fake, actor, placement, today, changed=number % 6 == 0)
        _information(actor, placement, today, number)
        services.action_plan_create(
            actor=actor,
            child=child,
            adopted_on=placement.start_date,
            goals=fake.random_element(
                [
                    "Trivsel i skolen og stabil kontakt til mor.",
                    "Ro i hverdagen; udredning af barnets behov; samvær hver anden weekend.",
                    "Fastholde skolegang og fritidsinteresse; forberede hjemgivelse.",
                ]
            ),
            next_review_on=min(
                placement.start_date + timedelta(days=180),
                today + timedelta(days=fake.random_int(-20, 60)),
            ),
        )
        if number % 4 == 2 and len(caseworkers) > 1:
            services.caseworker_change(
                actor=actor,
                child=child,
                caseworker=caseworkers[1 + number % (len(caseworkers) - 1)],
                starts_on=placement.start_date + timedelta(days=30),
                reason=fake.random_element(
                    ["Rådgiver fratrådt", "Ny fordeling af sager", "Barsel"]
                ),
            )
    _changes(fake, actor, general, [p for p in placed if p.family in general], today)
    # Respite for two children not placed full time.
    for child in [c for n, c in enumerate(children) if n % 5 == 4][:2]:
        _free_family(general, "aflastning", child, today - timedelta(days=90))
    _history(fake, actor, general, [c for n, c in enumerate(children) if n % 5 == 4][2:], today)
    _caseworker_turnover(actor, caseworkers, placed, today)


# Placements that ended in the years before, so the managers' figures have a past to
# set this year against: (started, ended) days ago, end reason, breakdown reasons.
HISTORY = [
    (900, 620, "return_home", []),
    (800, 500, "breakdown", ["needs_greater", "late_assessment"]),
    (700, 420, "family_terminated", []),
    (560, 330, "breakdown", ["network_conflict"]),
    (420, 150, "return_home", []),
    (380, 60, "breakdown", ["poor_match", "family_resources"]),
]


def _history(fake, actor, general, children, today: date) -> None:
    """Children now at home who were placed before: ended placements with their reasons."""
    for child, (began, ended, reason, reasons) in zip(children, HISTORY, strict=False):
        placement = _free_family(general, "doegnpleje", child, today - timedelta(days=began))
        if placement is None:
            continue
        _visits(
            fake, actor, child, placement.start_date, today - timedelta(days=ended), overdue=False
        )
        services.placement_end(
            actor=actor,
            placement=placement,
            end_date=today - timedelta(days=ended),
            end_reason=reason,
            breakdown_reasons=reasons,
        )


def _caseworker_turnover(actor, caseworkers, placed, today: date) -> None:
    """A few children had two or three caseworkers this year (seed 004: a main source of
    frustration)."""
    if len(caseworkers) < 3:
        return
    for number, placement in enumerate(placed[-3:]):  # not the children who move
        child = placement.child
        for step in range(2 + number % 2):
            day = today - timedelta(days=150 - 40 * step - number)
            current = child.caseworker_assignments.filter(ends_on__isnull=True).first()
            if current is None or day <= current.starts_on:
                continue
            others = [c for c in caseworkers if c.pk != current.caseworker_id]
            services.caseworker_change(
                actor=actor,
                child=child,
                caseworker=others[(number + step) % len(others)],
                starts_on=day,
                reason="Ny fordeling af sager" if step else "Rådgiver fratrådt",
            )


def _visits(fake, actor, child, since: date, today: date, *, overdue: bool) -> None:
    day = since + timedelta(days=fake.random_int(20, 60))
    stop = today - timedelta(days=200) if overdue else today
    while day <= stop:
        alone = fake.boolean(80)
        # Some visits without a talk alone give the reason (they count); the others do
        # not count, and the child stays due (Barnets Lov § 156, stk. 5).
        reason = "" if alone or fake.boolean(50) else "Barnet ville ikke tale uden plejemor."
        services.visit_record(
            actor=actor,
            child=child,
            visited_on=day,
            spoken_alone=alone,
            not_alone_reason=reason,
            notes=fake.random_element(
                ["Barnet trives.", "Talte om skole og venner.", "Uro efter samvær."]
            ),
        )
        day += timedelta(days=fake.random_int(120, 175))


def _information(actor, placement, today: date, number: int) -> None:
    """What the foster family was told at the start: everything for most children, the
    health and school information still missing for some (on the worklist)."""
    items = ["history", "plan", "contact"] if number % 4 == 1 else InformationItem.values
    services.information_record(
        actor=actor,
        placement=placement,
        items=list(items),
        given_on=min(placement.start_date + timedelta(days=3), today),
        note="Opstartsmøde med plejefamilien",
    )


def _contact(fake, actor, placement, today: date, *, changed: bool) -> None:
    """The child's contact arrangement with the parents; for some, supervised contact at
    first, later eased by a new decision (the first one ends the day before)."""
    start = placement.start_date + timedelta(days=14)
    whom = fake.random_element(["Mor", "Far", "Mor og far", "Mor; halvbror"])
    services.contact_arrangement_record(
        actor=actor,
        child=placement.child,
        with_whom=whom,
        frequency="Hver anden uge, 2 timer",
        supervised=True,
        place="Familiehuset, samværslokale",
        decision="Afgørelse om overvåget samvær efter børnefaglig vurdering",
        decided_on=start - timedelta(days=7),
        starts_on=start,
    )
    later = min(start + timedelta(days=150), today - timedelta(days=10))
    if changed and later > start:
        services.contact_arrangement_record(
            actor=actor,
            child=placement.child,
            with_whom=whom,
            frequency="Hver anden weekend, lørdag 10-16",
            supervised=False,
            place="Hos mor",
            decision="Aftale med forældrene efter opfølgning på barnets plan",
            decided_on=later - timedelta(days=5),
            starts_on=later,
        )


def _changes(fake, actor, general, placed, today: date) -> None:
    """One completed lawful move, one acute move, a breakdown, one change waiting for
    its steps (it shows on the caseworker's worklist), a move whose steps were
    written down after it, and a change cancelled with its reason."""
    for number, placement in enumerate(placed[:6]):
        targets = [f for f in general if f != placement.family]
        steps = {
            "action_plan_revised_on": today - timedelta(days=12),
            "child_conversation_on": today - timedelta(days=10),
            "family_statement_on": today - timedelta(days=8),
        }
        if number == 2:  # a breakdown: the placement simply ends
            services.placement_end(
                actor=actor,
                placement=placement,
                end_date=today - timedelta(days=14),
                end_reason="breakdown",
                breakdown_reasons=["needs_greater", "poor_match"],
            )
            continue
        for target in targets:
            try:
                with transaction.atomic():  # a family without room: try the next one
                    _move(actor, placement, target, number, steps, today)
                break
            except ValidationError:
                continue


def _move(actor, placement, target, number: int, steps: dict, today: date) -> None:
    change = services.placement_change_start(
        actor=actor,
        child=placement.child,
        to_family=target,
        kind="doegnpleje",
        legal_basis=LEGAL_BASIS["with"],
        consent="with",
        planned_move_on=today + timedelta(days=10) if number == 3 else today - timedelta(days=5),
        reason="Vold i plejefamilien." if number == 1 else "Plejefamilien har opsagt aftalen.",
        initiated_by="municipality" if number == 1 else "foster_family",
        poor_match=number == 0,
        late_assessment=number == 0,
        old_end_reason="family_terminated" if number == 0 else "moved",
    )
    if number == 5:  # cancelled: the child stays after all
        services.placement_change_cancel(
            actor=actor,
            change=change,
            reason="Plejefamilien fik aflastning, og barnet bliver i familien.",
        )
        return
    if number == 3:  # waiting: only the conversation with the child is held so far
        services.placement_change_record_steps(
            actor=actor, change=change, child_conversation_on=today - timedelta(days=3)
        )
        return
    if number == 0:
        services.placement_change_record_steps(actor=actor, change=change, **steps)
    elif number == 4:  # moved first, the steps written down afterwards: not lawful
        services.placement_change_record_steps(
            actor=actor,
            change=change,
            action_plan_revised_on=today - timedelta(days=30),
            child_conversation_on=today - timedelta(days=20),
            family_statement_on=today - timedelta(days=15),
        )
        services.placement_change_complete(
            actor=actor, change=change, moved_on=today - timedelta(days=25)
        )
        return
    else:
        services.placement_change_record_steps(
            actor=actor, change=change, acute_exception=True, acute_reason="Barnets sikkerhed"
        )
    services.placement_change_complete(
        actor=actor, change=change, moved_on=today - timedelta(days=5)
    )


def _network(fake, actor, family, child, today: date, *, decided: bool, number: int = 0) -> None:
    # Assessed over the last year or so: some placements are past their first six months.
    started = today - timedelta(days=120 + 100 * (number % 4))
    relation = fake.random_element(["Mormor", "Moster", "Farbror", "Familieven", "Tidl. pædagog"])
    assessment = family_services.network_assessment_start(
        actor=actor,
        family=family,
        child=child,
        assessors=[actor],
        relation_to_child=f"{relation} til {child.first_name}; tæt og stabil kontakt i mange år.",
        relation_rating=1,
        started_on=started,
        criteria=[
            family_services.CriterionInput(kind, fake.random_element([1, 2, 2, 3]), "")
            for kind in AssessmentCriterionKind.values
        ],
        conditions=[
            family_services.ConditionInput(
                "Intensiv supervision hver anden uge det første år", started + timedelta(days=60)
            )
        ],
        alignment_meeting_on=started + timedelta(days=20),
        alignment_participants="Familien, rådgiver, familieplejekonsulent",
        alignment_notes="Samværsplan og forventninger til samarbejdet gennemgået.",
    )
    if decided:
        family_services.network_assessment_decide(
            actor=actor,
            assessment=assessment,
            outcome=NetworkAssessment.Outcome.APPROVED,
            reason="Stærk relation til barnet; familien kan holde grænser over for forældrene.",
            decided_on=started + timedelta(days=45),
        )
