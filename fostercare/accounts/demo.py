"""Demo users and calendar for ``manage.py seed_demo``."""

from datetime import date, timedelta

from django.utils import timezone

from fostercare.accounts.models import Municipality, Role, User
from fostercare.accounts.services import user_create
from fostercare.workdays.models import OfficeClosure

DEMO_PASSWORD = "demo-plejefamilie"  # noqa: S105 - printed for newcomers; development only
HOME_CODE = "751"  # Aarhus
OUTSIDER_CODE = "461"  # Odense

# (e-mail, role, municipality code): the logins printed by `make run`.
DEMO_LOGINS = (
    ("raadgiver@aarhus.example", Role.CASEWORKER, HOME_CODE),
    ("konsulent@aarhus.example", Role.CONSULTANT, HOME_CODE),
    ("vagt@aarhus.example", Role.ON_CALL, HOME_CODE),
    ("leder@aarhus.example", Role.MANAGER, HOME_CODE),
    ("admin@aarhus.example", Role.ADMIN, HOME_CODE),
    ("supervisor@aarhus.example", Role.SUPERVISOR, HOME_CODE),
    ("raadgiver@odense.example", Role.CASEWORKER, OUTSIDER_CODE),
)
# Colleagues without a printed login, so lists look like a real office.
EXTRA_STAFF = {Role.CASEWORKER: 5, Role.CONSULTANT: 4, Role.ON_CALL: 2}


def person_name(fake) -> str:
    """A Danish first and last name (Faker's ``name()`` may add "Fru"/"Hr.")."""
    return f"{fake.first_name()} {fake.last_name()}"


def _phone(fake) -> str:
    return fake.numerify("## ## ## ##")


def seed(*, fake) -> dict[str, User]:
    home = Municipality.objects.get(code=HOME_CODE)
    users: dict[str, User] = {}
    manager = None
    for email, role, code in sorted(DEMO_LOGINS, key=lambda row: row[1] != Role.MANAGER):
        user = User.objects.filter(email=email).first() or user_create(
            actor=None,
            email=email,
            full_name=person_name(fake),
            role=role,
            municipality=Municipality.objects.get(code=code),
            password=DEMO_PASSWORD,
            phone=_phone(fake),
            manager=manager if code == HOME_CODE and role != Role.MANAGER else None,
        )
        if role == Role.MANAGER and code == HOME_CODE:
            manager = user
        users[email] = user
    for role, count in EXTRA_STAFF.items():
        for number in range(1, count + 1):
            email = f"{role}{number}@aarhus.example"
            users[email] = User.objects.filter(email=email).first() or user_create(
                actor=None,
                email=email,
                full_name=person_name(fake),
                role=role,
                municipality=home,
                password=None,
                phone=_phone(fake),
                manager=manager,
            )
    _seed_closures(home)
    return users


def _seed_closures(municipality: Municipality) -> None:
    """The office closes between Christmas and New Year, as many municipalities do
    (last year's closure too: the hotline figures compare with it)."""
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        day = date(year, 12, 27)
        while day <= date(year, 12, 30):
            if day.weekday() < 5:
                OfficeClosure.objects.get_or_create(
                    municipality=municipality,
                    date=day,
                    defaults={"reason": "Lukket mellem jul og nytår"},
                )
            day += timedelta(days=1)
