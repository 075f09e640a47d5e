from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fostercare.accounts.models import Role
from fostercare.audit.models import AccessLog
from hotline import services
from hotline.models import ConsultantAbsence, FollowUp, HotlineCall
from tests.factories import FamilyFactory, FamilyMemberFactory, FollowUpFactory, UserFactory
from tests.hotline.conftest import CALL, CPH, MONDAY_OPENING

pytestmark = pytest.mark.django_db
FORM = CALL | {"urgency": "normal", "follow_up_needed": "on"}


def test_search_shows_only_what_helps_on_the_phone(client, on_call, team, other_municipality):
    _manager, _consultant, family = team
    FamilyMemberFactory(family=family, full_name="Hanne Juhl", cpr="010170-1234")
    FamilyFactory(municipality=other_municipality, name="Familien Juhlsen")
    client.force_login(on_call)
    response = client.get(reverse("hotline:register"), {"q": "juhl"})
    assert [f.name for f in response.context["results"]] == ["Familien Juhl"]
    html = response.content.decode()
    assert "Rune Holm" in html and family.phone in html
    assert "010170" not in html and "Hanne" not in html


def test_search_by_phone_with_spaces(client, on_call, home):
    FamilyFactory(municipality=home, name="Familien Bo", phone="20304050")
    client.force_login(on_call)
    response = client.get(reverse("hotline:register"), {"q": "20 30 40 50"})
    assert [f.name for f in response.context["results"]] == ["Familien Bo"]


def test_register_for_a_family_redirects_with_the_due_time(
    client, on_call, team, queued, time_machine
):
    time_machine.move_to(datetime(2026, 3, 13, 22, 5, tzinfo=CPH), tick=False)
    client.force_login(on_call)
    url = reverse("hotline:register_family", kwargs={"public_id": team[2].public_id})
    response = client.post(url, FORM | {"called_at": "2026-03-13T22:00"})
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert (follow_up.owner, follow_up.due_at) == (team[1], MONDAY_OPENING)
    page = client.get(response.url)
    assert "mandag 16. marts kl. 08:00" in page.content.decode()
    assert [c.pk for c in page.context["calls"]] == [follow_up.call_id]


def test_register_unknown_family_keeps_the_free_text(client, on_call, home, queued):
    client.force_login(on_call)
    details = "Plejefar Ole Berg, 40 50 60 70, Bakkevej 2. Om Ida, 9 år."
    response = client.post(
        reverse("hotline:register_unknown"),
        FORM | {"called_at": "2026-03-13T22:00", "caller_details": details},
    )
    assert response.status_code == 302
    call = HotlineCall.objects.get()
    assert (call.family, call.caller_details, call.follow_up.owner) == (None, details, None)


def test_register_with_missing_fields_shows_errors_and_saves_nothing(client, on_call, queued):
    client.force_login(on_call)
    response = client.post(reverse("hotline:register_unknown"), {"called_at": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {
        "called_at",
        "caller_details",
        "answered_by_organisation",
        "topic",
    }
    assert not HotlineCall.objects.exists()


def test_my_calls_lists_only_own_calls_of_the_last_seven_days(client, on_call, home):
    mine = FollowUpFactory(call__registered_by=on_call, call__family__municipality=home).call
    old = FollowUpFactory(
        call__registered_by=on_call,
        call__family__municipality=home,
        call__called_at=timezone.now() - timedelta(days=8),
    ).call
    FollowUpFactory(call__family__municipality=home)  # someone else's
    client.force_login(on_call)
    calls = list(client.get(reverse("hotline:my_calls")).context["calls"])
    assert calls == [mine] and old not in calls


def test_inbox_groups_overdue_today_and_upcoming(client, team, time_machine):
    time_machine.move_to(MONDAY_OPENING + timedelta(hours=2), tick=False)
    _manager, consultant, family = team
    overdue = FollowUpFactory(call__family=family, due_at=MONDAY_OPENING - timedelta(days=3))
    today = FollowUpFactory(call__family=family, due_at=MONDAY_OPENING)
    upcoming = FollowUpFactory(call__family=family, due_at=MONDAY_OPENING + timedelta(days=1))
    FollowUpFactory(
        call__family=family, due_at=MONDAY_OPENING, done_at=MONDAY_OPENING, outcome="visit"
    )
    client.force_login(consultant)
    inbox = client.get(reverse("hotline:inbox")).context["inbox"]
    assert (inbox.overdue, inbox.due_today, inbox.upcoming) == ([overdue], [today], [upcoming])
    start = client.get(reverse("dashboard:start")).content.decode()
    assert "Overskredet: 1 · frist i dag: 1 · kommende: 1" in start


def test_call_detail_is_access_logged(client, team):
    follow_up = FollowUpFactory(call__family=team[2])
    client.force_login(team[1])
    url = reverse("hotline:call_detail", kwargs={"public_id": follow_up.call.public_id})
    response = client.get(url)
    assert response.status_code == 200
    logged = {(r.user, r.content_type.model, r.object_pk, r.path) for r in AccessLog.objects.all()}
    assert logged == {
        (team[1], "hotlinecall", str(follow_up.call.pk), url),
        (team[1], "family", str(team[2].pk), url),  # the call names the family
    }


def test_a_consultant_cannot_mark_a_colleagues_follow_up_done(client, team, home, queued):
    """Covering for a colleague is done by reassigning the follow-up to oneself first
    (logged, with the reason); then it can be marked done."""
    _manager, owner, family = team
    follow_up = FollowUpFactory(call__family=family, owner=owner)
    colleague = UserFactory(role=Role.CONSULTANT, municipality=home)
    public_id = follow_up.call.public_id
    done = reverse("hotline:follow_up_done", kwargs={"public_id": public_id})
    client.force_login(colleague)
    detail = client.get(reverse("hotline:call_detail", kwargs={"public_id": public_id}))
    assert not detail.context["can_complete"]
    response = client.post(done, {"outcome": "contacted", "notes": ""})
    assert response.status_code == 200
    assert "omfordel først opfølgningen til dig selv" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.done_at is None
    client.post(
        reverse("hotline:follow_up_reassign", kwargs={"public_id": public_id}),
        {"to_user": colleague.pk, "reason": "Dækker for Rune"},
    )
    assert client.post(done, {"outcome": "contacted", "notes": ""}).status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.owner, follow_up.done_by) == (colleague, colleague)


def test_mark_done_and_reassign_through_the_pages(client, team, home, queued):
    manager, _consultant, family = team
    follow_up = FollowUpFactory(call__family=family)
    public_id = follow_up.call.public_id
    colleague = UserFactory(role=Role.CONSULTANT, municipality=home)
    client.force_login(manager)
    response = client.post(
        reverse("hotline:follow_up_reassign", kwargs={"public_id": public_id}),
        {"to_user": colleague.pk, "reason": "Rune er på kursus"},
    )
    assert response.status_code == 302
    client.force_login(colleague)
    response = client.post(
        reverse("hotline:follow_up_done", kwargs={"public_id": public_id}),
        {"outcome": "other", "notes": ""},
    )
    assert response.status_code == 200 and "notes" in response.context["form"].errors
    client.post(
        reverse("hotline:follow_up_done", kwargs={"public_id": public_id}),
        {"outcome": "supervision", "notes": "Supervision onsdag."},
    )
    follow_up.refresh_from_db()
    assert (follow_up.owner, follow_up.outcome, follow_up.done_by) == (
        colleague,
        "supervision",
        colleague,
    )
    detail = client.get(reverse("hotline:call_detail", kwargs={"public_id": public_id}))
    assert "Rune er på kursus" in detail.content.decode()


def test_manager_call_list_filters_in_fixed_queries(
    client, manager, home, django_assert_max_num_queries
):
    urgent = FollowUpFactory(
        call__family__municipality=home, call__child_safety_at_risk=True, urgent=True
    ).call
    FollowUpFactory.create_batch(5, call__family__municipality=home)
    FollowUpFactory(call__family=None, call__municipality=home, call__caller_details="Ukendt")
    client.force_login(manager)
    # 13: one for the office's closing time, which tells when a follow-up is overdue.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("hotline:call_list"))
    assert response.context["page"].paginator.count == 7
    assert response.context["unassigned_count"] == 1
    filtered = client.get(reverse("hotline:call_list"), {"safety_only": "on"})
    assert list(filtered.context["page"]) == [urgent]
    unassigned = client.get(reverse("hotline:call_list"), {"status": "unassigned"})
    assert unassigned.context["page"].paginator.count == 1


def test_stats_page_moved_to_the_dashboard_with_its_period(client, manager):
    client.force_login(manager)
    response = client.get(reverse("hotline:stats"), {"date_from": "2026-01-01"})
    assert response.status_code == 302
    assert response.url == "/overblik/akuttelefon/?period=custom&date_from=2026-01-01"


def test_absence_page_records_substitute(client, team, home):
    manager, consultant, _family = team
    substitute = UserFactory(role=Role.CONSULTANT, municipality=home)
    client.force_login(manager)
    response = client.post(
        reverse("hotline:absence_add"),
        {
            "consultant": consultant.pk,
            "starts_on": "2026-03-16",
            "ends_on": "2026-03-20",
            "substitute": substitute.pk,
        },
    )
    assert response.status_code == 302
    assert ConsultantAbsence.objects.get().substitute == substitute
    assert substitute.full_name in client.get(response.url).content.decode()


def test_family_page_shows_hotline_history_only_when_there_are_calls(client, team, queued):
    _manager, consultant, family = team
    client.force_login(consultant)
    url = reverse("families:detail", kwargs={"public_id": family.public_id}) + "?del=hotline"
    assert "Opkald til akuttelefonen" not in client.get(url).content.decode()
    services.hotline_call_register(
        actor=consultant,
        family=family,
        called_at=datetime(2026, 3, 13, 22, tzinfo=CPH),
        **CALL,
    )
    html = client.get(url).content.decode()
    assert "Opkald til akuttelefonen" in html
    assert "Barnets reaktioner eller adfærd" in html
