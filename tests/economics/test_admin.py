"""The admin of economics: the national rate tables are read by a municipality's admin
and changed only by the platform operator (a superuser); the demo mark shows; a
municipality sets its own deadline for decisions."""

import pytest
from django.urls import reverse

from economics.models import BoardAndLodgingRate, EconomicsSettings
from economics.selectors import response_rules
from fostercare.accounts.models import Role
from tests.factories import BoardAndLodgingRateFactory, UserFactory

pytestmark = pytest.mark.django_db

BOARD = {"year": "2027", "under_ten": "212", "ten_and_over": "227", "third_and_later": "195",
         "source": "Satser for 2027"}  # fmt: skip


def test_a_municipal_admin_reads_the_national_tables_but_cannot_change_them(client, admin_user):
    BoardAndLodgingRateFactory(year=2026)  # marked as demo
    client.force_login(admin_user)
    changelist = client.get(reverse("admin:economics_boardandlodgingrate_changelist"))
    assert changelist.status_code == 200
    assert "demo — ikke de offentliggjorte satser" in changelist.text
    assert "2024" in changelist.text  # the published years from the migration
    assert client.get(reverse("admin:economics_boardandlodgingrate_add")).status_code == 403
    assert client.post(reverse("admin:economics_boardandlodgingrate_add"), BOARD).status_code == 403
    row = BoardAndLodgingRate.objects.get(year=2024)
    change = client.post(
        reverse("admin:economics_boardandlodgingrate_change", args=[row.pk]),
        BOARD | {"year": "2024", "under_ten": "1"},
    )
    assert change.status_code == 403
    row.refresh_from_db()
    assert str(row.under_ten) == "206.00"


def test_the_platform_operator_enters_next_years_rates(client, home):
    operator = UserFactory(role=Role.ADMIN, municipality=home, is_superuser=True)
    client.force_login(operator)
    response = client.post(reverse("admin:economics_boardandlodgingrate_add"), BOARD)
    assert response.status_code == 302
    saved = BoardAndLodgingRate.objects.get(year=2027)
    assert (str(saved.under_ten), saved.is_demo) == ("212.00", False)


def test_a_municipality_sets_its_deadline_for_decisions(client, admin_user, home):
    assert response_rules(municipality_id=home.pk).working_days == 10
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:economics_economicssettings_add"),
        {"municipality": home.pk, "response_working_days": "7"},
    )
    assert response.status_code == 302
    assert EconomicsSettings.objects.get(municipality=home).response_working_days == 7
    assert response_rules(municipality_id=home.pk).working_days == 7
    bad = client.post(
        reverse("admin:economics_economicssettings_change", args=[home.economics_settings.pk]),
        {"municipality": home.pk, "response_working_days": "0"},
    )
    assert "Angiv en frist på 1 til 60 arbejdsdage." in bad.text
