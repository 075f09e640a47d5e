import pytest
import time_machine
from django.urls import reverse

from fostercare.accounts.models import Role

pytestmark = pytest.mark.django_db

# A Friday evening: the office is closed and opens Monday at 08:00.
FRIDAY_EVENING = "2025-11-21 20:00 +0100"


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        (Role.CASEWORKER, "Dit arbejde som rådgiver"),
        (Role.CONSULTANT, "Dit arbejde som familieplejekonsulent"),
        (Role.ON_CALL, "Akuttelefon"),
        (Role.MANAGER, "Medarbejdere i din kommune"),
        (Role.ADMIN, "Administration"),
    ],
)
def test_each_role_has_its_own_danish_start_page(client, make_user, role, heading):
    client.force_login(make_user(role))
    response = client.get(reverse("dashboard:start"))
    assert response.status_code == 200
    assert heading in response.text
    assert f"dashboard/start/{role}.html" in [t.name for t in response.templates]


@time_machine.travel(FRIDAY_EVENING, tick=False)
def test_on_call_sees_when_a_call_is_followed_up(client, on_call):
    client.force_login(on_call)
    response = client.get(reverse("dashboard:start"))
    assert "mandag 24. november kl. 08:00" in response.text


def test_navigation_shows_admin_only_to_admins(client, caseworker, admin_user):
    client.force_login(caseworker)
    assert reverse("admin:index") not in client.get(reverse("dashboard:start")).text
    client.force_login(admin_user)
    assert reverse("admin:index") in client.get(reverse("dashboard:start")).text


def test_manager_sees_staff_of_own_municipality_only(client, make_user, outsider):
    manager = make_user(Role.MANAGER)
    make_user(Role.CONSULTANT)
    client.force_login(manager)
    counts = {
        row["role"]: row["count"]
        for row in client.get(reverse("dashboard:start")).context["staff_counts"]
    }
    assert counts[Role.CONSULTANT] == 1
    assert counts[Role.CASEWORKER] == 0  # the outsider works in Odense


def test_english_can_be_chosen(client, caseworker):
    client.force_login(caseworker)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("dashboard:start"))
    assert "Your work as caseworker" in response.text
    assert 'lang="en"' in response.text


def test_browser_language_does_not_override_danish(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("dashboard:start"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Dit arbejde som rådgiver" in response.text
