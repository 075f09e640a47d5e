"""hotline/services/absences.py: recording a consultant's absence hands the open
follow-ups due in it to another consultant, the substitute."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from fostercare.accounts.models import Role
from hotline import services
from tests.factories import UserFactory
from tests.hotline.conftest import CPH

pytestmark = pytest.mark.django_db


# --- absences -------------------------------------------------------------------------------
def test_recording_an_absence_moves_open_follow_ups_due_in_it(team, register, home, queued):
    manager, consultant, family = team
    follow_up = register(family).follow_up  # due Monday 16 March
    later = register(family, called_at=datetime(2026, 3, 13, 23, tzinfo=CPH)).follow_up
    later.due_at = datetime(2026, 3, 30, 8, tzinfo=CPH)
    later.save()
    substitute = UserFactory(role=Role.CONSULTANT, municipality=home)
    services.consultant_absence_record(
        actor=manager,
        consultant=consultant,
        starts_on=date(2026, 3, 16),
        ends_on=date(2026, 3, 16),
        substitute=substitute,
    )
    follow_up.refresh_from_db()
    later.refresh_from_db()
    assert (follow_up.owner, later.owner) == (substitute, consultant)


def test_absence_substitute_must_be_another_consultant(team):
    manager, consultant, _family = team
    with pytest.raises(ValidationError):
        services.consultant_absence_record(
            actor=manager,
            consultant=consultant,
            starts_on=date(2026, 3, 16),
            ends_on=date(2026, 3, 16),
            substitute=consultant,
        )
