"""Headers and sessions: a strict Content-Security-Policy, no browser features the app
does not use, nothing personal in the browser's cache, sessions that end when idle
and when the browser closes, and debug off unless a developer turns it on."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.fostercare.test_settings import manage

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        parts[0]: parts[1:]
        for parts in (directive.split() for directive in header.split(";"))
        if parts
    }


@pytest.mark.parametrize("url_name", ["accounts:login", "dashboard:start", "cases:list"])
def test_every_page_has_a_strict_content_security_policy(client, manager, url_name):
    if url_name != "accounts:login":
        client.force_login(manager)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    # No inline code, no other origin, anywhere in the policy.
    header = response["Content-Security-Policy"]
    assert "unsafe" not in header
    assert not re.search(r"https?:", header)


def test_pages_carry_permissions_and_referrer_policy(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("dashboard:start"))
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_logged_in_pages_are_never_stored_by_the_browser(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("cases:list"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_static_files_are_cacheable(client, caseworker):
    client.force_login(caseworker)
    response = client.get("/static/js/app.js")
    response.close()
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# --- sessions -----------------------------------------------------------------------------
def test_sessions_end_when_idle_and_when_the_browser_closes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_a_request_moves_the_idle_expiry_on_and_the_cookie_dies_with_the_browser(
    client, caseworker
):
    client.force_login(caseworker)
    response = client.get(reverse("dashboard:start"))
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""  # a browser-session cookie
    assert not cookie["max-age"]
    assert 29 * 60 < client.session.get_expiry_age() <= 30 * 60


def test_stay_logged_in_keeps_the_session(client, caseworker):
    client.force_login(caseworker)
    response = client.post(reverse("accounts:session_keep_alive"))
    assert response.status_code == 204
    assert client.get(reverse("accounts:session_keep_alive")).status_code == 405


def test_pages_tell_the_warning_how_long_the_session_lasts(client, caseworker):
    client.force_login(caseworker)
    body = client.get(reverse("dashboard:start")).content.decode()
    assert 'data-session-idle-seconds="1800"' in body
    assert 'data-testid="session-warning"' in body
    assert "Bliv logget ind" in body


def test_an_anonymous_page_has_no_session_warning(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert "data-session-idle-seconds" not in body


@pytest.mark.parametrize(("env", "expected"), [({}, "1800 False"), ({"DEBUG": "1"}, "1800 True")])
def test_idle_minutes_and_debug_come_from_the_environment(env, expected):
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE, settings.DEBUG)"
    result = manage("shell", "-c", code, env={"DEBUG": "0", **env})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_idle_minutes_are_set_by_the_environment():
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    result = manage("shell", "-c", code, env={"SESSION_IDLE_MINUTES": "15"})
    assert result.stdout.strip().splitlines()[-1] == "900"


def test_debug_is_off_unless_a_developer_turns_it_on(monkeypatch):
    """`make run` sets no DEBUG: the demo runs as production does."""
    code = "from django.conf import settings; print(settings.DEBUG)"
    monkeypatch.delenv("DEBUG", raising=False)
    result = manage("shell", "-c", code, env={})
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_an_unknown_url_under_the_demo_settings_is_the_danish_404_page(client, caseworker):
    client.force_login(caseworker)
    response = client.get("/boern/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "Siden blev ikke fundet" in response.content.decode()
    assert "URLconf" not in response.content.decode()
