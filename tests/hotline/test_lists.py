"""The lists behind the hotline figures (hotline/views.py): the call list's hour,
weekday, owner and time-of-call filters, and the list of follow-ups (open, overdue,
on time, late), downloadable and access-logged."""

import csv
import io
from datetime import date, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from fostercare.audit.models import AccessLog
from hotline.models import FollowUp
from tests.factories import FamilyFactory, FollowUpFactory, consultant_of
from tests.hotline.conftest import CPH

pytestmark = pytest.mark.django_db
DUE = datetime(2026, 3, 16, 8, 0, tzinfo=CPH)


@pytest.fixture
def follow_ups(home, time_machine):
    time_machine.move_to(datetime(2026, 3, 20, 12, tzinfo=CPH), tick=False)
    mine = consultant_of(home, full_name="Mette Munk")
    ours = FamilyFactory(municipality=home, consultant=mine)
    on_time = FollowUpFactory(
        call__family=ours,
        call__called_at=datetime(2026, 3, 13, 22, tzinfo=CPH),
        due_at=DUE,
        done_at=DUE.replace(hour=10),
        outcome="contacted",
    )
    overdue = FollowUpFactory(
        call__family=FamilyFactory(municipality=home),
        call__called_at=datetime(2026, 3, 14, 0, 30, tzinfo=CPH),
        due_at=DUE,
    )
    return mine, on_time, overdue


def test_follow_ups_by_state_and_owner(client, manager, follow_ups):
    mine, on_time, overdue = follow_ups
    client.force_login(manager)
    url = reverse("hotline:follow_ups")
    assert list(client.get(url, {"state": "on_time"}).context["page"]) == [on_time]
    assert list(client.get(url, {"state": "overdue"}).context["page"]) == [overdue]
    # At the end of the due day itself it was not overdue yet... and at the end of it, it was.
    assert not list(client.get(url, {"state": "overdue", "on": "2026-03-15"}).context["page"])
    assert list(client.get(url, {"state": "overdue", "on": "2026-03-16"}).context["page"])
    assert list(client.get(url, {"owner": mine.pk}).context["page"]) == [on_time]


def test_follow_ups_download_with_the_end_of_their_due_day(client, manager, follow_ups):
    client.force_login(manager)
    response = client.get(reverse("hotline:follow_ups"), {"eksport": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][5] == "Udgangen af arbejdsdagen"
    assert {row[5] for row in rows[1:]} == {"16-03-2026 15:00"}
    log = AccessLog.objects.get(action="export")
    assert log.content_type == ContentType.objects.get_for_model(FollowUp)


def test_calls_by_hour_weekday_and_owner(client, manager, follow_ups):
    mine, _on_time, overdue = follow_ups
    client.force_login(manager)
    url = reverse("hotline:call_list")
    midnight = client.get(url, {"hour": "0"})
    assert [c.pk for c in midnight.context["page"]] == [overdue.call.pk]
    friday = client.get(url, {"weekday": "5"})
    assert friday.context["page"].paginator.count == 1
    assert client.get(url, {"owner": mine.pk}).context["page"].paginator.count == 1


def test_calls_by_time_of_call_need_a_period(client, manager, follow_ups):
    client.force_login(manager)
    url = reverse("hotline:call_list")
    response = client.get(url, {"time_of_call": "weekend"})
    assert "date_to" in response.context["form"].errors
    response = client.get(
        url, {"time_of_call": "weekend", "date_from": "2026-03-01", "date_to": date(2026, 3, 31)}
    )
    assert response.context["page"].paginator.count == 1  # Saturday 00:30
