"""The demo data gives every dashboard chart something real to show (``seed_demo``)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fostercare.accounts.models import User
from fostercare.dashboard.themes import THEMES

pytestmark = pytest.mark.django_db


def test_every_chart_shows_something_for_the_demo_manager(client):
    call_command("seed_demo")
    client.force_login(User.objects.get(email="leder@aarhus.example"))
    today = timezone.localdate()
    period = {
        "period": "custom",
        "date_from": (today - timedelta(days=364)).isoformat(),
        "date_to": today.isoformat(),
    }
    empty = []
    for theme in THEMES:
        response = client.get(reverse("dashboard:theme", kwargs={"slug": theme.slug}), period)
        for section in response.context["sections"]:
            for chart in section.charts:
                if not any(row.now.number for row in chart.rows):
                    empty.append(chart.key)
            for figure in section.figures:
                if figure.now.number is None:
                    empty.append(figure.key)
    assert empty == []
