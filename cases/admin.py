from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.models import Child
from fostercare.audit.admin import TenantAdmin
from fostercare.cpr import birth_date, normalise_cpr


@admin.register(Child)
class ChildAdmin(TenantAdmin):
    list_display = ("full_name", "masked_cpr_display", "birth_date", "municipality")
    list_filter = ("municipality",)
    search_fields = ("first_name", "last_name", "=cpr")
    list_select_related = ("municipality",)
    readonly_fields = ("public_id", "birth_date", "created_at")

    def save_model(self, request, obj, form, change):
        obj.cpr = normalise_cpr(obj.cpr)
        obj.birth_date = birth_date(obj.cpr)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("CPR number"))
    def masked_cpr_display(self, obj: Child) -> str:
        return obj.masked_cpr
