from django.contrib import admin

from fostercare.audit.admin import ReadOnlyInline, TenantAdmin
from supervision.models import (
    CourseKind,
    CourseRun,
    Enrolment,
    IntensiveSupportException,
    SessionNoteVersion,
    SupervisionCadence,
    SupervisionCourse,
    SupervisionExtension,
    SupervisionSession,
)


@admin.register(CourseKind)
class CourseKindAdmin(TenantAdmin):
    access_logged = False  # the course catalogue names no one
    list_display = ("name", "category", "provider", "length_days", "mandatory", "is_active")
    list_filter = ("category", "provider", "mandatory", "is_active")
    search_fields = ("name", "theme", "provider_name")


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    raw_id_fields = ("member",)


@admin.register(CourseRun)
class CourseRunAdmin(TenantAdmin):
    municipality_field = "course_kind__municipality"
    list_display = ("course_kind", "starts_on", "ends_on", "place", "capacity")
    list_filter = ("place",)
    search_fields = ("course_kind__name",)
    readonly_fields = ("public_id",)
    list_select_related = ("course_kind",)
    inlines = [EnrolmentInline]


@admin.register(SupervisionCadence)
class SupervisionCadenceAdmin(TenantAdmin):
    access_logged = False
    list_display = ("family_type", "months", "municipality")


class ExtensionInline(admin.TabularInline):
    model = SupervisionExtension
    extra = 0


@admin.register(SupervisionCourse)
class SupervisionCourseAdmin(TenantAdmin):
    municipality_field = "family__municipality"
    list_display = ("family", "kind", "supervisor", "starts_on", "ends_on")
    list_filter = ("kind",)
    search_fields = ("family__name", "external_supervisor")
    readonly_fields = ("public_id",)
    raw_id_fields = ("family",)
    list_select_related = ("family", "supervisor")
    inlines = [ExtensionInline]


@admin.register(IntensiveSupportException)
class IntensiveSupportExceptionAdmin(TenantAdmin):
    municipality_field = "placement__family__municipality"
    list_display = ("placement", "recorded_on")
    raw_id_fields = ("placement",)


class SessionNoteVersionInline(ReadOnlyInline):
    """Who wrote a version of the notes and when; not the confidential text."""

    model = SessionNoteVersion
    fields = ("written_at", "written_by")


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(TenantAdmin):
    """The session's notes and agreements are confidential: for the family's
    consultant, the supervisor and managers (supervision.selectors), not the admin."""

    list_display = ("theme", "starts_at", "duration_minutes", "location", "supervisor")
    list_filter = ("location",)
    search_fields = ("theme", "families__name")
    readonly_fields = ("public_id", "created_at")
    raw_id_fields = ("families", "members", "course", "run")
    list_select_related = ("supervisor",)
    confidential_fields = ("notes", "agreements")
    inlines = [SessionNoteVersionInline]
