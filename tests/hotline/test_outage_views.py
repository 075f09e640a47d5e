"""The pages when something is away or wrong: a database outage while a call is
registered (a Danish "could not be saved" page with everything typed, 503, never a
500), forms submitted twice (one call, one reassignment), and reminders nobody could
receive or the mail server refused, on the managers' and admins' pages."""

import re
import uuid
from datetime import datetime, timedelta
from html import unescape

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from fostercare.accounts.models import Role
from hotline import services
from hotline.models import FollowUp, FollowUpReassignment, HotlineCall
from tests.factories import FamilyFactory, FollowUpFactory, UserFactory
from tests.hotline.conftest import CALL, CPH

pytestmark = pytest.mark.django_db
FORM = CALL | {"urgency": "normal", "follow_up_needed": "on", "called_at": "2026-03-13T22:00"}
INPUT = re.compile(
    r"<(input)\b([^>]*)>()|<(textarea|select)\b([^>]*)>(.*?)</(?:textarea|select)>", re.S
)


def fields_of(html: str) -> dict[str, str]:
    """What a browser would send again from the page's form (the last value of a name)."""
    found = {}
    for match in INPUT.findall(html):
        tag, attrs, inner = match[:3] if match[0] else match[3:]
        name = re.search(r'name="([^"]*)"', attrs)
        if not name:
            continue
        if tag == "textarea":
            found[name[1]] = unescape(inner)
        elif tag == "select":
            chosen = re.search(r'<option value="([^"]*)" selected', inner)
            found[name[1]] = unescape(chosen[1]) if chosen else ""
        elif 'type="checkbox"' in attrs:
            if " checked" in attrs:
                found[name[1]] = "on"
        else:
            value = re.search(r'value="([^"]*)"', attrs)
            found[name[1]] = unescape(value[1]) if value else ""
    return found


@pytest.fixture
def at_night(time_machine):
    time_machine.move_to(datetime(2026, 3, 13, 22, 5, tzinfo=CPH), tick=False)


# --- a database outage --------------------------------------------------------------------
def test_database_outage_keeps_everything_typed_and_the_retry_saves_once(
    client, on_call, team, queued, monkeypatch, at_night
):
    client.force_login(on_call)
    url = reverse("hotline:register_family", kwargs={"public_id": team[2].public_id})
    form = fields_of(client.get(url).content.decode())
    key = form["idempotency_key"]
    uuid.UUID(key)
    typed = FORM | {"idempotency_key": key, "advice": 'Ro på – "skærm" søskende <3'}

    register = services.hotline_call_register

    def database_restarting(**kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(services, "hotline_call_register", database_restarting)
    response = client.post(url, typed)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    html = response.content.decode()
    assert "Kunne ikke gemmes – prøv igen" in html
    assert "Prøv igen" in html
    assert 'data-testid="unavailable"' in html
    again = fields_of(html)
    for name in ("advice", "topic_text", "caller_name", "answered_by_person", "called_at"):
        assert again[name] == typed[name], name
    assert (again["topic"], again["urgency"], again["idempotency_key"]) == (
        "child_reaction",
        "normal",
        key,
    )
    assert again["follow_up_needed"] == "on"
    assert "child_safety_at_risk" not in again  # unchecked stays unchecked
    assert '<label class="form-label" for="retry-advice">' in html  # labelled like the form
    assert not HotlineCall.objects.exists()

    monkeypatch.setattr(services, "hotline_call_register", register)
    assert client.post(url, again).status_code == 302
    assert client.post(url, again).status_code == 302  # pressed twice
    call = HotlineCall.objects.get()
    assert call.advice == typed["advice"]
    assert str(call.idempotency_key) == key


def test_database_outage_on_a_page_is_a_503_not_a_500(client, manager, monkeypatch):
    from hotline import selectors

    def down(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(selectors, "call_list", down)
    client.force_login(manager)
    response = client.get(reverse("hotline:call_list"))
    assert response.status_code == 503
    assert "Ikke tilgængelig lige nu – prøv igen" in response.content.decode()


def test_a_double_submit_registers_one_call(client, on_call, team, queued, at_night):
    client.force_login(on_call)
    url = reverse("hotline:register_family", kwargs={"public_id": team[2].public_id})
    key = fields_of(client.get(url).content.decode())["idempotency_key"]
    first = client.post(url, FORM | {"idempotency_key": key})
    second = client.post(url, FORM | {"idempotency_key": key})
    assert (first.status_code, second.status_code) == (302, 302)
    assert HotlineCall.objects.count() == 1
    assert FollowUp.objects.count() == 1
    # A new form draws a new key.
    assert fields_of(client.get(url).content.decode())["idempotency_key"] != key


def test_a_double_submit_reassigns_once(client, manager, home, queued):
    follow_up = FollowUpFactory(call__family=FamilyFactory(municipality=home))
    colleague = UserFactory(role=Role.CONSULTANT, municipality=home)
    client.force_login(manager)
    url = reverse("hotline:follow_up_reassign", kwargs={"public_id": follow_up.call.public_id})
    key = fields_of(client.get(url).content.decode())["idempotency_key"]
    data = {"to_user": colleague.pk, "reason": "Syg", "idempotency_key": key}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert FollowUpReassignment.objects.count() == 1


def test_a_double_submit_marks_done_once(client, home, queued):
    follow_up = FollowUpFactory(call__family=FamilyFactory(municipality=home))
    client.force_login(follow_up.owner)
    url = reverse("hotline:follow_up_done", kwargs={"public_id": follow_up.call.public_id})
    data = {"outcome": "contacted", "notes": "Talt med plejemor."}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.outcome == "contacted"


# --- delivery problems on the pages -------------------------------------------------------
@pytest.fixture
def problems(home):
    """A follow-up without recipient, one being retried, one given up, one fine."""
    now = timezone.now()
    family = FamilyFactory(municipality=home, name="Familien Bach")
    nobody = FollowUpFactory(call__family=family, due_at=now)
    FollowUp.objects.filter(pk=nobody.pk).update(
        owner=None, reminder_without_recipient=True, reminder_error="Ingen kan modtage"
    )
    retrying = FollowUpFactory(
        call__family__municipality=home,
        due_at=now,
        reminder_attempts=2,
        reminder_error="x@y.dk: 450 4.2.1 mailbox busy",
        reminder_retry_at=now + timedelta(minutes=4),
    )
    failed = FollowUpFactory(
        call__family__municipality=home,
        due_at=now - timedelta(hours=1),
        reminder_attempts=6,
        reminder_error="x@y.dk: 550 5.1.1 mailbox unavailable",
        reminder_failed_at=now,
        reminder_failure_reported_at=now,
    )
    fine = FollowUpFactory(call__family__municipality=home, reminder_sent_at=now)
    return nobody, retrying, failed, fine


def test_managers_see_delivery_problems_on_the_list_and_the_call(client, manager, problems):
    nobody, _retrying, failed, fine = problems
    client.force_login(manager)
    html = client.get(reverse("hotline:call_list")).content.decode()
    assert html.count('data-testid="without-recipient"') == 1
    assert html.count('data-testid="undelivered"') == 1
    assert html.count('data-testid="retrying"') == 1
    page = client.get(reverse("hotline:call_detail", kwargs={"public_id": failed.call.public_id}))
    text = page.content.decode()
    assert "550 5.1.1 mailbox unavailable" in text
    assert "Kunne ikke leveres" in text
    page = client.get(reverse("hotline:call_detail", kwargs={"public_id": nobody.call.public_id}))
    assert "Ingen kan modtage påmindelsen" in page.content.decode()
    page = client.get(reverse("hotline:call_detail", kwargs={"public_id": fine.call.public_id}))
    assert 'data-testid="delivery-problem"' not in page.content.decode()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN])
def test_managers_and_admins_list_the_undelivered_reminders(
    client, make_user, problems, role, other_municipality, django_assert_max_num_queries
):
    nobody, retrying, failed, _fine = problems
    user = make_user(role)
    client.force_login(user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("hotline:deliveries"))
    html = response.content.decode()
    assert [f.pk for f in response.context["follow_ups"]] == [failed.pk, nobody.pk, retrying.pk]
    assert "Familien Bach" not in html  # no family named on this page
    assert ("/akuttelefon/opkald/" in html) == (role == Role.MANAGER)
    client.force_login(UserFactory(role=role, municipality=other_municipality))
    assert list(client.get(reverse("hotline:deliveries")).context["follow_ups"]) == []
