"""Log in as a caseworker in Chromium, see the Danish start page, log out."""

import pytest

from fostercare.accounts.models import Role
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_logs_in_sees_danish_start_page_and_logs_out(page, home):
    user = UserFactory(role=Role.CASEWORKER, municipality=home, full_name="Mette Hansen")
    page.goto("/")
    assert "/log-ind/" in page.url
    page.get_by_label("E-mailadresse").fill(user.email)
    page.get_by_label("Adgangskode").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log ind").click()

    page.get_by_role("heading", name="Hej Mette").wait_for()
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.get_by_text("Dit arbejde som rådgiver").is_visible()
    assert page.get_by_test_id("role-line").inner_text().startswith("Rådgiver")

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Log ud").click()
    page.get_by_role("heading", name="Log ind").wait_for()
    page.goto("/")
    assert "/log-ind/" in page.url


def test_wrong_password_shows_danish_message(page, home):
    user = UserFactory(role=Role.CASEWORKER, municipality=home)
    page.goto("/log-ind/")
    page.get_by_label("E-mailadresse").fill(user.email)
    page.get_by_label("Adgangskode").fill("forkert-adgangskode")
    page.get_by_role("button", name="Log ind").click()
    assert page.get_by_text("E-mailadressen eller adgangskoden er forkert").is_visible()
