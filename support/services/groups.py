"""Network groups and mentor pairings: forming, changing, recording meetings and
check-ins. Every write validated (Danish messages on the field) and change-logged."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from families.models import Family
from fostercare.accounts.models import User
from fostercare.audit.services import log_change
from fostercare.validation import validated_save, validated_update
from support.models import (
    MentorCheckIn,
    MentorPairing,
    NetworkGroup,
    NetworkGroupMeeting,
    NetworkGroupMember,
)
from support.selectors import mentor_eligibility_for


def _same_municipality(actor: User, families, field: str) -> None:
    if any(f.municipality_id != actor.municipality_id for f in families):
        raise ValidationError({field: _("Choose families of your own municipality.")})


def network_group_create(
    *,
    actor: User,
    name: str,
    facilitator: User | None,
    cadence: str,
    started_on: date,
    families: list[Family],
) -> NetworkGroup:
    """A new group, facilitated, with ``families`` as members from its first day; the
    actor is its responsible consultant. The same family twice is refused."""
    if len({f.pk for f in families}) != len(families):
        raise ValidationError({"families": _("The same family is chosen twice.")})
    _same_municipality(actor, families, "families")
    group = NetworkGroup(
        municipality_id=actor.municipality_id,
        name=name,
        consultant=actor,
        facilitator=facilitator,
        cadence=cadence,
        started_on=started_on,
    )
    validated_save(group)
    log_change(actor=actor, instance=group, action="create")
    for family in families:
        member = NetworkGroupMember(group=group, family=family, joined_on=started_on)
        validated_save(member)
        log_change(
            actor=actor, instance=member, action="create", municipality_id=group.municipality_id
        )
    return group


def _in_period(group: NetworkGroup, day: date, field: str, message: str) -> None:
    if day < group.started_on or (group.ended_on is not None and day > group.ended_on):
        raise ValidationError({field: message})


def network_group_member_add(
    *, actor: User, group: NetworkGroup, family: Family, joined_on: date
) -> NetworkGroupMember:
    """A family joins the group (once: the same family twice is refused)."""
    _same_municipality(actor, [family], "family")
    if group.members.filter(family=family).exists():
        raise ValidationError({"family": _("The family is already in this group.")})
    _in_period(
        group, joined_on, "joined_on", _("A family can only join while the group is active.")
    )
    member = NetworkGroupMember(group=group, family=family, joined_on=joined_on)
    validated_save(member)
    log_change(actor=actor, instance=member, action="create", municipality_id=group.municipality_id)
    return member


def network_group_member_leave(
    *, actor: User, member: NetworkGroupMember, left_on: date
) -> NetworkGroupMember:
    validated_update(
        actor=actor,
        instance=member,
        fields={"left_on": left_on},
        municipality_id=member.group.municipality_id,
    )
    return member


def network_group_state_change(
    *, actor: User, group: NetworkGroup, state: str, ended_on: date | None
) -> NetworkGroup:
    """From facilitated to on its own, or ended (with the day it ended)."""
    if state != NetworkGroup.State.ENDED:
        ended_on = None
    elif ended_on is None:
        raise ValidationError({"ended_on": _("An ended group needs the date it ended.")})
    elif group.meetings.filter(held_on__gt=ended_on).exists():
        raise ValidationError({"ended_on": _("The group has meetings after this date.")})
    validated_update(
        actor=actor,
        instance=group,
        fields={"state": state, "ended_on": ended_on},
        municipality_id=group.municipality_id,
    )
    return group


def network_group_meeting_record(
    *,
    actor: User,
    group: NetworkGroup,
    held_on: date,
    place: str = "",
    facilitated: bool = True,
    attended: list[Family] = (),
    notes: str = "",
) -> NetworkGroupMeeting:
    """A meeting (held or planned) within the group's active period; the families
    present must be members on that day."""
    _in_period(
        group,
        held_on,
        "held_on",
        _("The meeting is outside the group's active period."),
    )
    members_then = set(
        group.members.filter(joined_on__lte=held_on)
        .exclude(left_on__lt=held_on)
        .values_list("family_id", flat=True)
    )
    if any(f.pk not in members_then for f in attended):
        raise ValidationError(
            {"attended": _("Only families in the group on that day can be present.")}
        )
    meeting = NetworkGroupMeeting(
        group=group, held_on=held_on, place=place, facilitated=facilitated, notes=notes
    )
    validated_save(meeting)
    meeting.attended.set(attended)
    log_change(
        actor=actor, instance=meeting, action="create", municipality_id=group.municipality_id
    )
    return meeting


def mentor_pairing_create(
    *,
    actor: User,
    mentor: Family,
    mentee: Family,
    purpose: str,
    started_on: date,
    ended_on: date | None = None,
    exception_reason: str = "",
) -> MentorPairing:
    """Pair ``mentee`` with ``mentor``. A mentor who does not meet the municipality's
    requirements (``rules.mentor_eligibility``) needs a recorded reason."""
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentor": _("A family cannot be its own mentor.")})
    _same_municipality(actor, [mentor, mentee], "mentor")
    eligibility = mentor_eligibility_for(mentor, today=timezone.localdate())
    if not eligibility.eligible and not exception_reason.strip():
        raise ValidationError(
            {
                "exception_reason": _(
                    "The mentor family does not meet the requirements (%(reasons)s). "
                    "Record why it is the right mentor anyway, or choose another."
                )
                % {"reasons": " ".join(eligibility.reasons)}
            }
        )
    pairing = MentorPairing(
        municipality_id=actor.municipality_id,
        mentor=mentor,
        mentee=mentee,
        purpose=purpose,
        started_on=started_on,
        ended_on=ended_on,
        exception_reason=exception_reason.strip() if not eligibility.eligible else "",
        created_by=actor,
    )
    validated_save(pairing)
    log_change(actor=actor, instance=pairing, action="create")
    return pairing


def mentor_check_in_record(
    *, actor: User, pairing: MentorPairing, held_on: date, notes: str
) -> MentorCheckIn:
    if held_on < pairing.started_on or (pairing.ended_on and held_on > pairing.ended_on):
        raise ValidationError({"held_on": _("The check-in is outside the pairing's period.")})
    check_in = MentorCheckIn(pairing=pairing, held_on=held_on, notes=notes)
    validated_save(check_in)
    log_change(
        actor=actor, instance=check_in, action="create", municipality_id=pairing.municipality_id
    )
    return check_in
