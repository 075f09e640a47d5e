"""factory_boy factories. Related rows stay in one municipality: pass
``municipality=`` once and everything the factory makes belongs to it."""

from importlib import import_module

import factory
from faker import Faker

from fostercare.accounts.models import Municipality, Role, User
from fostercare.workdays.models import CalendarSettings, OfficeClosure

_FAKE = Faker("da_DK")
TEST_PASSWORD = "correct-horse-battery-staple"


_LOADED = import_module("fostercare.accounts.migrations.0002_load_municipalities")
_BY_CODE = {code: (name, region) for code, name, region in _LOADED.MUNICIPALITIES}


def municipality(code: str = "751") -> Municipality:
    """The real municipalities come from the data migration; tests pick one by code.
    (Transactional tests empty the tables afterwards, so it is put back when missing.)"""
    name, region = _BY_CODE[code]
    return Municipality.objects.get_or_create(code=code, defaults={"name": name, "region": region})[
        0
    ]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@test.example")
    full_name = factory.LazyFunction(lambda: f"{_FAKE.first_name()} {_FAKE.last_name()}")
    role = Role.CASEWORKER
    municipality = factory.LazyFunction(municipality)
    is_staff = factory.LazyAttribute(lambda user: user.role == Role.ADMIN)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])


class CalendarSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarSettings
        django_get_or_create = ("municipality",)

    municipality = factory.LazyFunction(municipality)


class OfficeClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficeClosure

    municipality = factory.LazyFunction(municipality)
    reason = "Lukket mellem jul og nytår"
