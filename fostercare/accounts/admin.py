from axes import admin as axes_admin_module
from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as AxesAccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fostercare.accounts.forms import UserChangeForm, UserCreationForm
from fostercare.accounts.models import Municipality, Role, User
from fostercare.audit.admin import TenantAdmin


@admin.register(User)
class UserAdmin(TenantAdmin, DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ("full_name",)
    list_display = ("full_name", "email", "role", "municipality", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_staff", "municipality")
    search_fields = ("full_name", "email", "phone")
    list_select_related = ("municipality",)
    readonly_fields = ("public_id", "last_login", "date_joined")
    # A plain select of the municipality's users (TenantAdmin scopes it), not select2's
    # autocomplete: select2's box has no accessible name (WCAG 4.1.2).
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "phone")}),
        (_("Work"), {"fields": ("municipality", "role", "manager", "is_active")}),
        (
            _("Administration"),
            {"fields": ("is_staff", "is_superuser", "public_id", "last_login", "date_joined")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "role",
                    "municipality",
                    "phone",
                    "manager",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    filter_horizontal = ()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("is_superuser")
        return fields

    def save_model(self, request, obj, form, change):
        # The admin role is the one that reaches the admin site.
        obj.is_staff = obj.is_superuser or obj.role == Role.ADMIN
        super().save_model(request, obj, form, change)


@admin.register(Municipality)
class MunicipalityAdmin(TenantAdmin):
    municipality_field = ""
    access_logged = False
    list_display = ("code", "name", "region")
    list_filter = ("region",)
    search_fields = ("code", "name")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk=request.user.municipality_id)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


class LoginRecordAdmin(TenantAdmin):
    """django-axes' records, for the admin role: only log-ins of its own municipality's
    users are visible; deleting a failed attempt unlocks the account."""

    municipality_field = ""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        emails = User.objects.filter(municipality_id=request.user.municipality_id).values("email")
        return queryset.filter(username__in=emails)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


for model, axes_admin in (
    (AccessAttempt, axes_admin_module.AccessAttemptAdmin),
    (AxesAccessLog, axes_admin_module.AccessLogAdmin),
    (AccessFailureLog, axes_admin_module.AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, type(axes_admin.__name__, (LoginRecordAdmin, axes_admin), {}))

# django-axes has no Danish translation; these msgids give its admin pages one.
AXES_MESSAGES = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access logs"),
    gettext_noop("Attempt Time"),
    gettext_noop("Failed Logins"),
    gettext_noop("IP Address"),
    gettext_noop("Locked Out"),
    gettext_noop("Logout Time"),
    gettext_noop("Username"),
    gettext_noop("User Agent"),
    gettext_noop("Path"),
    gettext_noop("Expires At"),
    gettext_noop("Clean up expired attempts"),
)

# Roles, not groups, say what a user may do (fostercare/accounts/permissions.py).
if admin.site.is_registered(Group):
    admin.site.unregister(Group)
