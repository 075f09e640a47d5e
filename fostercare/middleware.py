import logging

from django import forms
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers

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
