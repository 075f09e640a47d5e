"""The demo data has a year of supervision and courses, and a supervisor login."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from fostercare.accounts.models import Role, User
from supervision.models import CourseRun, Enrolment, SupervisionSession

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_year_of_supervision(capsys):
    call_command("seed_demo")
    count = SupervisionSession.objects.count()
    call_command("seed_demo")  # twice adds nothing twice
    assert SupervisionSession.objects.count() == count
    supervisor = User.objects.get(email="supervisor@aarhus.example")
    assert supervisor.role == Role.SUPERVISOR
    assert "supervisor@aarhus.example" in capsys.readouterr().out
    sessions = SupervisionSession.objects.filter(supervisor=supervisor)
    first, last = sessions.order_by("starts_at").first(), sessions.order_by("starts_at").last()
    assert (last.starts_at - first.starts_at).days >= 330
    assert sessions.filter(starts_at__gt=timezone.now()).exists()  # upcoming
    assert any(s.families.count() > 1 for s in sessions)  # group sessions
    assert Enrolment.objects.filter(attended=True, run__course_kind__category="basic").exists()
    assert CourseRun.objects.filter(starts_on__gt=timezone.localdate()).exists()
