"""factory_boy factories. Related rows stay in one municipality: pass
``municipality=`` once and everything the factory makes belongs to it."""

from datetime import date
from decimal import Decimal
from importlib import import_module

import factory
from django.utils import timezone
from faker import Faker

from fostercare.accounts.models import Municipality, Role, User
from fostercare.cpr import birth_date
from fostercare.workdays.models import CalendarSettings, OfficeClosure

_FAKE = Faker("da_DK")
TEST_PASSWORD = "correct-horse-battery-staple"


_LOADED = import_module("fostercare.accounts.migrations.0002_load_municipalities")
_BY_CODE = {code: (name, region) for code, name, region in _LOADED.MUNICIPALITIES}


def seed_fake_data(seed: int) -> None:
    """Seed the factories' Faker (tests/conftest.py does it for every test)."""
    _FAKE.seed_instance(seed)


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


# --- cases -------------------------------------------------------------------------------
def _cpr_for(n: int) -> str:
    """A valid CPR number, different for each n (born 2010–2019)."""
    day, month, year = 1 + n % 28, 1 + (n // 28) % 12, 10 + (n // 336) % 10
    return f"{day:02d}{month:02d}{year:02d}-{4000 + n % 6000:04d}"


def _adult_cpr_for(n: int) -> str:
    """A valid CPR number of an adult born 1960–1989."""
    day, month, year = 1 + n % 28, 1 + (n // 28) % 12, 60 + (n // 336) % 30
    return f"{day:02d}{month:02d}{year:02d}-{1000 + n % 3000:04d}"


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Child"

    municipality = factory.LazyFunction(municipality)
    first_name = factory.LazyFunction(lambda: _FAKE.first_name())
    last_name = factory.LazyFunction(lambda: _FAKE.last_name())
    cpr = factory.Sequence(_cpr_for)
    birth_date = factory.LazyAttribute(lambda child: birth_date(child.cpr))


# --- families ----------------------------------------------------------------------------
class FamilyFactory(factory.django.DjangoModelFactory):
    """A family with a current fixed consultant of its municipality."""

    class Meta:
        model = "families.Family"
        skip_postgeneration_save = True

    municipality = factory.LazyFunction(municipality)
    name = factory.LazyFunction(lambda: f"Familien {_FAKE.last_name()}")
    street = factory.LazyFunction(lambda: _FAKE.street_address())
    postal_code = factory.LazyFunction(lambda: _FAKE.postcode())
    city = factory.LazyFunction(lambda: _FAKE.city())
    phone = factory.Sequence(lambda n: f"{20000000 + n:08d}")

    @factory.post_generation
    def consultant(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        consultant = extracted or UserFactory(role=Role.CONSULTANT, municipality=self.municipality)
        ConsultantAssignmentFactory(family=self, consultant=consultant)


class ConsultantAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "families.ConsultantAssignment"

    family = factory.SubFactory(FamilyFactory, consultant=False)
    consultant = factory.LazyAttribute(
        lambda a: UserFactory(role=Role.CONSULTANT, municipality=a.family.municipality)
    )
    starts_on = date(2024, 1, 1)


class ApprovalFactory(factory.django.DjangoModelFactory):
    """A current general (almen) approval for two full-time places."""

    class Meta:
        model = "families.Approval"

    family = factory.SubFactory(FamilyFactory)
    type = "almen"
    approving_body = "socialtilsyn"
    decision_date = date(2024, 1, 15)
    valid_from = date(2024, 2, 1)
    valid_to = None
    capacity_full_time = 2
    capacity_respite = 1
    status = "approved"
    child = None


class FamilyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "families.FamilyMember"

    family = factory.SubFactory(FamilyFactory)
    kind = "foster_parent"
    full_name = factory.LazyFunction(lambda: f"{_FAKE.first_name()} {_FAKE.last_name()}")
    cpr = factory.Sequence(lambda n: _adult_cpr_for(n))


# --- hotline -----------------------------------------------------------------------------
class HotlineCallFactory(factory.django.DjangoModelFactory):
    """A call about a family, registered by an on-call responder of its municipality.
    (Services build real calls; this is for rows a test puts in place directly.)"""

    class Meta:
        model = "hotline.HotlineCall"

    family = factory.SubFactory(FamilyFactory)
    municipality = factory.LazyAttribute(lambda call: call.family.municipality)
    called_at = factory.LazyFunction(timezone.now)
    caller_name = "Plejemor"
    answered_by_organisation = "social_on_call"
    answered_by_person = "Vagt"
    topic = "child_reaction"
    registered_by = factory.LazyAttribute(
        lambda call: UserFactory(role=Role.ON_CALL, municipality=call.municipality)
    )


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "hotline.FollowUp"

    call = factory.SubFactory(HotlineCallFactory)
    owner = factory.LazyAttribute(
        lambda f: (
            f.call.family.consultant_assignments.first().consultant if f.call.family_id else None
        )
    )
    due_at = factory.LazyAttribute(lambda f: f.call.called_at)


class PlacementFactory(factory.django.DjangoModelFactory):
    """An active full-time placement (rows put in place directly; services check rules)."""

    class Meta:
        model = "cases.Placement"

    child = factory.SubFactory(ChildFactory)
    family = factory.LazyAttribute(lambda p: FamilyFactory(municipality=p.child.municipality))
    kind = "doegnpleje"
    legal_basis = "Barnets Lov § 46"
    consent = "with"
    start_date = date(2025, 3, 1)


class PlacementChangeFactory(factory.django.DjangoModelFactory):
    """An open change of placement from an active placement to another (approved) family
    with a free place."""

    class Meta:
        model = "cases.PlacementChange"

    from_placement = factory.SubFactory(PlacementFactory)
    child = factory.LazyAttribute(lambda c: c.from_placement.child)
    to_family = factory.LazyAttribute(
        lambda c: (
            ApprovalFactory(
                family=FamilyFactory(municipality=c.from_placement.child.municipality)
            ).family
        )
    )
    kind = "doegnpleje"
    legal_basis = "Barnets Lov § 46"
    consent = "with"
    planned_move_on = date(2026, 6, 1)
    reason = "Plejefamilien har opsagt aftalen."
    initiated_by = "foster_family"
    decided_by = factory.LazyAttribute(
        lambda c: UserFactory(
            role=Role.CASEWORKER, municipality=c.from_placement.child.municipality
        )
    )


# --- supervision -------------------------------------------------------------------------
class CourseKindFactory(factory.django.DjangoModelFactory):
    """A basic course (grundkursus) of four full days, run by the municipality."""

    class Meta:
        model = "supervision.CourseKind"

    municipality = factory.LazyFunction(municipality)
    name = "Grundkursus for netværksplejefamilier"
    category = "basic"
    provider = "municipality"
    length_days = 4
    mandatory = True
    family_types = factory.LazyFunction(lambda: ["netvaerk"])


class CourseRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "supervision.CourseRun"

    course_kind = factory.SubFactory(CourseKindFactory)
    starts_on = date(2025, 9, 1)
    ends_on = date(2025, 9, 4)
    place = "municipal"
    capacity = 10


def _session_start_now():
    """Now, but no later than 22:00 local time: a session ends on the day it starts (a
    90-minute session begun late in the evening would run past midnight, and a test run
    then would fail by the clock)."""
    now = timezone.localtime()
    return min(now, now.replace(hour=22, minute=0, second=0, microsecond=0))


class SupervisionSessionFactory(factory.django.DjangoModelFactory):
    """A 90-minute session of a supervisor with one family (rows put in place directly)."""

    class Meta:
        model = "supervision.SupervisionSession"
        skip_postgeneration_save = True

    municipality = factory.LazyFunction(municipality)
    starts_at = factory.LazyFunction(_session_start_now)
    duration_minutes = 90
    location = "institution"
    supervisor = factory.LazyAttribute(
        lambda s: UserFactory(role=Role.SUPERVISOR, municipality=s.municipality)
    )
    theme = "Barnets reaktioner efter samvær"
    notes = "Fortroligt: plejemor er presset."

    @factory.post_generation
    def families(self, create, extracted, **kwargs):
        if create:
            self.families.set(extracted or [FamilyFactory(municipality=self.municipality)])


class NetworkAssessmentFactory(factory.django.DjangoModelFactory):
    """A pending assessment of a family (of the default municipality) for a child."""

    class Meta:
        model = "families.NetworkAssessment"
        skip_postgeneration_save = True

    family = factory.SubFactory(FamilyFactory)
    child = factory.LazyAttribute(lambda a: ChildFactory(municipality=a.family.municipality))
    relation_to_child = "Mormor og morfar; barnet har boet hos dem i ferier."
    relation_rating = 1  # strength (families.models.Rating.STRONG)
    started_on = date(2025, 3, 1)

    @factory.post_generation
    def assessors(self, create, extracted, **kwargs):
        if create:
            self.assessors.set(
                extracted
                or [UserFactory(role=Role.CONSULTANT, municipality=self.family.municipality)]
            )


# --- economics ----------------------------------------------------------------------------
class BoardAndLodgingRateFactory(factory.django.DjangoModelFactory):
    """A year's board-and-lodging rates (the 2024 published ones unless told), marked
    as not published: tests run in years whose rates are not in the migration."""

    class Meta:
        model = "economics.BoardAndLodgingRate"
        django_get_or_create = ("year",)

    year = 2026
    under_ten = Decimal("206.00")
    ten_and_over = Decimal("221.00")
    third_and_later = Decimal("190.00")
    is_demo = True


class FeeUnitRateFactory(factory.django.DjangoModelFactory):
    """A year's fee unit (the 2023 published one unless told), marked as not published."""

    class Meta:
        model = "economics.FeeUnitRate"
        django_get_or_create = ("year",)

    year = 2026
    per_day = Decimal("154.31")
    per_month = Decimal("4694.00")
    is_demo = True


def general_placement(municipality=None, **placement):
    """A child placed full time in a generally approved family of ``municipality``."""
    family = ApprovalFactory(family=FamilyFactory(municipality=municipality or _home())).family
    child = ChildFactory(municipality=family.municipality)
    return PlacementFactory(child=child, family=family, **placement)


def network_placement(municipality=None, *, child=None, family=None, **placement):
    """A child placed full time in a network family approved for it (from 1 February
    2024, placed from 1 March 2025 unless told)."""
    municipality = municipality or (family.municipality if family else _home())
    family = family or FamilyFactory(municipality=municipality)
    child = child or ChildFactory(municipality=municipality)
    ApprovalFactory(
        family=family,
        type="netvaerk",
        approving_body="municipality",
        capacity_full_time=1,
        capacity_respite=0,
        child=child,
    )
    return PlacementFactory(child=child, family=family, **placement)


def _home():
    return municipality()


class FeeAgreementFactory(factory.django.DjangoModelFactory):
    """An open fee agreement of 4 units for a child placed in a generally approved
    family (from the placement's start)."""

    class Meta:
        model = "economics.FeeAgreement"

    placement = factory.LazyFunction(general_placement)
    family = factory.LazyAttribute(lambda a: a.placement.family)
    units = Decimal("4.00")
    valid_from = factory.LazyAttribute(lambda a: a.placement.start_date)
    valid_to = None


def consultant_of(municipality, **kwargs):
    """A family-care consultant of ``municipality``."""
    return UserFactory(role=Role.CONSULTANT, municipality=municipality, **kwargs)
