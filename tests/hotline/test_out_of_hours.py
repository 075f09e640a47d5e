"""A consultant logs a contact taken personally outside office hours: the same
register as hotline calls, marked as the consultant's, counted in the figures."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fostercare.accounts.models import Role
from hotline.models import HotlineCall
from hotline.selectors import call_time_figures
from hotline.services import out_of_hours_contact_register
from tests.factories import FamilyFactory, UserFactory

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


@pytest.mark.parametrize(
    ("called_at", "allowed"),
    [
        (datetime(2026, 3, 10, 20, 30, tzinfo=CPH), True),  # Tuesday evening
        (datetime(2026, 3, 14, 11, 0, tzinfo=CPH), True),  # Saturday
        (datetime(2026, 4, 6, 10, 0, tzinfo=CPH), True),  # Easter Monday
        (datetime(2026, 3, 10, 10, 0, tzinfo=CPH), False),  # Tuesday, office hours
    ],
)
def test_only_contacts_outside_office_hours(home, called_at, allowed):
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home)
    family = FamilyFactory(municipality=home, consultant=consultant)
    fields = {"family": family, "called_at": called_at, "topic": "child_reaction"}
    if allowed:
        call = out_of_hours_contact_register(actor=consultant, advice="Ro på", **fields)
        assert call.taken_by_consultant is True
        assert call.answered_by_person == consultant.full_name
    else:
        with pytest.raises(ValidationError) as error:
            out_of_hours_contact_register(actor=consultant, **fields)
        assert "called_at" in error.value.message_dict
        assert not HotlineCall.objects.exists()


def test_the_figures_show_both(home):
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home)
    manager = UserFactory(role=Role.MANAGER, municipality=home)
    family = FamilyFactory(municipality=home, consultant=consultant)
    out_of_hours_contact_register(
        actor=consultant,
        family=family,
        called_at=datetime(2026, 3, 10, 20, 30, tzinfo=CPH),
        topic="child_reaction",
    )
    figures = call_time_figures(user=manager, since=date(2026, 3, 1), until=date(2026, 3, 31))
    assert figures["total"] == 1
    assert figures["taken_by_consultant"] == 1


def test_the_form_refuses_office_hours_and_saves_nothing(client, home):
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home)
    family = FamilyFactory(municipality=home, consultant=consultant)
    client.force_login(consultant)
    response = client.post(
        reverse("hotline:out_of_hours_contact"),
        {"family": family.pk, "called_at": "2026-03-10T10:00", "topic": "child_reaction"},
    )
    assert response.status_code == 200
    assert "åbningstid" in response.content.decode()
    assert not HotlineCall.objects.exists()
    response = client.post(
        reverse("hotline:out_of_hours_contact"),
        {"family": family.pk, "called_at": "2026-03-10T21:00", "topic": "child_reaction"},
    )
    assert response.status_code == 302
    assert HotlineCall.objects.get().taken_by_consultant
