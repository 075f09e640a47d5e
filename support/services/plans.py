"""The development plan: goals for a foster family, who set them, the courses and
supervision sessions they are followed in, a review date and a status."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from families.models import Family
from fostercare.accounts.models import User
from fostercare.audit.services import log_change
from fostercare.validation import validated_save, validated_update
from support.models import DevelopmentGoal


def development_goal_create(
    *,
    actor: User,
    family: Family,
    goal: str,
    set_by: str,
    set_on: date,
    review_on: date,
    courses=(),
    sessions=(),
) -> DevelopmentGoal:
    """A goal in the family's plan. A review before the goal is set is refused; the
    courses and sessions must be the family's own."""
    if review_on < set_on:
        raise ValidationError({"review_on": _("The review cannot be before the goal is set.")})
    if any(not s.families.filter(pk=family.pk).exists() for s in sessions):
        raise ValidationError({"sessions": _("Choose sessions the family took part in.")})
    item = DevelopmentGoal(
        municipality_id=family.municipality_id,
        family=family,
        goal=goal,
        set_by=set_by,
        set_on=set_on,
        review_on=review_on,
        recorded_by=actor,
    )
    validated_save(item)
    item.courses.set(courses)
    item.sessions.set(sessions)
    log_change(actor=actor, instance=item, action="create")
    return item


def development_goal_review(
    *, actor: User, goal: DevelopmentGoal, status: str, reviewed_on: date, next_review_on=None
) -> DevelopmentGoal:
    """Record the review: the goal's status, and the next review date if it goes on."""
    if reviewed_on < goal.set_on:
        raise ValidationError({"reviewed_on": _("The review cannot be before the goal is set.")})
    fields = {"status": status, "reviewed_on": reviewed_on}
    if next_review_on is not None:
        if next_review_on < reviewed_on:
            raise ValidationError(
                {"next_review_on": _("The next review cannot be before this one.")}
            )
        fields |= {"review_on": next_review_on, "reminder_sent_at": None}
    validated_update(actor=actor, instance=goal, fields=fields)
    return goal
