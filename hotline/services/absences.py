"""Consultants' absences, and the follow-ups their substitutes take over."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fostercare.accounts.models import Role, User
from fostercare.accounts.services import staff_check
from fostercare.audit.services import log_change
from fostercare.validation import validated_save
from hotline.models import (
    ConsultantAbsence,
    FollowUp,
)
from hotline.services.follow_ups import follow_up_hand_over


@transaction.atomic
def consultant_absence_record(
    *, actor: User, consultant: User, starts_on: date, ends_on: date, substitute: User
) -> ConsultantAbsence:
    """Record an absence with the substitute the manager names; the consultant's open
    follow-ups falling due in the period go to the substitute now."""
    staff_check(
        consultant, roles=Role.CONSULTANT, municipality_id=actor.municipality_id, field="consultant"
    )
    staff_check(
        substitute, roles=Role.CONSULTANT, municipality_id=actor.municipality_id, field="substitute"
    )
    absence = ConsultantAbsence(
        municipality_id=actor.municipality_id,
        consultant=consultant,
        starts_on=starts_on,
        ends_on=ends_on,
        substitute=substitute,
        created_by=actor,
    )
    validated_save(absence)
    log_change(
        actor=actor, instance=absence, action="create", municipality_id=actor.municipality_id
    )
    start = timezone.make_aware(datetime.combine(starts_on, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(ends_on + timedelta(days=1), datetime.min.time()))
    affected = FollowUp.objects.select_for_update(of=("self",)).filter(
        owner=consultant, done_at__isnull=True, due_at__gte=start, due_at__lt=end
    )
    for follow_up in affected.select_related("call", "owner"):
        follow_up_hand_over(
            follow_up,
            to_user=substitute,
            reason=_("Absent on the due day; the substitute follows up."),
            by=actor,
        )
    return absence
