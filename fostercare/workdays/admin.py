from django.contrib import admin

from fostercare.audit.admin import TenantAdmin
from fostercare.workdays.models import CalendarSettings, OfficeClosure


@admin.register(CalendarSettings)
class CalendarSettingsAdmin(TenantAdmin):
    access_logged = False  # reference data: names no one
    list_display = (
        "municipality",
        "christmas_eve_closed",
        "new_years_eve_closed",
        "constitution_day_closed",
        "office_opens",
        "office_closes",
    )
    list_filter = ("christmas_eve_closed", "new_years_eve_closed", "constitution_day_closed")
    search_fields = ("municipality__name", "municipality__code")
    list_select_related = ("municipality",)


@admin.register(OfficeClosure)
class OfficeClosureAdmin(TenantAdmin):
    access_logged = False
    list_display = ("date", "reason", "municipality")
    list_filter = ("municipality", "date")
    search_fields = ("reason", "municipality__name")
    date_hierarchy = "date"
    list_select_related = ("municipality",)
