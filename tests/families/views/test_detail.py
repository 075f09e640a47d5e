"""The family page (families/views.py, FamilyDetailView): every view is access-logged,
on-call responders get only the short version, and foster parents' CPR numbers are
masked on the full one.

Who may open which page is tests/test_permission_matrix.py's job; here a user who
may is logged in and the pages are used as a person would use them.
"""

import re
from datetime import date

import pytest

from economics.models import FeeAgreement
from families.models import Family
from fostercare.accounts.models import Role
from fostercare.audit.models import AccessLog
from tests.factories import ApprovalFactory, FamilyMemberFactory, UserFactory
from tests.families.views.support import CHILD_CPR, World, page, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_family(w: World) -> Family:
    """w.family with something in every section of the page."""
    family = w.family
    Family.objects.filter(pk=family.pk).update(
        phone="86 12 34 56", notes="Hunden Bølle bor også her."
    )
    family.refresh_from_db()
    FamilyMemberFactory(family=family, full_name="Hanne Mortensen", cpr="010170-1234")
    FamilyMemberFactory(family=family, full_name="Jens Mortensen", cpr="150565-2345")
    FamilyMemberFactory(
        family=family, kind="own_child", full_name="Lise Mortensen", cpr="", birth_year=2012
    )
    ApprovalFactory(
        family=family, status="suspended", status_reason="Afventer tilsynsbesøg i marts"
    )
    ApprovalFactory(
        family=family,
        type="netvaerk",
        approving_body="municipality",
        capacity_full_time=1,
        capacity_respite=0,
        child=w.child,
    )
    # A fee agreed per family before fees were per child, waiting for a child: the
    # economics section shows it on the full page only.
    FeeAgreement.objects.create(
        family=family,
        legacy_level="4 vederlagsenheder",
        fixed_monthly_amount=20000,
        valid_from=date(2024, 2, 1),
        needs_assignment="Intet barn var anbragt i familien i aftalens periode.",
    )
    w.me.phone = "41 41 41 41"
    w.me.save()
    return family


# A CPR number, whole or masked, that is not part of a longer word (such as a UUID).
CPR_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{6}-?(\d{4}|XXXX)(?![0-9A-Za-z])")
FULL_CPR = re.compile(r"(?<![0-9A-Za-z])\d{6}-?\d{4}(?![0-9A-Za-z])")

SECRETS = [
    "Hanne Mortensen",  # members' names
    "Jens Mortensen",
    "Lise Mortensen",
    "010170",  # CPR numbers, whole or masked
    "150565",
    "Afventer tilsynsbesøg i marts",  # an approval
    "Emma Ravnsborg",  # the child a network approval is for
    "4 vederlagsenheder",  # the fee
    "Hunden Bølle",  # notes
]


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.ON_CALL, Role.CASEWORKER, Role.MANAGER])
def test_every_view_of_the_family_page_is_access_logged(client, w, full_family, role):
    user = w.me if role == Role.CONSULTANT else UserFactory(role=role, municipality=w.home)
    client.force_login(user)
    url = page("detail", full_family)
    for views in (1, 2):
        assert client.get(url).status_code == 200
        assert AccessLog.objects.count() == views
    entry = AccessLog.objects.first()
    assert (entry.user, entry.municipality, entry.object_pk, entry.path) == (
        user,
        w.home,
        str(full_family.pk),
        url,
    )
    assert entry.content_type.model == "family"


def test_a_404_for_another_municipality_logs_no_access(client, w, outsider):
    client.force_login(outsider)
    assert client.get(page("detail", w.family)).status_code == 404
    assert not AccessLog.objects.exists()


def test_on_call_responder_gets_the_short_page(client, w, full_family):
    client.force_login(UserFactory(role=Role.ON_CALL, municipality=w.home, full_name="Vera Vagt"))
    response = client.get(page("detail", full_family))
    assert "families/detail_basic.html" in [t.name for t in response.templates]
    content = text(response)
    for shown in ("Familien Mortensen", full_family.street, "86 12 34 56"):
        assert shown in content
    assert "Rune Holm" in content  # the fixed consultant, and how to reach them
    assert "41 41 41 41" in content
    for secret in SECRETS:
        assert secret not in content, secret
    assert not CPR_LIKE.search(content)
    assert page("approval_add", full_family) not in content


def test_the_short_page_has_no_sub_pages(client, w, full_family):
    """An on-call responder asking for the economics sub-page gets the short page."""
    client.force_login(UserFactory(role=Role.ON_CALL, municipality=w.home))
    response = client.get(page("detail", full_family) + "?del=economics")
    assert "families/detail_basic.html" in [t.name for t in response.templates]
    content = text(response)
    for secret in SECRETS:
        assert secret not in content, secret


def test_the_full_page_shows_what_the_short_one_leaves_out(client, w, full_family):
    """The control for the test above: the same family's full page has all of it, the
    fee on its economics sub-page."""
    response = client.get(page("detail", full_family))
    assert "families/detail.html" in [t.name for t in response.templates]
    economics = client.get(page("detail", full_family) + "?del=economics")
    content = text(response) + text(economics)
    for secret in SECRETS:
        if secret not in ("010170", "150565"):
            assert secret in content, secret
    assert "86 12 34 56" in content
    assert "Rune Holm" in content


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.CASEWORKER, Role.MANAGER])
def test_foster_parents_cpr_numbers_are_masked_on_the_full_page(client, w, full_family, role):
    if role != Role.CONSULTANT:
        client.force_login(UserFactory(role=role, municipality=w.home))
    content = text(client.get(page("detail", full_family)))
    assert "010170-XXXX" in content
    assert "150565-XXXX" in content
    for full in ("010170-1234", "0101701234", "150565-2345", "1505652345", CHILD_CPR):
        assert full not in content
    assert not FULL_CPR.search(content)
