import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def test_login_page_is_danish(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert 'lang="da"' in response.text
    assert "Log ind" in response.text


def test_login_with_email_reaches_start_page(client, caseworker):
    response = client.post(LOGIN, {"username": caseworker.email.upper(), "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("dashboard:start")


@pytest.mark.parametrize(
    ("email", "password"),
    [("wrong@test.example", TEST_PASSWORD), (None, "wrong-password"), (None, "")],
)
def test_wrong_login_gets_danish_message(client, caseworker, email, password):
    response = client.post(LOGIN, {"username": email or caseworker.email, "password": password})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert (
        "E-mailadressen eller adgangskoden er forkert" in response.text
        or "Dette felt er påkrævet" in response.text
    )


def test_repeated_failures_lock_the_account(client, caseworker):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": caseworker.email, "password": "wrong-password"})
    response = client.post(LOGIN, {"username": caseworker.email, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "For mange mislykkede" in response.text
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account(client, caseworker, consultant):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": caseworker.email, "password": "wrong-password"})
    response = client.post(LOGIN, {"username": consultant.email, "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_inactive_user_cannot_log_in(client, make_user):
    user = make_user(is_active=False)
    response = client.post(LOGIN, {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_ends_session(client, caseworker):
    client.force_login(caseworker)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change(client, caseworker):
    client.force_login(caseworker)
    new = "a-new-long-password-42"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.check_password(new)


def test_password_change_rejects_short_password_in_danish(client, caseworker):
    client.force_login(caseworker)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    )
    assert response.status_code == 200
    assert "for kort" in response.text
    caseworker.refresh_from_db()
    assert caseworker.check_password(TEST_PASSWORD)
