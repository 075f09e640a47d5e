"""Every write to the economics of foster care, split by sub-domain. Each function
validates, saves in one transaction and writes the change log. The app's write API is
re-exported here: callers use ``from economics import services``."""

from economics.services.applications import (
    expense_application_register,
    expense_decision_record,
    expense_payment_record,
)
from economics.services.fees import (
    fee_agreement_assign,
    fee_agreement_create,
    fee_renegotiation_conclude,
    fee_renegotiation_record,
)
from economics.services.letters import decision_letter_issue

__all__ = [
    "decision_letter_issue",
    "expense_application_register",
    "expense_decision_record",
    "expense_payment_record",
    "fee_agreement_assign",
    "fee_agreement_create",
    "fee_renegotiation_conclude",
    "fee_renegotiation_record",
]
