"""The demo data shows the support: a group of five with meetings, a mentor pairing,
an overdue condition on the demo consultant's My families."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from fostercare.accounts.models import User
from support.models import MentorPairing, NetworkGroup
from support.selectors import support_coverage_figures

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_support(client):
    call_command("seed_demo")
    call_command("seed_demo")  # twice adds nothing twice
    group = NetworkGroup.objects.get()
    assert group.members.count() == 5
    assert group.meetings.count() == 6
    assert MentorPairing.objects.count() == 1
    manager = User.objects.get(email="leder@aarhus.example")
    reviews = support_coverage_figures(user=manager)["reviews"]
    assert (reviews["on_time"], reviews["late"], reviews["not_reviewed"]) == (1, 1, 1)
    consultant = User.objects.get(email="konsulent@aarhus.example")
    client.force_login(consultant)
    page = client.get(reverse("dashboard:my_families")).content.decode()
    assert "Overskredet" in page
    assert "Familiebehandling i hjemmet" in page
