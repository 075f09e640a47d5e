"""Every read of the economics of foster care, limited to what the user may see,
split by sub-domain. Callers use ``from economics.selectors import ...``."""

from economics.selectors.applications import (
    ResponseRules,
    decision_letter_get,
    expense_application_filter,
    expense_application_get,
    expense_application_late_count,
    expense_application_list_for_family,
    expense_application_pending,
    expense_application_scope,
    expense_placement_choices,
    placement_get,
    response_rules,
    undocumented_used,
    undocumented_used_by_child,
)
from economics.selectors.family import economics_family_overview
from economics.selectors.fees import (
    family_filter_fee_renegotiation,
    fee_agreement_get,
    fee_agreement_list_for_family,
    fee_agreement_scope,
    fee_placement_choices,
    fee_renegotiation_figures,
    fee_renegotiation_get,
)
from economics.selectors.figures import (
    expense_application_figures,
    expense_cap_use_figures,
    expense_totals_by_year,
)
from economics.selectors.payments import MonthPayments, PaymentRow, payment_list
from economics.selectors.rates import board_rates_map, fee_units_map, rates_missing

__all__ = [
    "MonthPayments",
    "PaymentRow",
    "ResponseRules",
    "board_rates_map",
    "decision_letter_get",
    "economics_family_overview",
    "expense_application_figures",
    "expense_application_filter",
    "expense_application_get",
    "expense_application_late_count",
    "expense_application_list_for_family",
    "expense_application_pending",
    "expense_application_scope",
    "expense_cap_use_figures",
    "expense_placement_choices",
    "expense_totals_by_year",
    "family_filter_fee_renegotiation",
    "fee_agreement_get",
    "fee_agreement_list_for_family",
    "fee_agreement_scope",
    "fee_placement_choices",
    "fee_renegotiation_figures",
    "fee_renegotiation_get",
    "fee_units_map",
    "payment_list",
    "placement_get",
    "rates_missing",
    "response_rules",
    "undocumented_used",
    "undocumented_used_by_child",
]
