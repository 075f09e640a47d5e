"""Registering families, their members and their fixed consultant."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from families.models import (
    ConsultantAssignment,
    Family,
    FamilyMember,
)
from fostercare.accounts.models import Role, User
from fostercare.accounts.services import assignment_change, staff_check
from fostercare.audit.services import log_change
from fostercare.cpr import normalise_cpr
from fostercare.validation import only_fields, validated_save, validated_update

FAMILY_FIELDS = (
    "name", "street", "postal_code", "city", "district", "phone", "phone_secondary",
    "email", "languages", "notes",
)  # fmt: skip


@transaction.atomic
def family_create(
    *, actor: User, consultant: User, consultant_from: date | None = None, **fields
) -> Family:
    """Register a household with its fixed consultant from ``consultant_from`` (today)."""
    family = Family(municipality_id=actor.municipality_id, **only_fields(fields, FAMILY_FIELDS))
    staff_check(
        consultant,
        roles=Role.CONSULTANT,
        municipality_id=family.municipality_id,
        field="consultant",
    )
    validated_save(family)
    log_change(
        actor=actor, instance=family, action="create", municipality_id=family.municipality_id
    )
    assignment = ConsultantAssignment(
        family=family, consultant=consultant, starts_on=consultant_from or timezone.localdate()
    )
    validated_save(assignment)
    log_change(
        actor=actor, instance=assignment, action="create", municipality_id=family.municipality_id
    )
    return family


@transaction.atomic
def family_update(*, actor: User, family: Family, **fields) -> Family:
    validated_update(
        actor=actor,
        instance=family,
        fields=only_fields(fields, (*FAMILY_FIELDS, "is_active")),
        municipality_id=family.municipality_id,
    )
    return family


@transaction.atomic
def family_consultant_change(
    *, actor: User, family: Family, consultant: User, starts_on: date, reason: str
) -> ConsultantAssignment:
    """Hand the family to another fixed consultant from ``starts_on`` (the kernel's
    ``assignment_change`` rule)."""
    staff_check(
        consultant,
        roles=Role.CONSULTANT,
        municipality_id=family.municipality_id,
        field="consultant",
    )
    return assignment_change(
        actor=actor,
        model=ConsultantAssignment,
        record=family,
        staff=consultant,
        starts_on=starts_on,
        reason=reason,
        municipality_id=family.municipality_id,
    )


MEMBER_FIELDS = ("kind", "full_name", "cpr", "birth_year", "phone", "occupation")


def _member_fields(fields: dict) -> dict:
    fields = dict(only_fields(fields, MEMBER_FIELDS))
    if fields.get("cpr"):
        try:
            fields["cpr"] = normalise_cpr(fields["cpr"])
        except ValidationError as error:
            raise ValidationError({"cpr": error.messages}) from error
    return fields


@transaction.atomic
def family_member_add(*, actor: User, family: Family, **fields) -> FamilyMember:
    member = FamilyMember(family=family, **_member_fields(fields))
    validated_save(member)
    log_change(
        actor=actor, instance=member, action="create", municipality_id=family.municipality_id
    )
    return member


@transaction.atomic
def family_member_update(*, actor: User, member: FamilyMember, **fields) -> FamilyMember:
    validated_update(
        actor=actor,
        instance=member,
        fields=_member_fields(fields),
        municipality_id=member.family.municipality_id,
    )
    return member


@transaction.atomic
def family_member_remove(*, actor: User, member: FamilyMember) -> None:
    log_change(
        actor=actor,
        instance=member,
        action="delete",
        municipality_id=member.family.municipality_id,
    )
    member.delete()
