from django.core.exceptions import ValidationError
from django.db import transaction

from cases.models import Child
from fostercare.accounts.models import User
from fostercare.audit.services import audit_change_record, snapshot
from fostercare.cpr import birth_date, normalise_cpr


@transaction.atomic
def child_create(*, actor: User, first_name: str, last_name: str, cpr: str) -> Child:
    """Register a child in the actor's municipality; the CPR number gives the birth date."""
    try:
        cpr = normalise_cpr(cpr)
    except ValidationError as error:
        raise ValidationError({"cpr": error.messages}) from error
    child = Child(
        municipality_id=actor.municipality_id,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        cpr=cpr,
        birth_date=birth_date(cpr),
    )
    child.full_clean()
    child.save()
    audit_change_record(actor=actor, instance=child, action="create", changes=snapshot(child))
    return child
