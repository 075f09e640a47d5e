import logging

from django import forms
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

logger = logging.getLogger(__name__)


class DanishFirstLocaleMiddleware:
    """Danish unless the user picked another language (the language cookie set by
    ``set_language``). Unlike ``LocaleMiddleware`` it ignores the browser's
    Accept-Language: municipal PCs often run English browsers, and staff expect
    the system in Danish."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class DatabaseUnavailableMiddleware:
    """A database that is briefly away (a restart, a failover) gives a page that says
    so in Danish, with status 503 and ``Retry-After``, never a 500. After a form was
    sent, the page holds everything that was typed, editable, and "Try again" sends it
    once more to the same address; the form's idempotency key (where it has one) makes
    a retry of a submit that did commit save nothing twice. The page is rendered
    without the database: no user, no navigation."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning(
            "database unavailable for %s %s", request.method, request.path, exc_info=True
        )
        posted = request.method == "POST"
        html = render_to_string(
            "unavailable.html",
            {
                "posted": posted,
                "fields": _posted_fields(request) if posted else [],
                "action": request.get_full_path(),
            },
        )
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "10"
        return response


class SessionSavingMiddleware(SessionMiddleware):
    """Django's session middleware, except that a database gone between the view and
    the session's save (every request saves it: the idle timeout moves on) does not
    turn a page already made, often after a committed save, into an error. The
    session keeps its previous expiry; the next request moves it on."""

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except Exception as error:  # narrowed just below
            if not _caused_by_database_outage(error):
                raise
            logger.warning("session not saved: database unavailable", exc_info=True)
            return response


def _caused_by_database_outage(error: BaseException | None) -> bool:
    """The session backend reports a failed save as ``UpdateError``/``SessionInterrupted``;
    the database error it hides is further down the exception chain."""
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
    return False


def _posted_fields(request) -> list[dict]:
    """What was posted, as the fields of a form to send again: labelled and typed like
    the view's form where the view names one (``form_class``), hidden otherwise. Lists
    of records (a consultant to choose) cannot be read without the database, so the
    choice made is kept hidden."""
    view_class = getattr(getattr(request, "resolver_match", None), "func", None)
    form_class = getattr(getattr(view_class, "view_class", None), "form_class", None)
    base_fields = getattr(form_class, "base_fields", {}) if form_class else {}
    rows = []
    for name, field in base_fields.items():
        values = request.POST.getlist(name)
        widget = field.widget
        if isinstance(field, forms.BooleanField):
            kind = "checkbox"
        elif not values:
            continue
        elif isinstance(widget, forms.HiddenInput) or isinstance(field, forms.ModelChoiceField):
            kind = "hidden"
        elif isinstance(field, forms.ChoiceField):
            kind = "select"
        elif isinstance(widget, forms.Textarea):
            kind = "textarea"
        else:
            kind = getattr(widget, "input_type", "text") or "text"
        rows.append(
            {
                "name": name,
                "label": field.label or name,
                "kind": kind,
                "value": values[0] if values else "",
                "values": values,
                "checked": bool(values) and values[0] not in ("", "false", "off"),
                "choices": [
                    (str(key), label)
                    for key, label in getattr(field, "choices", [])
                    if kind == "select" and not isinstance(label, list | tuple)
                ],
            }
        )
    for name in request.POST:
        if name not in base_fields:
            rows.extend(
                {"name": name, "kind": "hidden", "value": value, "values": [value]}
                for value in request.POST.getlist(name)
            )
    return rows


class PrivateResponseMiddleware:
    """Headers that keep personal data where it belongs.

    Every response switches off the browser features the app never uses
    (``PERMISSIONS_POLICY``). A response within a session (the request carries the
    session cookie, or the response sets it, as logging in does) is never stored by
    the browser or a proxy (``Cache-Control: no-store``): after logging out, or when
    the session has timed out, the back button must not bring a child's page back
    from the cache. The decision reads cookies only, never the database: it also
    holds for the "database unavailable" page while PostgreSQL restarts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            add_never_cache_headers(response)
        return response
