from django.contrib import admin

from fostercare.audit.admin import TenantAdmin
from hotline.models import (
    ConsultantAbsence,
    FollowUp,
    FollowUpReassignment,
    HotlineCall,
    Notification,
)


class ReassignmentInline(admin.TabularInline):
    model = FollowUpReassignment
    extra = 0
    can_delete = False
    readonly_fields = ("from_user", "to_user", "reason", "by", "at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(HotlineCall)
class HotlineCallAdmin(TenantAdmin):
    list_display = (
        "called_at", "family", "caller_name", "answered_by_organisation", "topic",
        "urgency", "child_safety_at_risk", "municipality",
    )  # fmt: skip
    list_filter = ("answered_by_organisation", "topic", "urgency", "child_safety_at_risk")
    search_fields = ("family__name", "caller_name", "caller_details", "answered_by_person")
    readonly_fields = ("public_id", "created_at")
    raw_id_fields = ("family", "registered_by")
    date_hierarchy = "called_at"
    list_select_related = ("family", "municipality")


@admin.register(FollowUp)
class FollowUpAdmin(TenantAdmin):
    municipality_field = "call__municipality"
    list_display = (
        "call",
        "owner",
        "due_at",
        "urgent",
        "reminder_sent_at",
        "escalated_at",
        "done_at",
    )
    list_filter = ("urgent", "outcome")
    search_fields = ("call__family__name", "owner__full_name", "notes")
    readonly_fields = ("public_id", "created_at", "reminder_sent_at", "escalated_at")
    raw_id_fields = ("call", "owner", "done_by")
    list_select_related = ("call__family", "owner")
    inlines = [ReassignmentInline]


@admin.register(ConsultantAbsence)
class ConsultantAbsenceAdmin(TenantAdmin):
    list_display = ("consultant", "starts_on", "ends_on", "substitute")
    search_fields = ("consultant__full_name", "substitute__full_name")
    raw_id_fields = ("consultant", "substitute", "created_by")
    readonly_fields = ("created_at",)
    list_select_related = ("consultant", "substitute")


@admin.register(Notification)
class NotificationAdmin(TenantAdmin):
    municipality_field = "user__municipality"
    list_display = ("user", "text", "created_at", "read_at")
    search_fields = ("user__full_name", "text")
    raw_id_fields = ("user",)
    readonly_fields = ("created_at",)
