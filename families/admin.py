from django import forms
from django.contrib import admin

from families.models import (
    Approval,
    AssessmentCondition,
    AssessmentCriterion,
    ConsultantAssignment,
    Family,
    FamilyMember,
    NetworkAssessment,
)
from fostercare.audit.admin import NamedValuesListFilter, TenantAdmin, TenantInline
from fostercare.forms import MaskedCprFormMixin


class FamilyChildAdmin(TenantAdmin):
    """Rows that belong to a family: scoped through the family's municipality."""

    municipality_field = "family__municipality"
    list_select_related = ("family",)


@admin.register(Family)
class FamilyAdmin(TenantAdmin):
    list_display = ("name", "street", "city", "phone", "district", "is_active", "municipality")
    list_filter = ("is_active", "municipality", ("district", NamedValuesListFilter))
    search_fields = ("name", "street", "city", "phone", "phone_secondary", "email")
    readonly_fields = ("public_id", "created_at", "updated_at")
    list_select_related = ("municipality",)
    confidential_fields = ("notes",)


class FamilyMemberAdminForm(MaskedCprFormMixin, forms.ModelForm):
    class Meta:
        model = FamilyMember
        fields = "__all__"  # noqa: DJ007 (the admin decides which fields it shows)


@admin.register(FamilyMember)
class FamilyMemberAdmin(FamilyChildAdmin):
    """CPR numbers masked, and not searchable (the admin's search travels in the URL)."""

    form = FamilyMemberAdminForm
    list_display = ("full_name", "kind", "family")
    list_filter = ("kind",)
    search_fields = ("full_name", "family__name")


@admin.register(ConsultantAssignment)
class ConsultantAssignmentAdmin(FamilyChildAdmin):
    list_display = ("family", "consultant", "starts_on", "ends_on", "reason")
    list_filter = ("ends_on",)
    search_fields = ("family__name", "consultant__full_name", "reason")
    list_select_related = ("family", "consultant")


@admin.register(Approval)
class ApprovalAdmin(FamilyChildAdmin):
    list_display = ("family", "type", "status", "valid_from", "valid_to", "capacity_full_time")
    list_filter = ("type", "status", "approving_body")
    search_fields = ("family__name", "child__first_name", "child__last_name")
    readonly_fields = ("public_id", "created_at")
    raw_id_fields = ("child",)


class CriterionInline(TenantInline, admin.TabularInline):
    model = AssessmentCriterion
    extra = 0
    confidential_fields = ("note",)


class ConditionInline(admin.TabularInline):
    model = AssessmentCondition
    extra = 0


@admin.register(NetworkAssessment)
class NetworkAssessmentAdmin(FamilyChildAdmin):
    list_display = ("family", "child", "started_on", "outcome", "decided_on")
    list_filter = ("outcome",)
    search_fields = ("family__name", "child__first_name", "child__last_name")
    readonly_fields = ("public_id",)
    raw_id_fields = ("child", "approval")
    inlines = (CriterionInline, ConditionInline)
    confidential_fields = ("relation_to_child", "alignment_notes")
