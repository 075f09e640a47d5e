"""Demo planning data for ``manage.py seed_demo`` (``seed_late`` runs after the
children's placement histories): family profiles for matching, and for children not
yet placed a needs profile, a network map and a family group conference, so the
matching page shows something at once; in Odense, a child whose network is being
mapped, and a child Odense has placed with a generally approved Aarhus family (a
placement across municipalities: Odense sees the family's basic record, Aarhus the
place taken and nothing of the child)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import Child, InformationItem
from cases.services import child_create, contact_arrangement_record, information_record
from families.models import GENERAL_TYPES, Approval, ApprovalStatus
from families.selectors import placeable_family_list
from fostercare.accounts.demo import HOME_CODE, OUTSIDER_CODE
from fostercare.accounts.models import User
from planning import services
from planning.models import FamilyProfile, NeedsLevel, NetworkMeeting, PossibleCarer, SpecialNeed

NEEDS = [c for c, _label in SpecialNeed.choices]
RELATIONS = ["Mormor", "Morfar", "Farmor", "Moster", "Faster", "Onkel", "Nabo", "Fodboldtræner"]


def seed(*, fake) -> None:
    """Everything happens after the placements (``seed_late``)."""


@transaction.atomic
def seed_late(*, fake) -> None:
    if FamilyProfile.objects.filter(family__municipality__code=HOME_CODE).exists():
        return
    today = timezone.localdate()
    consultant = User.objects.get(email="konsulent@aarhus.example")
    caseworker = User.objects.get(email="raadgiver@aarhus.example")
    approvals = Approval.objects.filter(
        family__municipality__code=HOME_CODE,
        type__in=GENERAL_TYPES,
        status=ApprovalStatus.APPROVED,
    ).select_related("family")
    for approval in approvals.order_by("family__name"):
        low = fake.random_int(0, 8)
        services.family_profile_save(
            actor=consultant,
            family=approval.family,
            age_min=low,
            age_max=min(17, low + fake.random_int(5, 12)),
            needs_taken=fake.random_elements(NEEDS, length=fake.random_int(1, 4), unique=True),
            takes_siblings=fake.boolean(40),
            years_experience=fake.random_int(0, 25),
            courses_completed=fake.random_int(0, 6),
        )
    unplaced = Child.objects.filter(municipality__code=HOME_CODE, placements__isnull=True).order_by(
        "pk"
    )
    for number, child in enumerate(unplaced[:4]):
        _plan(fake, caseworker, child, today, with_conference=number % 2 == 0)
    _odense(fake, today)


def _plan(fake, caseworker, child, today, *, with_conference: bool) -> None:
    services.needs_profile_save(
        actor=caseworker,
        child=child,
        level=fake.random_element([c for c, _label in NeedsLevel.choices]),
        siblings_together=fake.random_element([0, 0, 0, 1]),
        special_needs=fake.random_elements(NEEDS, length=fake.random_int(0, 2), unique=True),
        languages=["dansk"],
        school_city=fake.random_element(["Aarhus", ""]),
    )
    for relation in fake.random_elements(RELATIONS, length=3, unique=True):
        assessed = fake.random_element(list(PossibleCarer))
        services.network_person_add(
            actor=caseworker,
            child=child,
            name=f"{fake.first_name()} {child.last_name}",
            relation=relation,
            phone=fake.phone_number(),
            possible_carer=assessed,
            assessment=""
            if assessed == PossibleCarer.NOT_ASSESSED
            else fake.random_element(
                [
                    "Tæt relation; har plads og overskud.",
                    "Helbredet rækker ikke til et barn i hverdagen.",
                    "I konflikt med forældrene; kan ikke holde samværsreglerne.",
                ]
            ),
        )
    if with_conference:
        services.network_meeting_record(
            actor=caseworker,
            child=child,
            kind=NetworkMeeting.Kind.FAMILY_GROUP_CONFERENCE,
            held_on=today - timedelta(days=fake.random_int(3, 30)),
            participants="Mor, mormor, moster, koordinator",
            outcome="Netværket kan ikke have barnet boende; moster tilbyder aflastning "
            "hver anden weekend.",
        )


def _odense(fake, today) -> None:
    caseworker = User.objects.get(email="raadgiver@odense.example")
    if Child.objects.filter(municipality__code=OUTSIDER_CODE).exists():
        return
    _odense_child(fake, caseworker, today, years=9, serial="4900", school="Rosengårdskolen")
    _odense_child_in_aarhus(fake, caseworker, today)


def _odense_child(fake, caseworker, today, *, years: int, serial: str, school: str) -> Child:
    """An Odense child of ``years`` whose network is mapped, with a conference held."""
    born = today - timedelta(days=years * 365)
    child = child_create(
        actor=caseworker,
        first_name=fake.first_name(),
        last_name=fake.last_name(),
        cpr=f"{born:%d%m%y}-{serial}",
        school=school,
    )
    _plan(fake, caseworker, child, today, with_conference=True)
    return child


def _odense_child_in_aarhus(fake, caseworker, today) -> None:
    """An Odense child placed a month ago with an Aarhus family that Socialtilsynet has
    approved generally, with the decision, the contact arrangement and the information
    given."""
    families = (
        placeable_family_list(user=caseworker)
        .filter(municipality__code=HOME_CODE, is_active=True, places_full_time__gt=0)
        .order_by("name", "pk")[:20]
    )
    child = _odense_child(fake, caseworker, today, years=12, serial="4911", school="Tilst Skole")
    started = today - timedelta(days=30)
    placement = None
    for family in families:  # the first with a place on every day since the start
        try:
            with transaction.atomic():
                placement = services.placement_decide(
                    actor=caseworker,
                    child=child,
                    family=family,
                    kind="doegnpleje",
                    legal_basis="Barnets Lov § 46",
                    consent="with",
                    start_date=started,
                    reasons="Ingen plejefamilie i Odense har plads til en 12-årig med "
                    "barnets behov; familien i Aarhus har erfaring med unge.",
                    siblings_reason="Storesøsteren bliver boende hos sin far i Odense."
                    if child.needs_profile.siblings_together
                    else "",
                )
            break
        except ValidationError:
            continue
    if placement is None:
        return
    contact_arrangement_record(
        actor=caseworker,
        child=child,
        with_whom="Mor",
        frequency="Hver anden weekend",
        supervised=False,
        place="I Odense, hos mor",
        decision="Aftalt med mor",
        decided_on=started,
        starts_on=started,
    )
    information_record(
        actor=caseworker,
        placement=placement,
        items=[InformationItem.HISTORY, InformationItem.SCHOOL, InformationItem.CONTACT],
        given_on=started,
        note="Handleplan og helbredsoplysninger følger.",
    )
