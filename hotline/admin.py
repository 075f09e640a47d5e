from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fostercare.audit.admin import TenantAdmin
from hotline.models import (
    ConsultantAbsence,
    FollowUp,
    FollowUpReassignment,
    HotlineCall,
    HotlineSettings,
    Notification,
)

DELIVERY_FILTERS = {
    "problem": Q(done_at__isnull=True)
    & (
        Q(reminder_without_recipient=True)
        | Q(reminder_failed_at__isnull=False)
        | Q(reminder_attempts__gt=0, reminder_sent_at__isnull=True)
    ),
    "without_recipient": Q(reminder_without_recipient=True),
    "failed": Q(reminder_failed_at__isnull=False),
    "retrying": Q(
        reminder_sent_at__isnull=True, reminder_failed_at__isnull=True, reminder_attempts__gt=0
    ),
    "sent": Q(reminder_sent_at__isnull=False),
    "pending": Q(reminder_sent_at__isnull=True, reminder_failed_at__isnull=True),
}


class DeliveryFilter(admin.SimpleListFilter):
    title = _("reminder delivery")
    parameter_name = "levering"

    def lookups(self, request, model_admin):
        return [
            ("problem", _("Open, with a delivery problem")),
            ("without_recipient", _("Without recipient")),
            ("failed", _("Could not be delivered")),
            ("retrying", _("Not delivered yet – trying again")),
            ("sent", _("Sent")),
            ("pending", _("Not sent yet")),
        ]

    def queryset(self, request, queryset):
        condition = DELIVERY_FILTERS.get(self.value() or "")
        return queryset.filter(condition) if condition is not None else queryset


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
    # No date hierarchy: over 250,000 calls it groups them all by day on every page;
    # the date filter below narrows them with the index on (municipality, called_at).
    list_filter = (
        "called_at", "answered_by_organisation", "topic", "urgency", "child_safety_at_risk",
    )  # fmt: skip
    search_fields = ("family__name", "caller_name", "caller_details", "answered_by_person")
    readonly_fields = ("public_id", "created_at")
    raw_id_fields = ("family", "registered_by")
    confidential_fields = ("caller_details", "topic_text", "advice")
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
        "reminder_without_recipient",
        "reminder_failed_at",
        "escalated_at",
        "done_at",
    )
    list_filter = (DeliveryFilter, "urgent", "outcome")
    search_fields = ("call__family__name", "owner__full_name", "notes")
    readonly_fields = (
        "public_id", "created_at", "reminder_sent_at", "reminder_attempts", "reminder_error",
        "reminder_retry_at", "reminder_failed_at", "reminder_failure_reported_at",
        "reminder_without_recipient", "send_lease_until", "escalated_at",
    )  # fmt: skip
    raw_id_fields = ("call", "owner", "done_by")
    list_select_related = ("call__family", "owner")
    confidential_fields = ("notes",)
    inlines = [ReassignmentInline]


@admin.register(ConsultantAbsence)
class ConsultantAbsenceAdmin(TenantAdmin):
    list_display = ("consultant", "starts_on", "ends_on", "substitute")
    search_fields = ("consultant__full_name", "substitute__full_name")
    raw_id_fields = ("consultant", "substitute", "created_by")
    readonly_fields = ("created_at",)
    list_select_related = ("consultant", "substitute")


@admin.register(HotlineSettings)
class HotlineSettingsAdmin(TenantAdmin):
    list_display = ("municipality", "fallback_email")


@admin.register(Notification)
class NotificationAdmin(TenantAdmin):
    municipality_field = "user__municipality"
    list_display = ("user", "text", "created_at", "read_at")
    search_fields = ("user__full_name", "text")
    raw_id_fields = ("user",)
    readonly_fields = ("created_at",)
