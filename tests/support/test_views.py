"""The support pages: My families and the family page show conditions due and
overdue; a consultant forms a group, finds and pairs a mentor; managers see coverage."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fostercare.accounts.models import Role
from fostercare.audit.models import AccessLog
from support.models import MentorPairing, NetworkGroup
from tests.factories import FamilyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_my_families_shows_due_and_overdue_conditions(client, team, condition_for):
    _manager, consultant, family = team
    today = timezone.localdate()
    condition_for(family, start_by=today - timedelta(days=3))
    condition_for(family, start_by=today + timedelta(days=10))
    condition_for(family, start_by=today + timedelta(days=30))  # not yet shown
    client.force_login(consultant)
    page = client.get(reverse("dashboard:my_families")).content.decode()
    assert page.count("Familiebehandling i hjemmet") == 2
    assert page.count("Overskredet") == 1
    assert page.count("skulle være iværksat") == 1


def test_the_family_page_shows_conditions_group_and_mentor(client, team, condition_for):
    _manager, consultant, family = team
    condition_for(family, start_by=timezone.localdate() - timedelta(days=1))
    group = NetworkGroup.objects.create(
        municipality=family.municipality,
        name="Netværk Vejle Nord",
        consultant=consultant,
        started_on=date(2025, 1, 1),
    )
    group.members.create(family=family, joined_on=date(2025, 1, 1))
    client.force_login(consultant)
    page = client.get(reverse("families:detail", args=[family.public_id]) + "?del=support")
    page = page.content.decode()
    assert "Netværk Vejle Nord" in page
    assert "Familiebehandling i hjemmet" in page
    assert reverse("support:mentor_search", args=[family.public_id]) in page


@pytest.mark.parametrize(("size", "warned"), [(3, True), (5, False), (7, True)])
def test_forming_a_group_warns_outside_four_to_six(client, home, size, warned):
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home)
    families = FamilyFactory.create_batch(size, municipality=home)
    client.force_login(consultant)
    response = client.post(
        reverse("support:group_create"),
        {
            "name": "Netværk Syd",
            "families": [f.pk for f in families],
            "cadence": "monthly",
            "started_on": "2026-01-05",
        },
        follow=True,
    )
    assert response.status_code == 200
    group = NetworkGroup.objects.get()
    assert group.members.count() == size
    assert ("4-6 anbefales" in response.content.decode()) is warned


def test_a_supervisor_sees_only_the_groups_they_facilitate(client, home):
    supervisor = UserFactory(role=Role.SUPERVISOR, municipality=home)
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home)
    mine = NetworkGroup.objects.create(
        municipality=home,
        name="Min gruppe",
        consultant=consultant,
        facilitator=supervisor,
        started_on=date(2025, 1, 1),
    )
    other = NetworkGroup.objects.create(
        municipality=home, name="Anden gruppe", consultant=consultant, started_on=date(2025, 1, 1)
    )
    client.force_login(supervisor)
    page = client.get(reverse("support:groups")).content.decode()
    assert "Min gruppe" in page
    assert "Anden gruppe" not in page
    assert client.get(reverse("support:group_detail", args=[mine.public_id])).status_code == 200
    assert client.get(reverse("support:group_detail", args=[other.public_id])).status_code == 404


def test_mentor_search_near_the_family_is_access_logged(client, team):
    _manager, consultant, family = team
    near = FamilyFactory(municipality=family.municipality, postal_code="7120", name="Familien Nær")
    far = FamilyFactory(municipality=family.municipality, postal_code="2100", name="Familien Fjern")
    client.force_login(consultant)
    page = client.get(reverse("support:mentor_search", args=[family.public_id])).content.decode()
    assert near.name in page
    assert far.name not in page
    assert AccessLog.objects.filter(user=consultant, action="search").exists()


def test_pairing_bad_input_saves_nothing(client, team):
    _manager, consultant, family = team
    newcomer = FamilyFactory(municipality=family.municipality)
    client.force_login(consultant)
    url = reverse("support:pairing_create", args=[family.public_id])
    data = {"mentor": newcomer.pk, "purpose": "Ny netværksfamilie", "started_on": "2026-01-05"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "opfylder ikke kravene" in response.content.decode()
    assert not MentorPairing.objects.exists()
    response = client.post(url, data | {"exception_reason": "Kender familien godt."})
    assert response.status_code == 302
    assert MentorPairing.objects.get().mentee == family


def test_coverage_for_managers(client, home):
    manager = UserFactory(role=Role.MANAGER, municipality=home)
    FamilyFactory.create_batch(2, municipality=home)
    client.force_login(manager)
    response = client.get(reverse("support:coverage"))
    assert response.status_code == 200
    assert response.context["figures"]["families"] == 2
