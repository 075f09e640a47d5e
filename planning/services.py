"""Every write of placement planning. Each function validates, saves in one transaction
and writes the change log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Child, Placement
from cases.services import placement_create
from families.models import Family
from families.selectors import placeable_family_scope
from fostercare.accounts.models import User
from fostercare.audit.services import log_change
from fostercare.validation import only_fields, validated_save, validated_update
from planning import rules
from planning.models import (
    FamilyProfile,
    NeedsProfile,
    NetworkMeeting,
    NetworkPerson,
    PlacementDecision,
    PossibleCarer,
)
from planning.selectors import (
    approval_type_for_child,
    current_approvals_by_family,
    needs_profile_for,
    network_explored,
    network_family_ids,
)

PERSON_FIELDS = ("name", "relation", "phone", "possible_carer", "assessment", "family")
MEETING_FIELDS = ("kind", "held_on", "participants", "outcome")
NEEDS_FIELDS = ("level", "siblings_together", "special_needs", "languages", "school_city")
FAMILY_PROFILE_FIELDS = (
    "age_min", "age_max", "needs_taken", "takes_siblings", "years_experience",
    "courses_completed",
)  # fmt: skip


def _strip(fields: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


def _check_person(child: Child, fields: dict) -> None:
    family = fields.get("family")
    if family is not None and family.municipality_id != child.municipality_id:
        raise ValidationError({"family": _("Choose a family of the municipality.")})
    assessed = fields.get("possible_carer", PossibleCarer.NOT_ASSESSED)
    if assessed != PossibleCarer.NOT_ASSESSED and not fields.get("assessment", ""):
        raise ValidationError(
            {"assessment": _("Say why the person can or cannot care for the child.")}
        )


# --- the network -------------------------------------------------------------------------
@transaction.atomic
def network_person_add(*, actor: User, child: Child, **fields) -> NetworkPerson:
    """Add a person to the child's network map."""
    fields = _strip(only_fields(fields, PERSON_FIELDS))
    _check_person(child, fields)
    person = NetworkPerson(child=child, recorded_by=actor, **fields)
    validated_save(person)
    log_change(actor=actor, instance=person, action="create", municipality_id=child.municipality_id)
    return person


@transaction.atomic
def network_person_update(*, actor: User, person: NetworkPerson, **fields) -> NetworkPerson:
    fields = _strip(only_fields(fields, PERSON_FIELDS))
    _check_person(person.child, fields)
    validated_update(
        actor=actor, instance=person, fields=fields, municipality_id=person.child.municipality_id
    )
    return person


@transaction.atomic
def network_meeting_record(*, actor: User, child: Child, **fields) -> NetworkMeeting:
    """Record a network meeting or family group conference that has been held."""
    fields = _strip(only_fields(fields, MEETING_FIELDS))
    held_on = fields.get("held_on")
    if held_on is not None and held_on > timezone.localdate():
        raise ValidationError(
            {"held_on": _("Record a meeting when it has been held: the date is in the future.")}
        )
    meeting = NetworkMeeting(child=child, recorded_by=actor, **fields)
    validated_save(meeting)
    log_change(
        actor=actor, instance=meeting, action="create", municipality_id=child.municipality_id
    )
    return meeting


# --- profiles ---------------------------------------------------------------------------
def _clean_list(values) -> list[str]:
    seen = []
    for value in values or []:
        value = value.strip()
        if value and value not in seen:
            seen.append(value)
    return seen


@transaction.atomic
def needs_profile_save(*, actor: User, child: Child, **fields) -> NeedsProfile:
    """Create or change the child's needs profile."""
    fields = _strip(only_fields(fields, NEEDS_FIELDS))
    for name in ("special_needs", "languages"):
        if name in fields:
            fields[name] = _clean_list(fields[name])
    profile = NeedsProfile.objects.select_for_update().filter(child=child).first()
    if profile is None:
        profile = NeedsProfile(child=child, updated_by=actor, **fields)
        validated_save(profile)
        log_change(
            actor=actor, instance=profile, action="create", municipality_id=child.municipality_id
        )
        return profile
    validated_update(
        actor=actor,
        instance=profile,
        fields=fields | {"updated_by": actor},
        municipality_id=child.municipality_id,
    )
    return profile


@transaction.atomic
def family_profile_save(*, actor: User, family: Family, **fields) -> FamilyProfile:
    """Create or change what a family takes, for matching."""
    fields = only_fields(fields, FAMILY_PROFILE_FIELDS)
    if "needs_taken" in fields:
        fields["needs_taken"] = _clean_list(fields["needs_taken"])
    profile = FamilyProfile.objects.select_for_update().filter(family=family).first()
    if profile is None:
        profile = FamilyProfile(family=family, updated_by=actor, **fields)
        validated_save(profile)
        log_change(
            actor=actor, instance=profile, action="create", municipality_id=family.municipality_id
        )
        return profile
    validated_update(
        actor=actor,
        instance=profile,
        fields=fields | {"updated_by": actor},
        municipality_id=family.municipality_id,
    )
    return profile


# --- placing with a decision record -----------------------------------------------------
@transaction.atomic
def placement_decide(
    *,
    actor: User,
    child: Child,
    family: Family,
    alternatives=(),
    reasons: str = "",
    outside_network_reason: str = "",
    siblings_reason: str = "",
    **placement_fields,
) -> Placement:
    """Place the child (``cases.services.placement_create``: the approval and place
    rules, the family row locked) and record the decision: the family chosen, the
    alternatives considered and the reasons. Reasons are required when the family's
    approval is below the child's level of needs, when the child is placed outside
    the network before the network was explored, and when siblings to be placed
    together are split. Nothing is saved unless all of it holds."""
    today = timezone.localdate()
    profile = needs_profile_for(child=child)
    alternatives = [f for f in alternatives if f.pk != family.pk]
    scope = placeable_family_scope(user=actor)
    if any(not scope.filter(pk=f.pk).exists() for f in alternatives):
        raise ValidationError(
            {"alternatives": _("Choose families the child could be placed with.")}
        )
    in_network = family.pk in network_family_ids(child=child, on=today)
    approvals = current_approvals_by_family([family.pk], today).get(family.pk, [])
    approval_type = approval_type_for_child(approvals, child)
    below = bool(
        profile and approval_type and not rules.approval_covers(approval_type, profile.level)
    )
    siblings_split = False
    if profile and profile.siblings_together:
        family_profile = getattr(family, "matching_profile", None)
        siblings_split = family_profile is None or not family_profile.takes_siblings
    explored = network_explored(child=child)
    errors = rules.decision_errors(
        approval_below_needs=below,
        reasons=reasons,
        in_network=in_network,
        network_explored=explored,
        outside_network_reason=outside_network_reason,
        siblings_split=siblings_split,
        siblings_reason=siblings_reason,
    )
    if errors:
        raise ValidationError(errors)
    placement = placement_create(actor=actor, child=child, family=family, **placement_fields)
    decision = PlacementDecision(
        placement=placement,
        child=child,
        family=family,
        reasons=reasons.strip(),
        needs_level=profile.level if profile else "",
        approval_type=approval_type,
        approval_below_needs=below,
        in_network=in_network,
        network_explored=explored,
        outside_network_reason=outside_network_reason.strip(),
        siblings_split=siblings_split,
        siblings_reason=siblings_reason.strip(),
        decided_by=actor,
    )
    validated_save(decision)
    decision.alternatives.set(alternatives)
    log_change(
        actor=actor, instance=decision, action="create", municipality_id=child.municipality_id
    )
    return placement
