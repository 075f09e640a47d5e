"""In Chromium: a consultant enrols a network family's foster parent in a basic course,
the family's supervisor logs a session, and the obligation flags on the consultant's
"My families" clear."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from fostercare.accounts.models import Role
from supervision.models import Enrolment, SupervisionSession
from supervision.services import supervision_course_create
from tests.conftest import log_in
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    CourseKindFactory,
    CourseRunFactory,
    FamilyFactory,
    FamilyMemberFactory,
    PlacementFactory,
    UserFactory,
)
from tests.picker import pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enrolment_and_a_session_clear_the_network_family_flags(page, home):
    today = timezone.localdate()
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home, full_name="Rune Holm")
    supervisor = UserFactory(role=Role.SUPERVISOR, municipality=home, full_name="Sara Vang")
    family = FamilyFactory(municipality=home, consultant=consultant, name="Familien Mortensen")
    parent = FamilyMemberFactory(family=family, full_name="Lise Mortensen")
    child = ChildFactory(municipality=home)
    placed_on = today - relativedelta(months=7)
    ApprovalFactory(
        family=family,
        type="netvaerk",
        approving_body="municipality",
        decision_date=placed_on - timedelta(days=10),
        valid_from=placed_on - timedelta(days=10),
        capacity_full_time=1,
        capacity_respite=0,
        child=child,
    )
    PlacementFactory(child=child, family=family, start_date=placed_on)
    supervision_course_create(
        actor=consultant,
        family=family,
        kind="individual",
        supervisor=supervisor,
        goal="Trygge rammer omkring samvær",
        planned_sessions=5,
        session_minutes=90,
        starts_on=today,
    )
    run = CourseRunFactory(
        course_kind=CourseKindFactory(municipality=home, name="Grundkursus 4 dage"),
        starts_on=today + timedelta(days=20),
        ends_on=today + timedelta(days=23),
    )

    # The consultant sees the family flagged as overdue.
    log_in(page, consultant)
    page.click("a[href$='/plejefamilier/mine/']")
    row = page.get_by_role("row", name="Familien Mortensen")
    assert "overskredet" in row.inner_text()

    # ... and enrols the foster parent on the basic course.
    page.click("a[href$='/supervision/kurser/']")
    page.get_by_role("link", name="Grundkursus 4 dage").click()
    page.click(f"a[href$='/kurser/hold/{run.public_id}/tilmeld/']")
    pick(page, "id_member", "Lise", "Lise Mortensen")
    page.click("main button[type=submit]")
    page.get_by_role("cell", name="Lise Mortensen", exact=True).wait_for()
    assert Enrolment.objects.get().member == parent

    # The supervisor logs today's session with the family.
    page.context.clear_cookies()
    log_in(page, supervisor)
    page.click("a[href$='/supervision/supervisor/']")
    page.click("main a[href$='/supervision/sessioner/ny/']")
    pick(page, "id_families", "Mortensen", f"Familien Mortensen – {family.address}")
    page.get_by_role("button", name="Fjern Familien Mortensen", exact=False).wait_for()
    pick(page, "id_members", "", "Lise Mortensen")
    page.locator("[data-picker-chosen]", has_text="Lise Mortensen").wait_for()
    page.fill("#id_starts_at", f"{today:%Y-%m-%d}T08:00")
    page.select_option("#id_location", "home")
    page.fill("#id_theme", "Opstart af intensiv støtte")
    page.fill("#id_notes", "Fortroligt: familien er presset.")
    page.click("main button[type=submit]")
    page.get_by_text("Fortroligt: familien er presset.").wait_for()
    session = SupervisionSession.objects.get()
    assert session.supervisor == supervisor
    assert list(session.members.all()) == [parent]

    # Back with the consultant: no flag is left.
    page.context.clear_cookies()
    log_in(page, consultant)
    page.click("a[href$='/plejefamilier/mine/']")
    row = page.get_by_role("row", name="Familien Mortensen")
    text = row.inner_text()
    assert "overskredet" not in text and "frist" not in text
