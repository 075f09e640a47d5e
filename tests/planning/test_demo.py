"""The demo shows planning in two municipalities, kept apart."""

import pytest
from django.core.management import call_command

from cases.models import Child
from fostercare.accounts.models import User
from planning.models import FamilyProfile, NeedsProfile, NetworkMeeting, NetworkPerson
from planning.selectors import matching_list, needs_profile_for

pytestmark = pytest.mark.django_db


def test_seed_demo_plans_placements_in_two_municipalities(capsys):
    call_command("seed_demo")
    call_command("seed_demo")  # twice adds nothing twice
    assert FamilyProfile.objects.count() >= 10
    codes = set(NeedsProfile.objects.values_list("child__municipality__code", flat=True))
    assert codes == {"751", "461"}
    assert NetworkMeeting.objects.filter(kind="family_group_conference").count() >= 2
    assert NetworkPerson.objects.exclude(possible_carer="not_assessed").exists()
    caseworker = User.objects.get(email="raadgiver@aarhus.example")
    child = Child.objects.filter(municipality__code="751", needs_profile__isnull=False).first()
    matches = matching_list(user=caseworker, child=child, profile=needs_profile_for(child=child))
    assert matches
    assert all(m.family.municipality.code == "751" for m in matches)
