"""Hostile input on every POST form of every role: never a 500, and a rejected
submission changes nothing.

The forms are found, not listed: every page of the permission matrix
(``tests/test_permission_matrix.ROUTES``) is opened by every role the permission
table lets in, and every ``<form method="post">`` on it (its inputs, selects and
text areas as rendered) is submitted again and again with one thing made hostile:
empty, 10,000 characters, NUL and right-to-left characters, huge and negative
numbers, impossible dates, HTML and SQL, a wrong choice, another municipality's ids,
a field left out or sent twice, an inflated formset count — each different request
once; a form that another role has already had in full gets, for each field, what
differs between roles (a wrong choice, another municipality's ids), one of the
values every field gets and the field left out. A submission either
succeeds (a redirect), is refused (403, 404, 405) or comes back as the form with its
errors (200) — and then nothing in the database has changed. The database's own
per-transaction statistics (``pg_stat_xact_user_tables``) tell whether a request
wrote anything, in one cheap query.

``FUZZ_SEED`` (default: the run's seed) replays a run; the counts are printed.
"""

import os
import random
import re
import traceback
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import django.test.client
import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from fostercare.accounts.models import Role
from fostercare.accounts.permissions import roles_for
from tests.factories import (
    ChildFactory,
    CourseRunFactory,
    FamilyFactory,
    FamilyMemberFactory,
    UserFactory,
)
from tests.test_permission_matrix import ROUTES

pytestmark = pytest.mark.django_db

# Every different request once, and a form another role has had in full fuzzed lighter
# (see ``submissions``): about 5,300 in all, 900 to 1,700 a shard (routes are shared
# out by their place in the matrix). Far fewer means forms went missing.
MIN_SUBMISSIONS = 2800
# The pages are shared out over SHARDS tests, so that parallel test workers share the work.
SHARDS = 4

# Tables a rejected submission may still write: the session (every request moves the
# idle expiry on) and the log of who looked at what (a search posted is a read).
MAY_WRITE = ("django_session", "audit_accesslog")

HOSTILE = [
    "",
    " ",
    "x" * 10_000,
    "\x00",
    "før\x00efter",
    "\u202ednes\u202c \u200f\u05e9\u05dc\u05d5\u05dd",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1'; DROP TABLE cases_child; --",
    "-1",
    "0",
    "-99999999999999999999",
    "99999999999999999999999999999999",
    "1e308",
    "NaN",
    "2026-02-31",
    "31.02.2026",
    "0000-00-00",
    "9999-12-31",
    "12,5",
    "☃\U0001f600",
    "\r\n\t",
]
WRONG_CHOICES = ["not-a-choice", "00000000-0000-0000-0000-000000000000", "999999999"]
FORMSET_COUNTS = ["1000000", "1001", "-1", "x", ""]
# Forms every page has that are not the page's own.
NOT_THE_PAGES = ("/sprog/", "/log-ud/")


# --- reading the forms off a page ----------------------------------------------------------
@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "select-multiple" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    fields: list[Field] = field(default_factory=list)

    def data(self) -> list[tuple[str, str]]:
        """What the browser sends as rendered (checked boxes, selected options)."""
        return [(f.name, f.value) for f in self.fields if f.value is not None]


class FormParser(HTMLParser):
    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() == "post":
                self._form = Form(action=a.get("action") or self.url)
            return
        if tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a or (self._select.value is None and self._select.kind == "select"):
                self._select.value = a.get("value", "")
            return
        if self._form is None or not a.get("name") or "disabled" in a:
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            value = a.get("value") or ("on" if kind == "checkbox" else "")
            if kind in ("checkbox", "radio") and "checked" not in a:
                value = None  # not sent unless checked; still a field to fuzz
            self._form.fields.append(Field(a["name"], kind, value, [a.get("value") or "on"]))
        elif tag == "select":
            kind = "select-multiple" if "multiple" in a else "select"
            self._select = Field(a["name"], kind, None)
            self._form.fields.append(self._select)
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea", "")
            self._form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            if not self._form.action.startswith(NOT_THE_PAGES):
                self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def post_forms(html: str, url: str) -> list[Form]:
    parser = FormParser(url)
    parser.feed(html)
    return parser.forms


# --- hostile submissions ----------------------------------------------------------------
def _replace(data, name, value) -> list[tuple[str, str]]:
    kept = [(k, v) for k, v in data if k != name]
    return [*kept, (name, value)]


FORMSET_ROW = re.compile(r"^[\w]+-\d+-[\w]+$")
# Every field gets these; and a few more drawn from HOSTILE (the run's seed).
ALWAYS = ["", "x" * 10_000, "før\x00efter", "\u202ednes\u202c \u200f\u05e9\u05dc\u05d5\u05dd"]
DRAWN = 6


# Not the form's own: the test client does not check CSRF tokens, so a hostile token
# is the form as rendered again (the CSRF check has tests of its own).
NOT_FUZZED = ("csrfmiddlewaretoken",)


def submissions(form: Form, foreign_ids: list[str], rng: random.Random, *, again: int = 0):
    """(label, data) pairs: the form as rendered with one thing made hostile, each
    different request once.

    ``again`` > 0: another role has had this form in full. What differs between roles
    is what they may see and choose, so each field gets the values aimed at that
    (a wrong choice, another municipality's ids), one of ``ALWAYS`` (a different one
    for each further role) and the field left out."""
    base = form.data()
    sent = set()

    def once(label, data):
        key = tuple(data)
        if key not in sent:
            sent.add(key)
            yield label, data

    yield from once("empty", [])
    yield from once("as rendered", base)
    yield from once("junk field", [*base, ("csrfmiddlewaretoken", "x"), ("is_superuser", "on")])
    others = [v for v in HOSTILE if v not in ALWAYS]
    seen = set(NOT_FUZZED)
    for f in form.fields:
        if f.name in seen:
            continue  # a group of checkboxes or radio buttons is one field
        seen.add(f.name)
        if FORMSET_ROW.match(f.name) and f.name.split("-")[-2] != "0":
            continue  # the rows of a formset are alike: its first row stands for all
        drawn = rng.sample(others, DRAWN)
        values = [ALWAYS[again % len(ALWAYS)]] if again else ALWAYS + drawn
        if f.kind.startswith("select") or f.kind in ("hidden", "radio", "checkbox"):
            values += rng.sample(WRONG_CHOICES, 1) + rng.sample(foreign_ids, 2)
        if f.name.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MAX_NUM_FORMS")):
            values += FORMSET_COUNTS
        for value in values:
            yield from once(f"{f.name}={value[:20]!r}", _replace(base, f.name, value))
        yield from once(f"{f.name} missing", [(k, v) for k, v in base if k != f.name])
        twice = rng.choice(HOSTILE)
        if not again:
            yield from once(f"{f.name} twice", [*base, (f.name, twice)])


def fingerprint() -> int:
    """How many rows this transaction has written so far, outside ``MAY_WRITE``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
            " FROM pg_stat_xact_user_tables WHERE relname <> ALL(%s)",
            [list(MAY_WRITE)],
        )
        return int(cursor.fetchone()[0])


def _foreign_ids(other) -> list[str]:
    """Ids of another municipality's records, for tampered hidden fields and choices."""
    family = FamilyFactory(municipality=other)
    return [
        str(family.pk),
        str(family.public_id),
        str(FamilyMemberFactory(family=family).pk),
        str(ChildFactory(municipality=other).pk),
        str(UserFactory(role=Role.CONSULTANT, municipality=other).pk),
        str(CourseRunFactory(course_kind__municipality=other).pk),
    ]


def _view_of(action: str) -> str:
    try:
        return resolve(urlsplit(action).path).view_name
    except Resolver404:
        return action


def _pages(home, shard: int):
    """(route, role, user, url) for every page every permitted role may open, of the
    ``shard``-th of every ``SHARDS`` routes (a route's roles together: a form that
    another role has had in full is fuzzed lighter)."""
    for route in ROUTES[shard::SHARDS]:
        for role in sorted(roles_for(route.permission)):
            user = UserFactory(role=role, municipality=home)
            url = reverse(route.url_name, kwargs=route.kwargs(home, user))
            yield route, role, user, url


@pytest.mark.parametrize("shard", range(SHARDS))
def test_hostile_input_on_every_post_form_of_every_role(
    home, other_municipality, capsys, monkeypatch, shard
):
    # The test client keeps a copy of every template context it renders, for tests
    # that read ``response.context``; this one reads status codes, at a third of
    # the cost.
    monkeypatch.setattr(django.test.client, "store_rendered_templates", lambda *a, **k: None)
    seed = int(os.environ.get("FUZZ_SEED", os.environ.get("TEST_SEED", "2026")))
    rng = random.Random(seed + shard)  # noqa: S311 (test data, not secrets)
    foreign = _foreign_ids(other_municipality)
    client = Client(raise_request_exception=True)
    statuses: Counter[int] = Counter()
    forms_seen: set[tuple[str, str]] = set()
    fuzzed: Counter[tuple] = Counter()  # how often a form (its view, its fields) was had
    failures: list[str] = []
    submitted = 0
    for route, role, user, url in _pages(home, shard):
        client.force_login(user)
        if route.method == "post":
            forms = [Form(action=url)]
        else:
            page = client.get(url)
            if route.allowed == 302:  # a page that moved: nothing to post there
                continue
            assert page.status_code == (route.allowed or 200), (url, role)
            if not page["Content-Type"].startswith("text/html"):  # a PDF, a download
                continue
            forms = post_forms(page.content.decode(), url)
        for form in forms:
            forms_seen.add((route.url_name, str(role)))
            same = (_view_of(form.action), *(f.name for f in form.fields))
            after = None  # rows written so far, if known (nothing wrote since)
            for label, data in submissions(form, foreign, rng, again=fuzzed[same]):
                before = fingerprint() if after is None else after
                after = None
                try:
                    # A savepoint: a failed request must not spoil the next ones.
                    with transaction.atomic():
                        response = client.post(form.action, _as_post(data))
                    status = response.status_code
                except Exception:  # what would be a 500 for the user
                    status = 500
                    failures.append(f"{role} {form.action} {label}:\n{traceback.format_exc()}")
                submitted += 1
                statuses[status] += 1
                if status == 200:
                    after = fingerprint()
                    if after != before:
                        failures.append(
                            f"{role} {form.action} {label}: 200 but the database changed"
                        )
                if status == 302 and response.url.startswith(reverse("accounts:login")):
                    client.force_login(user)  # a submission that logged out
                    after = None
            fuzzed[same] += 1
    with capsys.disabled():
        print(
            f"\nfuzz shard {shard}: {submitted} submissions to {len(forms_seen)}"
            f" (page, role) forms ({len(fuzzed)} different);"
            f" status codes {dict(sorted(statuses.items()))}"
        )
    assert failures == [], "\n\n".join(failures[:10])
    assert submitted >= MIN_SUBMISSIONS // SHARDS
    assert statuses[500] == 0


def _as_post(data: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Repeated names as lists, as a browser sends them."""
    out: dict[str, list[str]] = {}
    for key, value in data:
        out.setdefault(key, []).append(value)
    return out


def test_the_form_reader_finds_fields_as_a_browser_sends_them():
    html = """
    <form method="post" action="/a/"><input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="name" value="Hanne"><input type="checkbox" name="alone" checked>
      <input type="checkbox" name="off"><select name="kind"><option value="">-</option>
      <option value="x" selected>X</option></select>
      <textarea name="notes">Hej</textarea><input type="submit" name="go" value="Gem"></form>
    <form method="get" action="/s/"><input name="q"></form>
    <form method="post" action="/log-ud/"></form>"""
    (form,) = post_forms(html, "/page/")
    assert form.action == "/a/"
    assert form.data() == [
        ("csrfmiddlewaretoken", "t"),
        ("name", "Hanne"),
        ("alone", "on"),
        ("kind", "x"),
        ("notes", "Hej"),
    ]
    assert [f.name for f in form.fields] == [
        "csrfmiddlewaretoken",
        "name",
        "alone",
        "off",
        "kind",
        "notes",
    ]
