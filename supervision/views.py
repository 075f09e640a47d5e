from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.generic import DetailView, RedirectView, TemplateView, View

from families.forms import family_picker_label, member_picker_label
from families.models import Family, FamilyMember
from families.selectors import family_get, family_picker_search, member_picker_search
from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.accounts.models import Role
from fostercare.accounts.selectors import staff_list
from fostercare.audit.mixins import AccessLoggedMixin, ShownRows
from fostercare.exports import Column
from fostercare.pickers import PickerSearchView, picker_pks
from fostercare.views import FilteredListView, ServiceFormView
from supervision import services
from supervision.forms import (
    CourseKindForm,
    CourseRunFilterForm,
    CourseRunForm,
    EnrolmentForm,
    ExceptionForm,
    ExtensionForm,
    SessionFilterForm,
    SessionForm,
    SessionNotesForm,
    SupervisionCourseForm,
)
from supervision.selectors import (
    course_kind_list,
    course_run_filter,
    course_run_get,
    course_run_list,
    member_choices_for_enrolment,
    placement_list_network_without_exception,
    session_deadline_warnings,
    session_family_choices,
    session_filter,
    session_get,
    session_list,
    session_list_supervised,
    session_member_choices,
    session_note_versions,
    session_notes_readable,
    supervision_course_list_for_family,
    supervision_year_plan,
    supervisor_list,
)


def _valid_uuid(value: str):
    import uuid

    try:
        return uuid.UUID(value)
    except (TypeError, ValueError):
        return None


# --- pickers (JSON) ---------------------------------------------------------------------
class SessionFamilyPickerView(PickerSearchView):
    """The families a user may log a session for."""

    permission = "supervision.log"
    model = Family

    def options(self):
        return session_family_choices(user=self.request.user)

    def search(self, queryset, word):
        return family_picker_search(queryset, word)

    def label(self, obj):
        return family_picker_label(obj)


class SessionMemberPickerView(PickerSearchView):
    """The members of the families chosen in the session form (``?familie=<id>``)."""

    permission = "supervision.log"
    model = FamilyMember

    def options(self):
        families = session_family_choices(user=self.request.user).filter(
            pk__in=picker_pks(self.request.GET.getlist("familie"))
        )
        return session_member_choices(families=families)

    def search(self, queryset, word):
        return member_picker_search(queryset, word)

    def label(self, obj):
        return member_picker_label(obj)


class EnrolMemberPickerView(PickerSearchView):
    """The family members who may be enrolled on a course."""

    permission = "supervision.courses"
    model = FamilyMember

    def options(self):
        return member_choices_for_enrolment(user=self.request.user)

    def search(self, queryset, word):
        return member_picker_search(queryset, word)

    def label(self, obj):
        return member_picker_label(obj)


# --- sessions --------------------------------------------------------------------------
class SessionLogView(ServiceFormView):
    """Log a session in under a minute: the family comes preselected from its page
    (``?familie=<id>``); a group session names several families in the same form."""

    permission = "supervision.log"
    form_class = SessionForm
    title = _("Log supervision session")
    submit_label = _("Save session")

    def get_form_kwargs(self):
        user = self.request.user
        supervisors = supervisor_list(user=user)
        return super().get_form_kwargs() | {
            "families": session_family_choices(user=user),
            # A supervisor logs their own sessions; a consultant chooses who supervised.
            "supervisors": supervisors.filter(pk=user.pk)
            if user.can("supervision.supervise")
            else supervisors,
        }

    def get_initial(self):
        initial = {}
        family_id = _valid_uuid(self.request.GET.get("familie", ""))
        if family_id:
            initial["families"] = list(
                session_family_choices(user=self.request.user).filter(public_id=family_id)
            )
            initial["members"] = [
                member
                for family in initial["families"]
                for member in family.members.all()
                if member.kind == member.Kind.FOSTER_PARENT
            ]
        if self.request.user.can("supervision.supervise"):
            initial["supervisor"] = self.request.user
        return initial

    def perform(self, form):
        data = dict(form.cleaned_data)
        families = list(data.pop("families"))
        # Judged before the session is saved: it would otherwise count as the supervision.
        late = session_deadline_warnings(families=families, starts_at=data["starts_at"])
        session = services.session_log(
            actor=self.request.user,
            supervisor=data.pop("supervisor"),
            families=families,
            members=list(data.pop("members")),
            **data,
        )
        for family, obligation in late:
            messages.warning(
                self.request,
                _(
                    "The session is saved, but it falls after %(family)s's deadline: "
                    "%(obligation)s by %(due)s."
                )
                % {
                    "family": family.name,
                    "obligation": obligation.label,
                    "due": date_format(obligation.due_on, "j. M Y"),
                },
            )
        return session

    def get_success_url(self):
        return reverse("supervision:session_detail", kwargs={"public_id": self.result.public_id})

    def get_cancel_url(self):
        families = self.get_initial().get("families")
        if families:
            return reverse("families:detail", kwargs={"public_id": families[0].public_id})
        return reverse("dashboard:start")


class SessionDetailView(RoleRequiredMixin, AccessLoggedMixin, DetailView):
    """A session: caseworkers see that it happened; the notes only the family's
    consultant, the supervisor and managers. Every view is written to the access log."""

    permission = "supervision.view"
    template_name = "supervision/session_detail.html"
    context_object_name = "session"

    def get_object(self, queryset=None):
        return session_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def accessed_records(self):
        return [self.object, *self.object.families.all()]

    def get_context_data(self, **kwargs):
        user = self.request.user
        readable = session_notes_readable(user=user, session=self.object)
        return super().get_context_data(
            show_notes=readable,
            note_versions=session_note_versions(session=self.object) if readable else [],
            can_edit=readable and user.can("supervision.log"),
            **kwargs,
        )


class SessionNotesView(ServiceFormView):
    """The supervisor (or the family's consultant) writes the notes and agreements."""

    permission = "supervision.log"
    form_class = SessionNotesForm
    title = _("Notes and agreements")
    scoped_objects = ("session",)

    @cached_property
    def session(self):
        session = session_get(user=self.request.user, public_id=self.kwargs["public_id"])
        if not session_notes_readable(user=self.request.user, session=session):
            raise Http404
        return session

    def get_initial(self):
        s = self.session
        return {"theme": s.theme, "notes": s.notes, "agreements": s.agreements}

    def perform(self, form):
        return services.session_update(
            actor=self.request.user, session=self.session, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("supervision:session_detail", kwargs={"public_id": self.session.public_id})

    get_cancel_url = get_success_url


class SupervisorHomeView(RoleRequiredMixin, AccessLoggedMixin, TemplateView):
    """The supervisor's sessions; the families they name are written to the access log."""

    permission = "supervision.supervise"
    template_name = "supervision/supervisor_home.html"

    @cached_property
    def sessions(self):
        user = self.request.user
        return (
            list(session_list_supervised(user=user, upcoming=True)),
            list(session_list_supervised(user=user, upcoming=False)[:20]),
        )

    def accessed_records(self):
        return []

    def accessed_rows(self):
        upcoming, recent = self.sessions
        families = {f.pk for session in [*upcoming, *recent] for f in session.families.all()}
        return [ShownRows(Family, families)]

    def get_context_data(self, **kwargs):
        upcoming, recent = self.sessions
        return super().get_context_data(upcoming=upcoming, recent=recent, **kwargs)


# --- supervision courses (supervisionsforløb) -------------------------------------------
class FamilyMixin:
    """Pages about one family: it comes from the selector (404 outside the
    municipality) before anything else happens."""

    permission = "supervision.courses"
    scoped_objects = ("family",)

    @cached_property
    def family(self):
        return family_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def get_success_url(self) -> str:
        return reverse("families:detail", kwargs={"public_id": self.family.public_id})

    get_cancel_url = get_success_url


class SupervisionCourseCreateView(FamilyMixin, ServiceFormView):
    form_class = SupervisionCourseForm
    title = _("New supervision course")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"supervisors": supervisor_list(user=self.request.user)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"{self.title}: {self.family.name}"
        return context

    def perform(self, form):
        return services.supervision_course_create(
            actor=self.request.user, family=self.family, **form.cleaned_data
        )


class SupervisionCourseExtendView(FamilyMixin, ServiceFormView):
    form_class = ExtensionForm
    title = _("Extend supervision course")
    scoped_objects = ("family", "course")

    @cached_property
    def course(self):
        return get_object_or_404(
            supervision_course_list_for_family(user=self.request.user, family=self.family),
            public_id=self.kwargs["course_id"],
        )

    def perform(self, form):
        return services.supervision_course_extend(
            actor=self.request.user, course=self.course, **form.cleaned_data
        )


class ExceptionCreateView(FamilyMixin, ServiceFormView):
    """Record that a network placement's intensive support cannot start within 6
    months; the start-up course is then due within 12 months (supervision.rules)."""

    permission = "supervision.exception"
    form_class = ExceptionForm
    title = _("Exception from intensive support")

    def get_form_kwargs(self):
        placements = placement_list_network_without_exception(
            user=self.request.user, family=self.family
        )
        return super().get_form_kwargs() | {"placements": placements}

    def get_initial(self):
        return {"recorded_on": timezone.localdate()}

    def perform(self, form):
        return services.intensive_support_exception_record(
            actor=self.request.user, **form.cleaned_data
        )


# --- course administration ---------------------------------------------------------------
class CourseListView(FilteredListView):
    """The course runs (filtered, with downloads) and the course catalogue."""

    permission = "supervision.courses"
    template_name = "supervision/courses.html"
    filter_form_class = CourseRunFilterForm
    title = _("Courses")
    columns = (
        (_("Course"), ""),
        (_("Dates"), ""),
        (_("Place"), ""),
        (_("Enrolled"), "text-end"),
    )
    count_text = ngettext_lazy("%(counter)s course run", "%(counter)s course runs", "counter")
    empty_text = _("No course runs yet.")
    export_name = "kurser"

    def get_export_columns(self):
        return (
            Column(_("Course"), lambda r: r.course_kind.name),
            Column(_("Kind"), lambda r: r.course_kind.get_category_display()),
            Column(_("First day"), lambda r: r.starts_on),
            Column(_("Last day"), lambda r: r.ends_on),
            Column(_("Place"), lambda r: r.get_place_display()),
            Column(_("Capacity"), lambda r: r.capacity),
            Column(_("Enrolled"), lambda r: r.enrolled),
            Column(_("Attended"), lambda r: r.attended),
        )

    def get_rows(self, form):
        rows = course_run_list(user=self.request.user).order_by("-starts_on", "-pk")
        if not form.is_valid():
            return rows
        return course_run_filter(rows, **form.cleaned_data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(kinds=course_kind_list(user=self.request.user), **kwargs)


class CourseKindCreateView(ServiceFormView):
    permission = "supervision.courses"
    form_class = CourseKindForm
    title = _("New course in the catalogue")

    def perform(self, form):
        return services.course_kind_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("supervision:courses")

    get_cancel_url = get_success_url


class CourseRunCreateView(ServiceFormView):
    permission = "supervision.courses"
    form_class = CourseRunForm
    title = _("New course run")

    def get_form_kwargs(self):
        kinds = course_kind_list(user=self.request.user).filter(is_active=True)
        return super().get_form_kwargs() | {"course_kinds": kinds}

    def perform(self, form):
        data = dict(form.cleaned_data)
        return services.course_run_create(
            actor=self.request.user, course_kind=data.pop("course_kind"), **data
        )

    def get_success_url(self):
        return reverse("supervision:run_detail", kwargs={"public_id": self.result.public_id})

    def get_cancel_url(self):
        return reverse("supervision:courses")


class RunMixin:
    permission = "supervision.courses"
    scoped_objects = ("run",)

    @cached_property
    def run(self):
        return course_run_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def run_url(self) -> str:
        return reverse("supervision:run_detail", kwargs={"public_id": self.run.public_id})


class CourseRunDetailView(RunMixin, RoleRequiredMixin, AccessLoggedMixin, TemplateView):
    """A course run and who is enrolled; the families of the enrolled foster parents
    are written to the access log."""

    template_name = "supervision/run_detail.html"

    @cached_property
    def enrolments(self):
        return list(self.run.enrolments.all())

    def accessed_records(self):
        return []

    def accessed_rows(self):
        return [ShownRows(Family, {e.member.family_id for e in self.enrolments})]

    def get_template_names(self):
        if self.request.GET.get("print"):
            return ["supervision/run_print.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(run=self.run, enrolments=self.enrolments, **kwargs)


class EnrolView(RunMixin, ServiceFormView):
    form_class = EnrolmentForm
    title = _("Enrol on course")
    submit_label = _("Enrol")

    def get_form_kwargs(self):
        family_id = _valid_uuid(self.request.GET.get("familie", ""))
        members = member_choices_for_enrolment(user=self.request.user, family_public_id=family_id)
        return super().get_form_kwargs() | {"members": members}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"{self.title}: {self.run}"
        return context

    def perform(self, form):
        return services.enrolment_create(actor=self.request.user, run=self.run, **form.cleaned_data)

    def get_success_url(self):
        return self.run_url()

    get_cancel_url = get_success_url


class AttendanceView(RunMixin, RoleRequiredMixin, View):
    """Tick who attended on the run's attendance list."""

    def post(self, request, *args, **kwargs):
        attended = {
            enrolment.pk: f"attended-{enrolment.pk}" in request.POST
            for enrolment in self.run.enrolments.all()
            if enrolment.status == enrolment.Status.ENROLLED
        }
        try:
            services.attendance_record(actor=request.user, run=self.run, attended=attended)
        except ValidationError:
            raise Http404 from None
        messages.success(request, _("Saved: attendance – %(run)s") % {"run": self.run})
        return redirect(self.run_url())


# --- the yearly plan (årshjul) -----------------------------------------------------------
class YearPlanView(RoleRequiredMixin, TemplateView):
    permission = "supervision.yearplan"
    template_name = "supervision/year_plan.html"

    def get_context_data(self, **kwargs):
        this_year = timezone.localdate().year
        try:
            year = int(self.request.GET.get("aar", this_year))
        except ValueError:
            year = this_year
        year = min(max(year, this_year - 5), this_year + 5)
        entries = supervision_year_plan(user=self.request.user, year=year)
        months = [
            (date(year, month, 1), [e for e in entries if e.day.month == month])
            for month in range(1, 13)
        ]
        return super().get_context_data(
            year=year, previous=year - 1, next=year + 1, months=months, **kwargs
        )


# --- the manager's coverage ----------------------------------------------------------
class CoverageView(RoleRequiredMixin, RedirectView):
    """Supervision coverage moved to the managers' dashboard; old links land there."""

    permission = "supervision.coverage"
    url = reverse_lazy("dashboard:theme", kwargs={"slug": "supervision"})


class SessionListView(FilteredListView):
    """Every supervision session of the municipality: when, who supervised which
    families, where (never the notes: those are read on the session's page, by those
    who may)."""

    permission = "supervision.sessions"
    template_name = "supervision/session_list.html"
    filter_form_class = SessionFilterForm
    title = _("Supervision sessions")
    columns = (
        (_("Date and time"), ""),
        (_("Theme"), ""),
        (_("Families"), ""),
        (_("Supervisor"), ""),
        (_("Location"), ""),
        (_("Minutes"), "text-end"),
    )
    count_text = ngettext_lazy("%(counter)s session", "%(counter)s sessions", "counter")
    empty_text = _("No sessions match the filters.")
    export_name = "supervisionssessioner"

    def get_filter_form_kwargs(self):
        user = self.request.user
        return {
            "supervisors": supervisor_list(user=user),
            "consultants": staff_list(roles=Role.CONSULTANT, user=user),
        }

    def get_export_columns(self):
        return (
            Column(_("Date and time"), lambda s: s.starts_at),
            Column(_("Minutes"), lambda s: s.duration_minutes),
            Column(_("Theme"), lambda s: s.theme),
            Column(_("Families"), lambda s: ", ".join(f.name for f in s.families.all())),
            Column(_("Supervisor"), lambda s: s.supervisor.full_name),
            Column(_("Location"), lambda s: s.get_location_display()),
        )

    def get_rows(self, form):
        rows = session_list(user=self.request.user).order_by("-starts_at", "-pk")
        if not form.is_valid():
            return rows
        return session_filter(rows, **form.cleaned_data)
