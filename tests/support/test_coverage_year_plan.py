"""The managers' coverage counts development plans reviewed on time; the yearly plan
(supervision) shows the network groups' meetings through supervision's registration hook."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fostercare.accounts.models import Role
from supervision.selectors import supervision_year_plan
from support.models import DevelopmentGoal, NetworkGroup, NetworkGroupMeeting
from support.selectors import development_goal_review_figures, support_coverage_figures
from tests.factories import FamilyFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def goal(family, *, review_on: date, reviewed_on: date | None = None, **fields):
    return DevelopmentGoal.objects.create(
        municipality=family.municipality,
        family=family,
        goal="Ro ved sengetid",
        set_by=DevelopmentGoal.SetBy.TOGETHER,
        set_on=review_on - timedelta(days=180),
        review_on=review_on,
        reviewed_on=reviewed_on,
        recorded_by=UserFactory(role=Role.CONSULTANT, municipality=family.municipality),
        **fields,
    )


# (review date, reviewed on, the bucket it counts in; None: not counted yet)
REVIEW_CASES = [
    (TODAY - timedelta(days=10), TODAY - timedelta(days=12), "on_time"),
    (TODAY - timedelta(days=10), TODAY - timedelta(days=10), "on_time"),  # on the date
    (TODAY - timedelta(days=10), TODAY - timedelta(days=9), "late"),  # the day after
    (TODAY - timedelta(days=10), None, "not_reviewed"),
    (TODAY - timedelta(days=1), None, "not_reviewed"),  # passed yesterday
    (TODAY, None, None),  # due today: not passed yet
    (TODAY + timedelta(days=5), TODAY - timedelta(days=1), None),  # reviewed early, not due
]


@pytest.mark.parametrize(("review_on", "reviewed_on", "bucket"), REVIEW_CASES)
def test_review_on_time_rule(home, manager, review_on, reviewed_on, bucket):
    goal(FamilyFactory(municipality=home), review_on=review_on, reviewed_on=reviewed_on)
    figures = development_goal_review_figures(user=manager, today=TODAY)
    expected = {"on_time": 0, "late": 0, "not_reviewed": 0}
    if bucket:
        expected[bucket] = 1
    assert {key: figures[key] for key in expected} == expected
    assert figures["total"] == (1 if bucket else 0)


def test_review_figures_count_only_own_active_families(home, other_municipality, manager):
    passed = TODAY - timedelta(days=3)
    goal(FamilyFactory(municipality=home), review_on=passed, reviewed_on=passed)
    goal(FamilyFactory(municipality=home), review_on=passed)
    goal(FamilyFactory(municipality=home, is_active=False), review_on=passed)
    goal(FamilyFactory(municipality=other_municipality), review_on=passed)
    figures = development_goal_review_figures(user=manager, today=TODAY)
    assert figures == {
        "total": 2,
        "on_time": 1,
        "late": 0,
        "not_reviewed": 1,
        "on_time_share": 50,
    }
    assert support_coverage_figures(user=manager, today=TODAY)["reviews"] == figures


def test_coverage_page_shows_reviews_in_danish(client, home, manager):
    yesterday = timezone.localdate() - timedelta(days=1)
    goal(FamilyFactory(municipality=home), review_on=yesterday, reviewed_on=yesterday)
    client.force_login(manager)
    page = client.get(reverse("support:coverage")).content.decode()
    assert "Udviklingsplaner gennemgået til tiden" in page
    assert "1 (100 %)" in page


# --- the yearly plan ---------------------------------------------------------------------------
def group_with_meetings(municipality, *, name: str, days: list[date]) -> NetworkGroup:
    group = NetworkGroup.objects.create(
        municipality=municipality,
        name=name,
        consultant=UserFactory(role=Role.CONSULTANT, municipality=municipality),
        started_on=date(2025, 1, 1),
    )
    for day in days:
        NetworkGroupMeeting.objects.create(group=group, held_on=day, place="Familiehuset")
    return group


def test_year_plan_shows_own_municipality_meetings_of_the_year(home, other_municipality, manager):
    group = group_with_meetings(
        home, name="Netværksgruppe Vest", days=[date(2026, 3, 4), date(2027, 1, 6)]
    )
    group_with_meetings(other_municipality, name="Fremmed gruppe", days=[date(2026, 3, 5)])
    entries = supervision_year_plan(user=manager, year=2026)
    meetings = [e for e in entries if e.kind == "Netværksgruppemøde"]
    assert [(e.day, e.title, e.place) for e in meetings] == [
        (date(2026, 3, 4), "Netværksgruppe Vest", "Familiehuset")
    ]
    assert meetings[0].url == reverse("support:group_detail", args=[group.public_id])


def test_year_plan_queries_do_not_grow_with_meetings(
    home, consultant, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    group_with_meetings(home, name="Gruppe A", days=[date(2026, 2, 3)])
    with CaptureQueriesContext(connection) as one:
        supervision_year_plan(user=consultant, year=2026)
    for n in range(4):
        group_with_meetings(home, name=f"Gruppe {n}", days=[date(2026, 5, 1 + n)] * 2)
    with django_assert_max_num_queries(len(one.captured_queries)):
        entries = supervision_year_plan(user=consultant, year=2026)
    assert len([e for e in entries if e.kind == "Netværksgruppemøde"]) == 9


def test_year_plan_page_lists_the_meeting(client, home, consultant):
    group_with_meetings(home, name="Netværksgruppe Øst", days=[date(2026, 6, 10)])
    client.force_login(consultant)
    page = client.get(reverse("supervision:year_plan"), {"aar": 2026}).content.decode()
    assert "Netværksgruppe Øst" in page and "Netværksgruppemøde" in page
