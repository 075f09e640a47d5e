"""In Chromium: the Content-Security-Policy blocks nothing the pages need (no inline
script, style or handler is left, in our templates, crispy-forms' or Bootstrap's
output, or the Django admin), the scripted bits still work, and the warning before
the idle timeout keeps or ends the session."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fostercare.accounts.models import Role
from hotline.services import hotline_call_register
from tests.conftest import log_in
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    FamilyFactory,
    FamilyMemberFactory,
    PlacementFactory,
    SupervisionSessionFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch_csp(page) -> list[str]:
    """Every CSP violation the browser reports on the pages ``page`` opens."""
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


@pytest.fixture
def records(home):
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home)
    family = FamilyFactory(municipality=home, consultant=consultant)
    ApprovalFactory(family=family)
    FamilyMemberFactory(family=family)
    child = ChildFactory(municipality=home)
    PlacementFactory(child=child, family=family, start_date=date(2025, 3, 1))
    session = SupervisionSessionFactory(municipality=home, families=[family], notes="Noter")
    hotline_call_register(
        actor=UserFactory(role=Role.ON_CALL, municipality=home),
        family=family,
        called_at=timezone.now() - timedelta(days=2),
        caller_name="Mette",
        caller_relation="Plejemor",
        answered_by_organisation="social_on_call",
        answered_by_person="Kim",
        topic="child_reaction",
        topic_text="",
        advice="",
    )
    return {"consultant": consultant, "family": family, "child": child, "session": session}


def test_the_pages_run_under_the_policy_without_violations(page, home, records):
    violations = _watch_csp(page)
    family, child = records["family"], records["child"]
    manager = UserFactory(role=Role.MANAGER, municipality=home)
    log_in(page, manager)
    for url in [
        reverse("dashboard:start"),
        reverse("cases:list"),
        reverse("cases:detail", kwargs={"public_id": child.public_id}),
        reverse("cases:access_log", kwargs={"public_id": child.public_id}),
        reverse("families:list"),
        reverse("families:detail", kwargs={"public_id": family.public_id}),
        *(
            reverse("families:detail", kwargs={"public_id": family.public_id}) + f"?del={name}"
            for name in ("supervision", "hotline", "economics", "matching-profile")
        ),
        reverse("hotline:stats"),
        reverse("supervision:session_detail", kwargs={"public_id": records["session"].public_id}),
    ]:
        page.goto(url)
        page.wait_for_load_state("load")
    # The dashboard's charts are drawn by the server as SVG: no inline style needed.
    page.goto(reverse("hotline:stats"))  # now the dashboard's hotline page
    widths = page.locator(".chart-bar").evaluate_all(
        "bars => bars.map(b => b.getBoundingClientRect().width)"
    )
    assert widths and min(widths) > 100  # every bar chart is drawn across its column
    log_in_again = records["consultant"]
    page.context.clear_cookies()
    log_in(page, log_in_again)
    for url in [
        reverse("families:update", kwargs={"public_id": family.public_id}),
        reverse("families:assessment_add", kwargs={"public_id": family.public_id}),
        reverse("supervision:session_add"),
        reverse("hotline:register_family", kwargs={"public_id": family.public_id}),
    ]:
        page.goto(url)
        page.wait_for_load_state("load")
    assert violations == []


def test_removing_a_member_still_asks_first(page, records):
    family = records["family"]
    log_in(page, records["consultant"])
    page.goto(reverse("families:detail", kwargs={"public_id": family.public_id}))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Fjern").click()
    assert dialogs == ["Fjern dette medlem?"]
    assert family.members.count() == 1  # dismissed: nothing removed


def test_the_language_switch_still_submits_on_change(page, records):
    log_in(page, records["consultant"])
    page.get_by_label("Sprog").select_option("en")
    page.get_by_role("link", name="Foster families").first.wait_for()


def test_the_admin_runs_under_the_policy(page, home, records):
    violations = _watch_csp(page)
    admin = UserFactory(role=Role.ADMIN, municipality=home, is_superuser=True)
    log_in(page, admin)
    session = records["session"]
    for url in [
        reverse("admin:index"),
        reverse("admin:cases_child_changelist"),
        reverse("admin:cases_child_change", args=[records["child"].pk]),
        reverse("admin:supervision_supervisionsession_change", args=[session.pk]),
        reverse("admin:accounts_user_add"),
        reverse("admin:workdays_officeclosure_add"),
    ]:
        page.goto(url)
        page.wait_for_load_state("load")
    # The admin's own scripts work: the calendar shortcut next to a date field.
    page.goto(reverse("admin:workdays_officeclosure_add"))
    page.get_by_role("link", name="I dag").first.click()
    assert page.locator("#id_date").input_value() != ""
    assert violations == []


def test_the_warning_before_the_idle_timeout(page, records, settings):
    settings.SESSION_COOKIE_AGE = 8  # the warning shows after 4 s, the session ends at 8 s
    log_in(page, records["consultant"])
    warning = page.get_by_test_id("session-warning")
    warning.wait_for(state="visible", timeout=10_000)
    assert page.get_by_role("alertdialog").is_visible()
    stay = page.get_by_role("button", name="Bliv logget ind")
    assert stay.evaluate("button => document.activeElement === button")
    stay.click()
    warning.wait_for(state="hidden")
    # Still logged in after the first deadline has passed.
    page.wait_for_timeout(5_000)
    assert "/log-ind/" not in page.url
    # Left alone, the page goes to the log-in page when the session has ended.
    page.wait_for_url("**/log-ind/**", timeout=15_000)


def test_the_browser_refuses_injected_inline_code(page, records):
    """What the policy is for: markup smuggled into a page runs no script and sets no
    style (and the watcher above sees such violations)."""
    violations = _watch_csp(page)
    log_in(page, records["consultant"])
    page.evaluate(
        """() => document.body.insertAdjacentHTML('beforeend',
            '<img id="x" src="data:," onerror="window.hacked = true">'
            + '<div id="y" style="color: rgb(255, 0, 0)">x</div>')"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.hacked === undefined")
    assert page.evaluate("() => getComputedStyle(document.getElementById('y')).color") != (
        "rgb(255, 0, 0)"
    )
    assert violations
