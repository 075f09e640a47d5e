"""Demo foster families for ``manage.py seed_demo``: a municipality's register with
general families (approvals ending soon) and network households
(assessed for the children by ``cases.demo``), and consultant changes."""

from datetime import date, timedelta

from django.utils import timezone

from families import services
from families.models import (
    Approval,
    ApprovalStatus,
    ApprovalType,
    Family,
    FamilyMember,
)
from fostercare.accounts.demo import HOME_CODE
from fostercare.accounts.models import Role, User

GENERAL = [ApprovalType.GENERAL] * 6 + [ApprovalType.REINFORCED] * 3 + [ApprovalType.SPECIALISED]
DISTRICTS = ["Nord", "Syd", "Vest", "Midtby"]
LANGUAGES = [[], [], [], ["dansk", "engelsk"], ["dansk", "arabisk"], ["dansk", "tyrkisk"]]
GENERAL_FAMILIES = 48
NETWORK_FAMILIES = 12


def seed(*, fake) -> None:
    if Family.objects.filter(municipality__code=HOME_CODE).exists():
        return
    consultants = list(
        User.objects.filter(municipality__code=HOME_CODE, role=Role.CONSULTANT).order_by("pk")
    )
    actor = User.objects.get(email="konsulent@aarhus.example")
    today = timezone.localdate()
    for number in range(GENERAL_FAMILIES + NETWORK_FAMILIES):
        network = number >= GENERAL_FAMILIES
        consultant = actor if number % 4 == 0 else consultants[number % len(consultants)]
        family = _family(fake, actor, consultant, today, number)
        if not network:  # network households are assessed for a child by cases.demo
            _general(fake, actor, family, GENERAL[number % len(GENERAL)], today, number)
        if number % 7 == 3:
            other = consultants[(number + 1) % len(consultants)]
            if other != consultant:
                services.family_consultant_change(
                    actor=actor,
                    family=family,
                    consultant=other,
                    starts_on=today - timedelta(days=30 + number),
                    reason=fake.random_element(
                        ["Konsulent fratrådt", "Ny fordeling af familier", "Barsel"]
                    ),
                )


def _family(fake, actor, consultant, today: date, number: int) -> Family:
    last_name = fake.last_name()
    family = services.family_create(
        actor=actor,
        consultant=consultant,
        consultant_from=today - timedelta(days=400 + 7 * number),
        name=f"Familien {last_name}",
        street=fake.street_address(),
        postal_code=fake.random_element(["8000", "8200", "8210", "8220", "8230", "8240", "8260"]),
        city="Aarhus",
        district=DISTRICTS[number % len(DISTRICTS)],
        phone=fake.numerify("## ## ## ##"),
        phone_secondary=fake.numerify("## ## ## ##") if number % 3 == 0 else "",
        email=f"familien.{_ascii(last_name)}{number}@example.dk",
        languages=LANGUAGES[number % len(LANGUAGES)],
        notes="",
    )
    for _parent in range(1 if number % 5 == 0 else 2):
        born = date(1965 + fake.random_int(0, 25), fake.random_int(1, 12), fake.random_int(1, 28))
        services.family_member_add(
            actor=actor,
            family=family,
            kind=FamilyMember.Kind.FOSTER_PARENT,
            full_name=f"{fake.first_name()} {last_name}",
            cpr=f"{born:%d%m%y}-{fake.random_int(1000, 3999)}",
            occupation=fake.job(),
        )
    for _child in range(number % 3):
        services.family_member_add(
            actor=actor,
            family=family,
            kind=FamilyMember.Kind.OWN_CHILD,
            full_name=f"{fake.first_name()} {last_name}",
            birth_year=2005 + fake.random_int(0, 15),
        )
    return family


def _ascii(name: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe"})
    return "".join(ch for ch in name.lower().translate(table) if ch.isascii() and ch.isalnum())


def _general(fake, actor, family, kind, today: date, number: int) -> None:
    start = today - timedelta(days=300 + 30 * (number % 20))
    if number % 5 == 1:  # an earlier approval that expired before the current one
        services.approval_create(
            actor=actor,
            family=family,
            type=kind,
            approving_body=Approval.Body.SOCIALTILSYN,
            decision_date=start - timedelta(days=1200),
            valid_from=start - timedelta(days=1180),
            valid_to=start - timedelta(days=1),
            capacity_full_time=1,
            capacity_respite=0,
            status=ApprovalStatus.EXPIRED,
            status_reason="Godkendelsesperioden udløb",
        )
    ends = today + timedelta(days=20 + 9 * number) if number % 3 == 0 else None
    status = ApprovalStatus.SUSPENDED if number % 17 == 5 else ApprovalStatus.APPROVED
    services.approval_create(
        actor=actor,
        family=family,
        type=kind,
        approving_body=Approval.Body.SOCIALTILSYN,
        decision_date=start - timedelta(days=20),
        valid_from=start,
        valid_to=ends,
        capacity_full_time=1 + number % 3,
        capacity_respite=number % 2,
        status=status,
        status_reason="Midlertidigt suspenderet under tilsynssag" if status == "suspended" else "",
    )
