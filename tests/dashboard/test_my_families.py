"""My families (fostercare/dashboard/views.py, MyFamiliesView): a consultant's current
families, those with an approval expiring soon first and marked, in a constant number
of queries."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from families.models import Family
from tests.factories import (
    ApprovalFactory,
    ConsultantAssignmentFactory,
    FamilyFactory,
    consultant_of,
)
from tests.families.views.support import World, make_world, text

pytestmark = pytest.mark.django_db

# Danish messages (msgstr in locale/da/LC_MESSAGES/django.po)
EXPIRES_SOON = "udløber snart"
NO_FAMILIES_OF_MINE = "Du er ikke fast konsulent for nogen familie."


@pytest.fixture
def w(client, home, other_municipality) -> World:
    return make_world(client, home, other_municipality)


def test_my_families_lists_only_my_current_families_expiring_first(client, w, home):
    today = timezone.localdate()
    Family.objects.filter(pk__in=[w.family.pk, w.other.pk]).delete()

    def mine(name, **kwargs):
        return FamilyFactory(municipality=home, name=name, consultant=w.me, **kwargs)

    calm = mine("Familien Ro")
    ApprovalFactory(family=calm, valid_to=today + timedelta(days=400))
    soon = mine("Familien Snart")
    ApprovalFactory(family=soon, valid_to=today + timedelta(days=30))
    sooner = mine("Familien Snarest")
    ApprovalFactory(family=sooner, valid_to=today + timedelta(days=10))
    edge = mine("Familien Grænse")
    ApprovalFactory(family=edge, valid_to=today + timedelta(days=90))
    mine("Familien Uden")
    ApprovalFactory(family=mine("Familien Inaktiv", is_active=False), valid_to=today)
    # No longer mine: handed to a colleague yesterday.
    handed = mine("Familien Overdraget")
    handed.consultant_assignments.update(ends_on=today - timedelta(days=1))
    ConsultantAssignmentFactory(family=handed, starts_on=today - timedelta(days=1))
    # Not yet mine: a change recorded ahead of time.
    coming = FamilyFactory(municipality=home, name="Familien Kommende")
    coming.consultant_assignments.update(ends_on=today + timedelta(days=7))
    ConsultantAssignmentFactory(family=coming, consultant=w.me, starts_on=today + timedelta(days=7))
    # A colleague's family.
    ApprovalFactory(
        family=FamilyFactory(municipality=home, name="Familien Kollega"), valid_to=today
    )

    response = client.get(reverse("dashboard:my_families"))
    assert response.status_code == 200
    families = list(response.context["families"])
    assert [f.name for f in families] == [
        "Familien Snarest",
        "Familien Snart",
        "Familien Grænse",
        "Familien Ro",
        "Familien Uden",
    ]
    assert [f.name for f in families if f.expiring] == [
        "Familien Snarest",
        "Familien Snart",
        "Familien Grænse",
    ]
    rows = {
        name: row
        for row in re.findall(r"<tr.*?</tr>", response.content.decode(), flags=re.S)
        for name in [f.name for f in families]
        if name in row
    }
    for family in families:
        assert ('class="table-warning"' in rows[family.name]) is family.expiring, family.name
        assert (EXPIRES_SOON in rows[family.name]) is family.expiring, family.name
    content = text(response)
    for name in ("Kollega", "Inaktiv", "Overdraget", "Kommende"):
        assert f"Familien {name}" not in content


def test_my_families_query_count_does_not_grow(client, w, home):
    def add(n):
        for _ in range(n):
            family = FamilyFactory(municipality=home, consultant=w.me)
            ApprovalFactory(family=family, valid_to=timezone.localdate() + timedelta(days=30))

    add(2)
    client.get(reverse("dashboard:my_families"))
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(reverse("dashboard:my_families")).context["families"]) == 3
    add(20)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(reverse("dashboard:my_families")).context["families"]) == 23
    assert len(many.captured_queries) == len(few.captured_queries)


def test_my_families_is_empty_for_a_consultant_without_families(client, home):
    client.force_login(consultant_of(home))
    FamilyFactory(municipality=home)
    response = client.get(reverse("dashboard:my_families"))
    assert list(response.context["families"]) == []
    assert NO_FAMILIES_OF_MINE in text(response)
