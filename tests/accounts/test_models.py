import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from fostercare.accounts.models import Municipality, Role, User
from fostercare.accounts.services import user_create
from fostercare.audit.models import ChangeLog

pytestmark = pytest.mark.django_db


def test_all_98_municipalities_are_loaded_with_official_codes():
    assert Municipality.objects.count() == 98
    assert set(Municipality.objects.values_list("region", flat=True)) == {
        "Region Hovedstaden",
        "Region Sjælland",
        "Region Syddanmark",
        "Region Midtjylland",
        "Region Nordjylland",
    }


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("101", "København"),
        ("147", "Frederiksberg"),
        ("400", "Bornholm"),
        ("461", "Odense"),
        ("751", "Aarhus"),
        ("825", "Læsø"),
        ("851", "Aalborg"),
        ("860", "Hjørring"),
        ("492", "Ærø"),
    ],
)
def test_municipality_codes(code, name):
    assert Municipality.objects.get(code=code).name == name


def test_municipality_code_must_be_three_digits():
    with pytest.raises(IntegrityError):
        Municipality.objects.create(code="12", name="Ingen", region="Region X")


def test_user_create_writes_audit_without_password(home):
    user = user_create(
        actor=None,
        email="Ny.Konsulent@Test.Example",
        full_name="Ny Konsulent",
        role=Role.CONSULTANT,
        municipality=home,
        password="a-long-password-1",
    )
    assert user.email == "ny.konsulent@test.example"
    assert user.check_password("a-long-password-1")
    assert not user.is_staff
    entry = ChangeLog.objects.get(object_pk=str(user.pk))
    assert entry.action == "create"
    assert "password" not in entry.changes
    assert entry.municipality == home


def test_admin_role_gets_admin_site_access(home):
    user = user_create(
        actor=None, email="a@test.example", full_name="A", role=Role.ADMIN, municipality=home
    )
    assert user.is_staff
    assert not user.has_usable_password()


@pytest.mark.parametrize("bad", [{"role": "boss"}, {"email": "not-an-email"}, {"full_name": ""}])
def test_user_create_rejects_bad_input(home, bad):
    data = {"email": "x@test.example", "full_name": "X", "role": Role.CASEWORKER} | bad
    with pytest.raises(ValidationError):
        user_create(actor=None, municipality=home, **data)
    assert not User.objects.filter(email="x@test.example").exists()


def test_superuser_needs_a_municipality(home):
    user = User.objects.create_superuser(
        "root@test.example", "a-long-password-1", full_name="Root", municipality=home.pk
    )
    assert user.is_superuser and user.is_staff and user.role == Role.ADMIN
