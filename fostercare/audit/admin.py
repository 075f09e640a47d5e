"""Admin for the audit trail (read-only), and the base every other admin uses."""

from django.contrib import admin

from fostercare.audit.models import AccessLog, ChangeLog
from fostercare.audit.services import log_change, snapshot


class TenantAdmin(admin.ModelAdmin):
    """Admin for municipal records: the admin role of a municipality sees and edits
    only its own rows; a superuser (the platform operator) sees all. Every save and
    delete writes the change log, as a service would."""

    municipality_field = "municipality"

    def _role_allows(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and (user.is_superuser or user.can("admin.access"))

    def has_module_permission(self, request):
        return self._role_allows(request)

    def has_view_permission(self, request, obj=None):
        return self._role_allows(request)

    def has_add_permission(self, request):
        return self._role_allows(request)

    def has_change_permission(self, request, obj=None):
        return self._role_allows(request)

    def has_delete_permission(self, request, obj=None):
        return self._role_allows(request)

    def get_list_filter(self, request):
        # A municipality's admin sees one municipality; the filter would list all 98.
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [f for f in filters if f != self.municipality_field]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser or not self.municipality_field:
            return queryset
        return queryset.filter(**{f"{self.municipality_field}_id": request.user.municipality_id})

    def _scoped_choices(self, related, request):
        """Choices for a relation, limited to the admin's own municipality."""
        own = request.user.municipality_id
        field_names = {f.name for f in related._meta.get_fields()}
        if related._meta.label == "accounts.Municipality":
            return related.objects.filter(pk=own)
        if "municipality" in field_names:
            return related.objects.filter(municipality_id=own)
        if "family" in field_names:
            return related.objects.filter(family__municipality_id=own)
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            queryset = self._scoped_choices(db_field.related_model, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
            if db_field.related_model._meta.label == "accounts.Municipality":
                kwargs["initial"] = request.user.municipality_id
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            queryset = self._scoped_choices(db_field.related_model, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        log_change(
            actor=request.user,
            instance=obj,
            action="update" if change else "create",
            before=before,
        )

    def delete_model(self, request, obj):
        log_change(actor=request.user, instance=obj, action="delete")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdmin(TenantAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChangeLog)
class ChangeLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_repr", "action", "content_type", "object_repr", "municipality")
    list_filter = ("action", "content_type", "municipality", "at")
    search_fields = ("object_repr", "actor_repr", "object_pk")
    date_hierarchy = "at"
    list_select_related = ("content_type", "municipality")
    fields = (
        "at",
        "actor_repr",
        "municipality",
        "content_type",
        "object_pk",
        "object_repr",
        "action",
        "changes",
    )
    readonly_fields = fields


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = (
        "at",
        "user_repr",
        "action",
        "content_type",
        "object_repr",
        "path",
        "municipality",
    )
    list_filter = ("action", "content_type", "municipality", "at")
    search_fields = ("object_repr", "user_repr", "object_pk", "path")
    date_hierarchy = "at"
    list_select_related = ("content_type", "municipality")
    fields = ("at", "user_repr", "municipality", "content_type", "object_pk", "object_repr", "path")
    readonly_fields = fields
