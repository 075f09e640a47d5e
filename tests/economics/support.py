"""What the economics tests share: ``rejected()``, which checks a refused call twice
(the ValidationError names the offending field, and nothing at all was written), the
change log of a record, and small builders of the records the tests are about."""

from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from economics import services
from economics.models import (
    DecisionLetter,
    ExpenseApplication,
    ExpenseDecision,
    FeeAgreement,
    FeeRenegotiation,
)
from fostercare.audit.models import ChangeLog

ALL = NON_FIELD_ERRORS  # the key of a model constraint's message
PLAIN = None  # a ValidationError that is a plain message, not a dict

TRACKED = (
    FeeAgreement,
    FeeRenegotiation,
    ExpenseApplication,
    ExpenseDecision,
    DecisionLetter,
    ChangeLog,
)


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


def cost_application(actor, placement, **changes) -> ExpenseApplication:
    """An application for 5.000 kr. for leisure, agreed beforehand, without documentation,
    received 5 January 2026."""
    data = {
        "kind": "other_costs",
        "received_on": date(2026, 1, 5),
        "category": "leisure",
        "description": "Kontingent og udstyr til håndbold",
        "amount_applied": Decimal("5000.00"),
        "agreed_beforehand": True,
        "agreed_on": date(2026, 1, 2),
        "documented": False,
    } | changes
    return services.expense_application_register(actor=actor, placement=placement, **data)


def grant(actor, application, **changes) -> ExpenseDecision:
    data = {
        "outcome": "full",
        "reasons": "Aftalt på forhånd; fritid styrker barnets trivsel.",
        "decided_on": date(2026, 1, 12),
    } | changes
    return services.expense_decision_record(actor=actor, application=application, **data)
