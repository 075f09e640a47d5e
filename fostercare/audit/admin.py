"""Admin for the audit trail (read-only), and the base every other admin uses."""

from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from fostercare.audit.models import AccessLog, ChangeLog
from fostercare.audit.services import log_access, log_access_rows, log_change, snapshot


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id box that names the chosen record only when it is one the admin may
    choose: Django's own looks the id up among all rows, so a typed id of another
    municipality's record would show that record's name."""

    def __init__(self, rel, admin_site, *, queryset, **kwargs):
        super().__init__(rel, admin_site, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            allowed = self.queryset.filter(**{key: value}).exists()
        except (ValueError, TypeError, ValidationError):
            allowed = False
        return super().label_and_url_for_value(value) if allowed else ("", "")


class AccessLoggedAdminMixin:
    """Every admin page that shows records writes the access log, like the app's own
    pages: a change page one row for its record, a list page one row for the records
    on the page (and what was searched). ``access_logged = False`` for reference data
    that names no person (municipalities, calendars, the course catalogue)."""

    access_logged = True

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if self.access_logged and request.method == "GET" and _rendered(response):
            changelist = response.context_data.get("cl")
            if changelist is not None:
                filters = {k: v for k, v in request.GET.items() if k not in ("p", "o")}
                log_access_rows(
                    user=request.user,
                    model=self.model,
                    action="search" if filters else "list",
                    path=request.path,
                    details={"filters": filters, "rows": changelist.result_count},
                    records=changelist.result_list,
                )
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if self.access_logged and obj is not None and request.method == "GET":
            log_access(user=request.user, instance=obj, path=request.path)
        return response


class CappedCountPaginator(Paginator):
    """The admin's paginator for big tables (250,000 calls, millions of log rows):
    counts at most ``CAP`` rows (``SELECT COUNT(*)`` over a ``LIMIT``), so a list page
    never counts the whole table; beyond that the admin shows ``CAP + 1`` rows and
    their pages, and a search or filter narrows them."""

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.CAP + 1].count()


def _rendered(response) -> bool:
    return isinstance(response, TemplateResponse) and response.status_code == 200


class TenantAdmin(AccessLoggedAdminMixin, admin.ModelAdmin):
    """Admin for municipal records: the admin role of a municipality sees and edits
    only its own rows; a superuser (the platform operator) sees all. Every save and
    delete writes the change log, as a service would; every look at records writes
    the access log (``AccessLoggedAdminMixin``).

    ``confidential_fields`` are what the people a record is about told their
    caseworker or consultant (notes, needs, advice): the administrator keeps the
    system running and has no need to know them, so they are left out of the admin's
    forms and searches for everyone but a superuser (whose reads are logged)."""

    municipality_field = "municipality"
    confidential_fields: tuple[str, ...] = ()
    # National scale: no second, unfiltered count; a capped count for the pages.
    show_full_result_count = False
    paginator = CappedCountPaginator

    def _confidential_hidden(self, request) -> bool:
        return bool(self.confidential_fields) and not request.user.is_superuser

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or ())
        if self._confidential_hidden(request):
            exclude += [f for f in self.confidential_fields if f not in exclude]
        return exclude

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self._confidential_hidden(request):
            fields = [f for f in fields if f not in self.confidential_fields]
        return fields

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if self._confidential_hidden(request):
            fields = [f for f in fields if f not in self.confidential_fields]
        return fields

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if self._confidential_hidden(request):
            fields = [f for f in fields if f.lstrip("=^@") not in self.confidential_fields]
        return fields

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

    def municipality_q(self, municipality_id: int) -> Q:
        """The rows of one municipality (by ``municipality_field``; an admin whose rows
        belong to a municipality some other way overrides this)."""
        return Q(**{f"{self.municipality_field}_id": municipality_id})

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser or not self.municipality_field:
            return queryset
        return queryset.filter(self.municipality_q(request.user.municipality_id))

    def _scoped_choices(self, related, request):
        """Choices for a relation, limited to the admin's own municipality: through
        the related model's own admin where it has one (a course run belongs to its
        course's municipality), else by its municipality or family."""
        own = request.user.municipality_id
        field_names = {f.name for f in related._meta.get_fields()}
        if related._meta.label == "accounts.Municipality":
            return related.objects.filter(pk=own)
        related_admin = self.admin_site._registry.get(related)
        if isinstance(related_admin, TenantAdmin) and related_admin.municipality_field:
            return related.objects.filter(related_admin.municipality_q(own))
        if "municipality" in field_names:
            return related.objects.filter(municipality_id=own)
        if "family" in field_names:
            return related.objects.filter(family__municipality_id=own)
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = None
        if not request.user.is_superuser:
            queryset = self._scoped_choices(db_field.related_model, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
            if db_field.related_model._meta.label == "accounts.Municipality":
                kwargs["initial"] = request.user.municipality_id
        if queryset is not None and db_field.name in self.raw_id_fields:
            kwargs["widget"] = ScopedRawIdWidget(
                db_field.remote_field, self.admin_site, queryset=queryset, using=kwargs.get("using")
            )
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


class TenantInline:
    """An inline of a ``TenantAdmin`` page with ``confidential_fields`` of its own,
    left out for everyone but a superuser."""

    confidential_fields: tuple[str, ...] = ()

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or ())
        if not request.user.is_superuser:
            exclude += [f for f in self.confidential_fields if f not in exclude]
        return exclude


class ReadOnlyInline(admin.TabularInline):
    """A record's rows shown on its parent's admin page, never edited there: they are
    written through the services, which keep the rules and the change log."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
    list_select_related = ("content_type", "municipality")
    fields = ("at", "user_repr", "municipality", "content_type", "object_pk", "object_repr", "path")
    readonly_fields = fields


class NamedValuesListFilter(admin.AllValuesFieldListFilter):
    """Django's filter on a field's values, with a name for the empty value: Django
    offers "" as a link without text, which a screen reader cannot name (WCAG 2.4.4)."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice["display"] = _("(empty)")
            yield choice
