from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.models import (
    ActionPlan,
    CaseworkerAssignment,
    Child,
    ContactArrangement,
    InformationGiven,
    Placement,
    PlacementChange,
    StatutoryVisit,
)
from fostercare.audit.admin import ReadOnlyAdmin, ReadOnlyInline, TenantAdmin
from fostercare.cpr import birth_date
from fostercare.forms import MaskedCprFormMixin


class ChildAdminForm(MaskedCprFormMixin, forms.ModelForm):
    class Meta:
        model = Child
        fields = "__all__"  # noqa: DJ007 (the admin decides which fields it shows)


class ContactArrangementInline(ReadOnlyInline):
    """When and with whom; the arrangement's terms and notes are the caseworker's."""

    model = ContactArrangement
    fields = ("with_whom", "decided_on", "starts_on", "ends_on")


class InformationGivenInline(ReadOnlyInline):
    model = InformationGiven
    fields = ("item", "given_on", "given_by")


@admin.register(Child)
class ChildAdmin(TenantAdmin):
    """The CPR number is shown masked here too (a correction is typed in full); the
    child's needs and wishes are the caseworker's to know."""

    form = ChildAdminForm
    list_display = ("full_name_display", "masked_cpr_display", "birth_date", "municipality")
    list_filter = ("municipality",)
    # Not by CPR number: the admin's search travels in the URL.
    search_fields = ("first_name", "last_name")
    list_select_related = ("municipality",)
    readonly_fields = ("public_id", "birth_date", "created_at")
    confidential_fields = ("needs", "wishes")
    inlines = [ContactArrangementInline]

    def save_model(self, request, obj, form, change):
        obj.birth_date = birth_date(obj.cpr)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("full name"), ordering="first_name")
    def full_name_display(self, obj: Child) -> str:
        return obj.full_name  # a property: without a description its column reads "FULL NAME"

    @admin.display(description=_("CPR number"))
    def masked_cpr_display(self, obj: Child) -> str:
        return obj.masked_cpr


class CaseRecordAdmin(ReadOnlyAdmin):
    """The case records are shown, searchable and filterable, but not edited here: an
    edit in the admin would skip the capacity, approval and legal-step rules that the
    services enforce. Changes go through the caseworkers' pages."""

    municipality_field = "child__municipality"
    list_select_related = ("child",)
    search_fields = ("child__first_name", "child__last_name")


@admin.register(CaseworkerAssignment)
class CaseworkerAssignmentAdmin(CaseRecordAdmin):
    list_display = ("child", "caseworker", "starts_on", "ends_on", "reason")
    list_filter = ("starts_on",)
    list_select_related = ("child", "caseworker")


@admin.register(Placement)
class PlacementAdmin(CaseRecordAdmin):
    list_display = ("child", "family", "kind", "start_date", "end_date", "end_reason")
    list_filter = ("kind", "consent", "end_reason")
    list_select_related = ("child", "family")
    inlines = [InformationGivenInline]


@admin.register(PlacementChange)
class PlacementChangeAdmin(CaseRecordAdmin):
    list_display = ("child", "status", "initiated_by", "planned_move_on", "acute_exception")
    list_filter = ("status", "initiated_by", "acute_exception", "poor_match")
    confidential_fields = ("reason", "acute_reason")


@admin.register(ActionPlan)
class ActionPlanAdmin(CaseRecordAdmin):
    list_display = ("child", "adopted_on", "next_review_on")
    list_filter = ("adopted_on",)
    confidential_fields = ("goals",)


@admin.register(StatutoryVisit)
class StatutoryVisitAdmin(CaseRecordAdmin):
    list_display = ("child", "visited_on", "visitor", "spoken_alone")
    list_filter = ("spoken_alone", "visited_on")
    confidential_fields = ("notes",)
