"""Demo children for ``manage.py seed_demo`` (runs before families, which approve
network families for some of them)."""

from datetime import date, timedelta

from cases.models import Child
from cases.services import child_create
from fostercare.accounts.demo import HOME_CODE
from fostercare.accounts.models import User

DEMO_CHILDREN = 40


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
        )
