import pytest
from django.test import Client, override_settings
from django.urls import path


def broken_view(request):
    raise RuntimeError("secret internals")


urlpatterns = [path("boom/", broken_view)]


@pytest.mark.django_db
def test_unknown_url_gets_danish_404_in_the_layout(client, caseworker):
    client.force_login(caseworker)
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden blev ikke fundet" in response.text
    assert "navbar" in response.text


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_shows_no_traceback():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Der gik noget galt" in response.text
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text
