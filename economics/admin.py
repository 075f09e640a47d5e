"""Admin for economics: the national rate tables (only the platform operator, a
superuser, edits them; a municipality's admin reads them), a municipality's deadline
for decisions, and the records, scoped to the admin's municipality."""

from django.contrib import admin
from django.db.models import Q

from economics.models import (
    BoardAndLodgingRate,
    DecisionLetter,
    EconomicsSettings,
    ExpenseApplication,
    ExpenseDecision,
    FeeAgreement,
    FeeRenegotiation,
    FeeUnitRate,
)
from economics.selectors.fees import fee_paid_by_q
from fostercare.audit.admin import ReadOnlyAdmin, TenantAdmin


class NationalTableAdmin(TenantAdmin):
    """A table that is the same for every municipality: no municipality field; a
    municipality's admin may read it, only a superuser change it."""

    municipality_field = ""
    list_filter = ("is_demo",)
    search_fields = ("=year", "source")

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(BoardAndLodgingRate)
class BoardAndLodgingRateAdmin(NationalTableAdmin):
    list_display = ("year", "under_ten", "ten_and_over", "third_and_later", "is_demo", "source")


@admin.register(FeeUnitRate)
class FeeUnitRateAdmin(NationalTableAdmin):
    list_display = ("year", "per_day", "per_month", "is_demo", "source")


@admin.register(EconomicsSettings)
class EconomicsSettingsAdmin(TenantAdmin):
    list_display = ("municipality", "response_working_days")
    search_fields = ("municipality__name", "municipality__code")
    list_select_related = ("municipality",)


@admin.register(FeeAgreement)
class FeeAgreementAdmin(TenantAdmin):
    municipality_field = "family__municipality"
    list_display = (
        "family",
        "placement",
        "units",
        "fixed_monthly_amount",
        "valid_from",
        "valid_to",
    )
    list_filter = ("valid_to",)
    search_fields = ("family__name", "placement__child__first_name", "legacy_level", "note")
    list_select_related = ("family", "placement__child")
    readonly_fields = ("public_id", "created_at")
    raw_id_fields = ("placement",)

    def municipality_q(self, municipality_id: int) -> Q:
        # The paying municipality's: the one that placed the child.
        return fee_paid_by_q(municipality_id)


@admin.register(FeeRenegotiation)
class FeeRenegotiationAdmin(TenantAdmin):
    municipality_field = "agreement__family__municipality"
    list_display = ("agreement", "date", "requested_by", "result", "concluded_on")

    def municipality_q(self, municipality_id: int) -> Q:
        return fee_paid_by_q(municipality_id, prefix="agreement__")

    list_filter = ("result", "requested_by")
    search_fields = ("agreement__family__name", "reason", "outcome_reason")
    list_select_related = ("agreement__family",)
    readonly_fields = ("public_id",)
    raw_id_fields = ("agreement", "new_agreement")


@admin.register(ExpenseApplication)
class ExpenseApplicationAdmin(ReadOnlyAdmin):
    """Applications are registered and decided on their pages, where the rules apply."""

    list_display = ("family", "kind", "category", "received_on", "amount_applied", "municipality")
    list_filter = ("kind", "category", "documented", "agreed_beforehand")
    search_fields = ("family__name", "description")
    list_select_related = ("family", "municipality")


@admin.register(ExpenseDecision)
class ExpenseDecisionAdmin(ReadOnlyAdmin):
    municipality_field = "application__municipality"
    list_display = ("application", "outcome", "amount", "rule", "decided_on", "decided_by")
    list_filter = ("outcome", "rule")
    search_fields = ("application__family__name", "reasons")
    list_select_related = ("application__family", "decided_by")


@admin.register(DecisionLetter)
class DecisionLetterAdmin(ReadOnlyAdmin):
    municipality_field = "decision__application__municipality"
    list_display = ("title", "issued_at", "issued_by")
    search_fields = ("title", "body")
    list_select_related = ("issued_by",)
