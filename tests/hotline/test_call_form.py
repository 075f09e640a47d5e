"""The call form at night (issue 15 item 5): who answered and the organisation come from
the signed-in user (and can be changed); the call may name which of the family's placed
children it concerns; a call about a family not found has a clean label; the manager's
call list marks and filters the overdue follow-ups."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from fostercare.accounts.models import Role
from hotline.models import HotlineCall
from tests.factories import (
    ChildFactory,
    FamilyFactory,
    FollowUpFactory,
    HotlineCallFactory,
    PlacementFactory,
    UserFactory,
)
from tests.hotline.conftest import CALL, CPH

pytestmark = pytest.mark.django_db
FORM = CALL | {"urgency": "normal", "follow_up_needed": "on", "called_at": "2026-03-13T22:00"}


@pytest.mark.parametrize(
    ("role", "organisation"),
    [(Role.ON_CALL, "social_on_call"), (Role.CONSULTANT, "consultant_on_duty")],
)
def test_answered_by_and_organisation_come_from_the_signed_in_user(
    client, home, role, organisation
):
    user = UserFactory(role=role, municipality=home, full_name="Mette Vagt")
    client.force_login(user)
    form = client.get(reverse("hotline:register_unknown")).context["form"]
    assert form["answered_by_person"].value() == "Mette Vagt"
    assert form["answered_by_organisation"].value() == organisation


def test_a_colleague_may_be_named_instead(client, on_call, team, queued, time_machine):
    time_machine.move_to(datetime(2026, 3, 13, 22, 5, tzinfo=CPH), tick=False)
    client.force_login(on_call)
    url = reverse("hotline:register_family", kwargs={"public_id": team[2].public_id})
    client.post(url, FORM | {"answered_by_person": "Kim Kollega"})
    assert HotlineCall.objects.get().answered_by_person == "Kim Kollega"


@pytest.fixture
def placed(team):
    family = team[2]
    ida = ChildFactory(municipality=family.municipality, first_name="Ida")
    PlacementFactory(child=ida, family=family, start_date=date(2025, 1, 1))
    moved = ChildFactory(municipality=family.municipality, first_name="Bo")
    PlacementFactory(
        child=moved,
        family=family,
        start_date=date(2024, 1, 1),
        end_date=date(2025, 1, 1),
        end_reason="moved",
    )
    elsewhere = ChildFactory(municipality=family.municipality, first_name="Sofie")
    PlacementFactory(
        child=elsewhere,
        family=FamilyFactory(municipality=family.municipality),
        start_date=date(2025, 1, 1),
    )
    return family, ida, moved, elsewhere


def test_the_form_offers_the_childen_placed_in_the_family_now_by_first_name_and_age(
    client, on_call, placed
):
    family, ida, _moved, _elsewhere = placed
    client.force_login(on_call)
    url = reverse("hotline:register_family", kwargs={"public_id": family.public_id})
    field = client.get(url).context["form"].fields["child"]
    assert list(field.queryset) == [ida]
    assert field.label_from_instance(ida).startswith("Ida, ")
    unknown = client.get(reverse("hotline:register_unknown")).context["form"]
    assert "child" not in unknown.fields


@pytest.mark.parametrize(
    ("who", "saved"),
    [("", True), ("ida", True), ("moved", False), ("elsewhere", False), ("nonsense", False)],
)
def test_the_child_the_call_concerns(client, on_call, placed, queued, time_machine, who, saved):
    time_machine.move_to(datetime(2026, 3, 13, 22, 5, tzinfo=CPH), tick=False)
    family, ida, moved, elsewhere = placed
    child = {"ida": ida, "moved": moved, "elsewhere": elsewhere}.get(who)
    value = child.pk if child else ("x1" if who == "nonsense" else "")
    client.force_login(on_call)
    url = reverse("hotline:register_family", kwargs={"public_id": family.public_id})
    response = client.post(url, FORM | {"child": value})
    if saved:
        assert response.status_code == 302
        assert HotlineCall.objects.get().child == child
    else:
        assert response.status_code == 200
        assert "child" in response.context["form"].errors
        assert not HotlineCall.objects.exists()


@pytest.mark.parametrize(
    ("caller_name", "label"),
    [
        ("", "Ukendt familie"),
        ("  ", "Ukendt familie"),
        ("Anne", "Ukendt familie, opringer: Anne"),
    ],
)
def test_a_call_about_a_family_not_found_has_a_clean_label(home, caller_name, label):
    call = HotlineCallFactory(
        family=None, municipality=home, caller_name=caller_name, caller_details="Afbrudt"
    )
    assert call.family_label == label
    assert "(" not in str(call)


def test_the_call_list_marks_and_filters_overdue_follow_ups(client, manager, home, time_machine):
    time_machine.move_to(datetime(2026, 3, 18, 12, 0, tzinfo=CPH), tick=False)
    monday = datetime(2026, 3, 16, 8, 0, tzinfo=CPH)
    overdue = FollowUpFactory(call__family__municipality=home, due_at=monday).call
    FollowUpFactory(
        call__family__municipality=home,
        due_at=monday,
        done_at=monday + timedelta(hours=1),
        outcome="contacted",
    )
    today = FollowUpFactory(
        call__family__municipality=home, due_at=datetime(2026, 3, 18, 8, 0, tzinfo=CPH)
    ).call
    client.force_login(manager)
    page = client.get(reverse("hotline:call_list"))
    marked = {call.pk for call in page.context["page"] if call.follow_up_overdue}
    assert marked == {overdue.pk}
    assert page.content.decode().count('data-testid="overdue"') == 1
    filtered = client.get(reverse("hotline:call_list"), {"status": "overdue"})
    assert [call.pk for call in filtered.context["page"]] == [overdue.pk]
    assert today.pk not in {call.pk for call in filtered.context["page"]}
