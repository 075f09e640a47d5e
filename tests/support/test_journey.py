"""In Chromium: a consultant forms a network group of five families, pairs a new
network family with a mentor found near it, and sees an overdue condition on "My
families"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from support.models import MentorPairing, NetworkGroup
from tests.conftest import log_in
from tests.factories import FamilyFactory
from tests.picker import pick
from tests.support.conftest import experienced

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_group_of_five_a_mentor_and_an_overdue_condition(page, team, condition_for):
    _manager, consultant, newcomer = team  # Familien Juhl, 7100 Vejle
    home = consultant.municipality
    names = ["Familien Alstrup", "Familien Bech", "Familien Dahl", "Familien Egholm"]
    for name in names:
        FamilyFactory(municipality=home, consultant=consultant, name=name)
    mentor = experienced(home, name="Familien Holm", postal_code="7120", consultant=consultant)
    condition_for(newcomer, start_by=timezone.localdate() - timedelta(days=2))

    log_in(page, consultant)
    # A network group of five families.
    page.click("a[href$='/stoette/']")
    page.click("a[href$='/stoette/grupper/ny/']")
    page.fill("#id_name", "Netværksgruppen Vejle")
    for name in [*names, "Familien Juhl"]:  # chosen one after the other, by keyboard
        pick(page, "id_families", name.split()[-1], name)
    page.click("main button[type=submit]")
    page.get_by_role("heading", name="Netværksgruppe: Netværksgruppen Vejle").wait_for()
    assert page.locator("[data-members] li").count() == 5
    assert page.locator("[data-size-warning]").count() == 0
    assert NetworkGroup.objects.get().members.count() == 5

    # A mentor near the new network family.
    page.goto(page.url.split("/stoette/")[0] + f"/plejefamilier/{newcomer.public_id}/")
    page.get_by_test_id("family-pages").get_by_role("link", name="Støtte").click()
    page.get_by_role("link", name="Find en mentorfamilie").click()
    row = page.get_by_role("row", name="Familien Holm")
    assert "Ja" in row.inner_text()
    row.get_by_role("link").click()
    page.fill("#id_purpose", "Ny netværksplejefamilie")
    page.click("main button[type=submit]")
    page.get_by_role("heading", name="Mentorforløb: Familien Juhl").wait_for()
    assert MentorPairing.objects.get().mentor == mentor

    # The overdue condition on My families.
    page.click("a[href$='/plejefamilier/mine/']")
    row = page.get_by_role("row", name="Familien Juhl")
    text = row.inner_text()
    assert "Overskredet" in text
    assert "Familiebehandling i hjemmet" in text
