"""What the tests of the foster-family write services (families/services/) share: the
factories of records the services create, and ``rejected()``, which checks a rejected
call twice: the ValidationError names the offending field, and the database (every
table the services write, the change log included) is exactly as it was before the call.
"""

from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from families.models import (
    Approval,
    AssessmentCondition,
    AssessmentCriterion,
    ConsultantAssignment,
    Family,
    FamilyMember,
    NetworkAssessment,
)
from fostercare.audit.models import ChangeLog

CPH = ZoneInfo("Europe/Copenhagen")
ALL = NON_FIELD_ERRORS  # the key of a model constraint's message
PLAIN = None  # a ValidationError that is a plain message, not a dict

TRACKED = (
    Family,
    FamilyMember,
    ConsultantAssignment,
    Approval,
    NetworkAssessment,
    NetworkAssessment.assessors.through,
    AssessmentCriterion,
    AssessmentCondition,
    ChangeLog,
)


# --- helpers ---------------------------------------------------------------------------
def db_state() -> dict:
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in TRACKED}


@contextmanager
def rejected(field: str | None):
    """The block raises ValidationError keyed by ``field`` (a plain message when
    ``field`` is PLAIN), and nothing at all was written."""
    before = db_state()
    with pytest.raises(ValidationError) as info:
        yield info
    if field is PLAIN:
        assert not hasattr(info.value, "error_dict"), info.value
    else:
        assert field in info.value.message_dict, info.value.message_dict
    assert db_state() == before


def logs(instance, action: str | None = None):
    entries = ChangeLog.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)), object_pk=str(instance.pk)
    )
    return entries.filter(action=action) if action else entries
