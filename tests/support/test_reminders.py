"""support/services/reminders.py: the reminder that a condition did not start, planned
for the working day it falls overdue and sent once to the consultant and the manager
(the kernel's outbox, fostercare/outbox.py)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from families.models import NetworkAssessment
from fostercare.accounts.models import Role
from hotline.models import HotlineSettings, Notification
from support import services
from support.models import ConditionReminder
from tests.factories import FamilyFactory, UserFactory

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")
FRIDAY = date(2026, 3, 6)  # the condition's date: overdue on Saturday, reminded Monday
SATURDAY_NOON = datetime(2026, 3, 7, 12, 0, tzinfo=CPH)
MONDAY_OPENING = datetime(2026, 3, 9, 8, 0, tzinfo=CPH)


def test_planned_for_office_opening_on_the_next_working_day(team, condition_for):
    _manager, _consultant, family = team
    condition = condition_for(family, start_by=FRIDAY)
    assert services.condition_reminders_plan(now=datetime(2026, 3, 6, 23, 0, tzinfo=CPH)) == 0
    assert services.condition_reminders_plan(now=SATURDAY_NOON) == 1
    assert services.condition_reminders_plan(now=SATURDAY_NOON) == 0  # once
    reminder = ConditionReminder.objects.get()
    assert reminder.condition == condition
    assert reminder.due_at == MONDAY_OPENING
    assert services.condition_reminders_send_due(now=SATURDAY_NOON) == 0
    assert mail.outbox == []


def test_sent_once_to_the_consultant_and_the_manager(team, condition_for):
    manager, consultant, family = team
    condition_for(family, start_by=FRIDAY)
    assert services.support_sweep(now=MONDAY_OPENING) == {
        "planned": 1,
        "reminders": 1,
        "reviews": 0,
    }
    assert services.support_sweep(now=MONDAY_OPENING + timedelta(hours=1)) == {
        "planned": 0,
        "reminders": 0,
        "reviews": 0,
    }
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([consultant.email, manager.email])
    assert "Familien Juhl" in message.subject
    reminder = ConditionReminder.objects.get()
    assert message.extra_headers["Message-ID"] == (
        f"<condition-{reminder.public_id}.overdue@localhost>"
    )
    assert reminder.sent_at == MONDAY_OPENING
    assert sorted(Notification.objects.values_list("user_id", flat=True)) == sorted(
        [consultant.pk, manager.pk]
    )


@pytest.mark.parametrize(
    ("started_on", "outcome", "sent"),
    [
        (None, NetworkAssessment.Outcome.APPROVED, 1),
        (None, NetworkAssessment.Outcome.PENDING, 1),
        (FRIDAY, NetworkAssessment.Outcome.APPROVED, 0),  # started on time
        (None, NetworkAssessment.Outcome.REJECTED, 0),  # binds nobody
        (None, NetworkAssessment.Outcome.WITHDRAWN, 0),
    ],
)
def test_only_unstarted_conditions_of_live_assessments(
    team, condition_for, started_on, outcome, sent
):
    _manager, _consultant, family = team
    decided = {} if outcome == "pending" else {"decided_on": date(2025, 4, 1)}
    condition_for(family, start_by=FRIDAY, started_on=started_on, outcome=outcome, **decided)
    assert services.support_sweep(now=MONDAY_OPENING)["reminders"] == sent
    assert len(mail.outbox) == sent


def test_started_after_planning_is_not_sent(team, condition_for):
    _manager, _consultant, family = team
    condition = condition_for(family, start_by=FRIDAY)
    services.condition_reminders_plan(now=SATURDAY_NOON)
    condition.started_on = date(2026, 3, 8)
    condition.save()
    assert services.condition_reminders_send_due(now=MONDAY_OPENING) == 0
    assert mail.outbox == []


def test_a_moved_date_gets_its_own_reminder(team, condition_for):
    _manager, _consultant, family = team
    condition = condition_for(family, start_by=FRIDAY)
    services.support_sweep(now=MONDAY_OPENING)
    condition.start_by = date(2026, 3, 20)
    condition.save()
    assert services.support_sweep(now=datetime(2026, 3, 23, 9, 0, tzinfo=CPH))["reminders"] == 1
    assert ConditionReminder.objects.count() == 2
    assert len(mail.outbox) == 2


def test_without_a_consultant_the_managers_are_told(home, condition_for):
    managers = UserFactory.create_batch(2, role=Role.MANAGER, municipality=home)
    family = FamilyFactory(municipality=home, consultant=False)
    condition_for(family, start_by=FRIDAY)
    assert services.support_sweep(now=MONDAY_OPENING)["reminders"] == 1
    assert sorted(mail.outbox[0].to) == sorted(m.email for m in managers)


def test_nobody_to_tell_goes_to_the_fallback_address(home, condition_for):
    HotlineSettings.objects.create(municipality=home, fallback_email="vagt@kommune.dk")
    family = FamilyFactory(municipality=home, consultant=False)
    condition_for(family, start_by=FRIDAY)
    assert services.support_sweep(now=MONDAY_OPENING)["reminders"] == 1
    assert mail.outbox[0].to == ["vagt@kommune.dk"]
    assert ConditionReminder.objects.get().without_recipient is True


def test_nobody_at_all_is_never_marked_sent(home, condition_for):
    family = FamilyFactory(municipality=home, consultant=False)
    condition_for(family, start_by=FRIDAY)
    assert services.support_sweep(now=MONDAY_OPENING)["reminders"] == 0
    reminder = ConditionReminder.objects.get()
    assert reminder.sent_at is None
    assert reminder.without_recipient is True
    assert reminder.send_lease_until is None


def test_the_consultant_is_reminded_on_a_goals_review_day_once(team):
    from support.services.plans import development_goal_create

    _manager, consultant, family = team
    goal = development_goal_create(
        actor=consultant,
        family=family,
        goal="Trygge rammer omkring samvær",
        set_by="together",
        set_on=date(2026, 1, 5),
        review_on=date(2026, 3, 9),
    )
    assert services.support_sweep(now=SATURDAY_NOON)["reviews"] == 0
    assert services.support_sweep(now=MONDAY_OPENING)["reviews"] == 1
    assert services.support_sweep(now=MONDAY_OPENING + timedelta(hours=2))["reviews"] == 0
    assert mail.outbox[0].to == [consultant.email]
    assert "Trygge rammer" in mail.outbox[0].body
    goal.refresh_from_db()
    assert goal.reminder_sent_at == MONDAY_OPENING
