"""The demo data tells realistic, lawful histories: placements within the families'
approvals, moves with their steps, a breakdown, visits (some overdue) and a worklist."""

import pytest
from django.core.management import call_command

from cases.models import (
    ContactArrangement,
    InformationGiven,
    Placement,
    PlacementChange,
    StatutoryVisit,
)
from cases.selectors import case_worklist
from families.selectors import family_list
from fostercare.accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_consistent_case_histories(capsys):
    call_command("seed_demo")
    call_command("seed_demo")  # twice adds nothing twice
    placements = Placement.objects.all()
    assert placements.filter(end_date__isnull=True, kind="doegnpleje").count() >= 20
    assert placements.filter(family__approvals__type="netvaerk").exists()
    assert placements.filter(end_reason="breakdown").exclude(breakdown_reasons=[]).exists()
    assert placements.filter(kind="aflastning").exists()
    changes = PlacementChange.objects.all()
    assert changes.filter(status="completed", acute_exception=False).exists()
    assert changes.filter(status="completed", acute_exception=True).exists()
    assert [c.missing_steps != [] for c in changes.filter(status="open")] == [True]
    assert changes.filter(status="cancelled").exclude(cancel_reason="").exists()
    assert StatutoryVisit.objects.count() >= 40
    assert InformationGiven.objects.filter(item="health").exists()
    assert "information" in {
        item.kind for item in case_worklist(user=User.objects.get(email="raadgiver@aarhus.example"))
    }
    contacts = ContactArrangement.objects.all()
    assert contacts.filter(ends_on__isnull=True, supervised=True).exists()
    assert contacts.filter(ends_on__isnull=False).exists()  # eased by a new decision
    visits = StatutoryVisit.objects.filter(spoken_alone=False)
    assert visits.exclude(not_alone_reason="").exists()  # counts, with its reason
    assert visits.filter(not_alone_reason="").exists()  # does not count
    caseworker = User.objects.get(email="raadgiver@aarhus.example")
    assert min(f.places_full_time for f in family_list(user=caseworker)) >= 0
    kinds = {item.kind for item in case_worklist(user=caseworker)}
    assert {"visit", "change"} <= kinds
    assert any(item.overdue for item in case_worklist(user=caseworker))
