"""The middleware around every page while PostgreSQL restarts: nothing after the view
may turn the Danish "database unavailable" page (503), or a page already made, into
an error. Found by the chaos test (tests/hotline/test_chaos.py)."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from fostercare.middleware import PrivateResponseMiddleware, SessionSavingMiddleware


def _database_gone():
    raise OperationalError("terminating connection due to administrator command")


@pytest.mark.parametrize(
    ("cookies", "stored"),
    [
        ({settings.SESSION_COOKIE_NAME: "abc"}, False),  # within a session: never stored
        ({}, True),  # the login page before anyone logged in
    ],
)
def test_private_headers_never_ask_the_database(cookies, stored):
    request = RequestFactory().get("/")
    request.COOKIES.update(cookies)
    request.user = SimpleLazyObject(_database_gone)  # loading the user would fail
    middleware = PrivateResponseMiddleware(lambda r: HttpResponse(status=503))

    response = middleware(request)

    assert response.status_code == 503
    assert ("no-store" not in response.get("Cache-Control", "")) is stored
    assert "camera=()" in response["Permissions-Policy"]


class _SessionSaveFails(SessionStore):
    def __init__(self, error: Exception):
        super().__init__(session_key="k" * 32)
        self._session_cache = {"_auth_user_id": "1"}
        self.error = error

    def save(self, must_create=False):
        raise self.error


def _update_error_from(cause: Exception | None) -> UpdateError:
    try:
        try:
            if cause:
                raise cause
        finally:
            raise UpdateError
    except UpdateError as error:
        return error


def test_a_page_already_made_survives_a_session_save_during_a_database_restart():
    request = RequestFactory().post("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "k" * 32
    request.session = _SessionSaveFails(
        _update_error_from(OperationalError("the connection is closed"))
    )
    middleware = SessionSavingMiddleware(lambda r: HttpResponse(status=302))

    response = middleware.process_response(request, HttpResponse(status=302))

    assert response.status_code == 302
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # the old expiry stands


def test_a_session_ended_elsewhere_is_still_reported():
    """A logout in another tab while this request ran is Django's SessionInterrupted
    (400), not a database outage."""
    request = RequestFactory().post("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "k" * 32
    request.session = _SessionSaveFails(_update_error_from(None))
    middleware = SessionSavingMiddleware(lambda r: HttpResponse())

    with pytest.raises(SessionInterrupted):
        middleware.process_response(request, HttpResponse())
