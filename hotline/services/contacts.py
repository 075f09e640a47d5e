"""Contacts a consultant takes personally outside office hours (issue 17, seed 001:
families often call their own consultant after hours), kept in the hotline's register
so the hotline figures show the whole demand."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from families.models import Family
from fostercare.accounts.models import User
from fostercare.workdays.calendar import WorkingCalendar
from hotline.models import AnsweringOrganisation, HotlineCall
from hotline.services.calls import hotline_call_register


def out_of_hours_contact_register(
    *,
    actor: User,
    family: Family,
    called_at: datetime,
    topic: str,
    topic_text: str = "",
    advice: str = "",
    follow_up_needed: bool = False,
) -> HotlineCall:
    """Log a contact the consultant took outside office hours as a hotline call marked
    ``taken_by_consultant``; with a follow-up, the consultant is reminded at the next
    office opening like any call. A time within office hours is refused."""
    if family.municipality_id != actor.municipality_id:
        raise ValidationError({"family": _("The family is not in your municipality.")})
    calendar = WorkingCalendar.for_municipality(actor.municipality_id)
    if calendar.is_office_open(called_at):
        raise ValidationError(
            {"called_at": _("The time is within office hours; log only contacts after hours.")}
        )
    return hotline_call_register(
        actor=actor,
        family=family,
        called_at=called_at,
        answered_by_organisation=AnsweringOrganisation.CONSULTANT_ON_DUTY,
        answered_by_person=actor.full_name,
        topic=topic,
        topic_text=topic_text,
        advice=advice,
        follow_up_needed=follow_up_needed,
        taken_by_consultant=True,
    )
