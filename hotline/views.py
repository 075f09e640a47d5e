import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.generic import RedirectView, TemplateView

from cases.selectors import child_list_in_family
from families.models import Family
from families.selectors import family_basic, family_choices, family_filter, family_list
from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.accounts.models import Role
from fostercare.accounts.selectors import staff_list
from fostercare.audit.mixins import AccessLoggedMixin, ShownRows
from fostercare.exports import Column
from fostercare.views import FilteredListView, ServiceFormView
from hotline import selectors, services
from hotline.forms import (
    AbsenceForm,
    CallFilterForm,
    CallForm,
    FamilySearchForm,
    FollowUpDoneForm,
    FollowUpFilterForm,
    OutOfHoursContactForm,
    ReassignForm,
)
from hotline.models import HotlineCall

SEARCH_LIMIT = 20


def _shown_calls(calls) -> list[ShownRows]:
    """The calls a page lists, and the families they name (for the families' own
    access log)."""
    calls = list(calls)
    families = {call.family_id for call in calls if call.family_id}
    return [ShownRows(HotlineCall, calls), ShownRows(Family, families)]


class RegisterSearchView(RoleRequiredMixin, AccessLoggedMixin, TemplateView):
    """Step 1 on the phone: find the family with one box (name, phone or address).
    The families found are written to the access log with the search."""

    permission = "hotline.register"
    template_name = "hotline/register_search.html"

    @cached_property
    def form(self):
        return FamilySearchForm(self.request.GET or None)

    @cached_property
    def results(self):
        if not (self.form.is_valid() and self.form.cleaned_data["q"].strip()):
            return None
        return list(
            family_filter(
                family_list(user=self.request.user).filter(is_active=True),
                q=self.form.cleaned_data["q"].strip(),
            )
            .only("public_id", "name", "street", "postal_code", "city", "phone")
            .order_by("name", "pk")[:SEARCH_LIMIT]
        )

    def accessed_records(self):
        return []

    def accessed_rows(self):
        if self.results is None:
            return []
        query = {"q": self.form.cleaned_data["q"].strip()}
        return [ShownRows(Family, self.results, "search", {"filters": query})]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, results=self.results, limit=SEARCH_LIMIT)
        return context


class CallRegisterView(ServiceFormView):
    """Step 2: the call form, for a family found or (no ``public_id``) an unknown one."""

    permission = "hotline.register"
    form_class = CallForm
    template_name = "hotline/register_call.html"
    title = gettext_lazy("Register call")
    success_message = None  # says when the follow-up is due (get_success_url)
    submit_label = gettext_lazy("Register call")
    scoped_objects = ("family",)

    @cached_property
    def family(self):
        if "public_id" not in self.kwargs:
            return None
        return family_basic(user=self.request.user, public_id=self.kwargs["public_id"])

    def get_form_kwargs(self):
        family = self.family
        return super().get_form_kwargs() | {
            "unknown_family": family is None,
            "user": self.request.user,
            "children": (
                selectors.call_child_choices(user=self.request.user, family=family)
                if family
                else None
            ),
        }

    def get_context_data(self, **kwargs):
        children = (
            child_list_in_family(user=self.request.user, family=self.family) if self.family else []
        )
        return super().get_context_data(family=self.family, placed_children=children, **kwargs)

    def perform(self, form):
        data = dict(form.cleaned_data)
        return services.hotline_call_register(actor=self.request.user, family=self.family, **data)

    def get_success_url(self):
        call = self.result
        follow_up = getattr(call, "follow_up", None)
        if follow_up is not None:
            due = timezone.localtime(follow_up.due_at)
            messages.success(
                self.request,
                _("The call is registered. Follow-up is due %(day)s at %(time)s.")
                % {"day": date_format(due, "l j. F"), "time": date_format(due, "H:i")},
            )
        else:
            messages.success(self.request, _("The call is registered."))
        return reverse("hotline:my_calls")

    def get_cancel_url(self):
        return reverse("hotline:register")


class MyCallsView(RoleRequiredMixin, AccessLoggedMixin, TemplateView):
    permission = "hotline.register"
    template_name = "hotline/my_calls.html"

    @cached_property
    def calls(self):
        return list(selectors.call_list_mine(user=self.request.user))

    def accessed_records(self):
        return []

    def accessed_rows(self):
        return _shown_calls(self.calls)

    def get_context_data(self, **kwargs):
        return super().get_context_data(calls=self.calls, days=selectors.RECENT_DAYS, **kwargs)


class InboxView(RoleRequiredMixin, AccessLoggedMixin, TemplateView):
    permission = "hotline.followup"
    template_name = "hotline/inbox.html"

    @cached_property
    def inbox(self):
        return selectors.follow_up_inbox(user=self.request.user)

    def accessed_records(self):
        return []

    def accessed_rows(self):
        inbox = self.inbox
        return _shown_calls(f.call for f in [*inbox.overdue, *inbox.due_today, *inbox.upcoming])

    def get_context_data(self, **kwargs):
        return super().get_context_data(inbox=self.inbox, **kwargs)


class CallDetailView(RoleRequiredMixin, AccessLoggedMixin, TemplateView):
    """A call and its follow-up; every view is written to the access log."""

    permission = "hotline.view"
    template_name = "hotline/call_detail.html"
    scoped_objects = ("call",)

    @cached_property
    def call(self):
        return selectors.call_detail(user=self.request.user, public_id=self.kwargs["public_id"])

    def accessed_records(self):
        return [self.call, self.call.family] if self.call.family else [self.call]

    def get_context_data(self, **kwargs):
        user = self.request.user
        follow_up = getattr(self.call, "follow_up", None)
        return super().get_context_data(
            call=self.call,
            follow_up=follow_up,
            can_complete=bool(
                follow_up
                and not follow_up.is_done
                and user.can("hotline.followup")
                and follow_up.owner_id == user.pk
            ),
            can_reassign=bool(follow_up and not follow_up.is_done and user.can("hotline.reassign")),
            **kwargs,
        )


class FollowUpFormMixin:
    scoped_objects = ("follow_up",)

    @cached_property
    def follow_up(self):
        return selectors.follow_up_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(call=self.follow_up.call, **kwargs)

    def get_success_url(self):
        return self.get_cancel_url()

    def get_cancel_url(self):
        return reverse("hotline:call_detail", kwargs={"public_id": self.kwargs["public_id"]})


class FollowUpDoneView(FollowUpFormMixin, ServiceFormView):
    permission = "hotline.followup"
    form_class = FollowUpDoneForm
    template_name = "hotline/follow_up_form.html"
    title = gettext_lazy("Mark follow-up done")
    submit_label = gettext_lazy("Mark done")

    def perform(self, form):
        return services.follow_up_complete(
            actor=self.request.user, follow_up=self.follow_up, **form.cleaned_data
        )


class FollowUpReassignView(FollowUpFormMixin, ServiceFormView):
    permission = "hotline.reassign"
    form_class = ReassignForm
    template_name = "hotline/follow_up_form.html"
    title = gettext_lazy("Reassign follow-up")
    submit_label = gettext_lazy("Reassign")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "consultants": staff_list(roles=Role.CONSULTANT, user=self.request.user)
        }

    def perform(self, form):
        return services.follow_up_reassign(
            actor=self.request.user, follow_up=self.follow_up, **form.cleaned_data
        )


class CallListView(FilteredListView):
    permission = "hotline.manage"
    template_name = "hotline/call_list.html"
    filter_form_class = CallFilterForm
    title = gettext_lazy("Hotline calls")
    columns = (
        (gettext_lazy("Time of call"), ""),
        (gettext_lazy("Family"), ""),
        (gettext_lazy("Answered by"), ""),
        (gettext_lazy("Topic"), ""),
        (gettext_lazy("Owner"), ""),
        (gettext_lazy("Follow-up"), ""),
    )
    count_text = ngettext_lazy("%(counter)s call", "%(counter)s calls", "counter")
    empty_text = gettext_lazy("No calls match the filters.")
    export_name = "akuttelefon-opkald"

    def get_export_columns(self):
        def follow_up(call, name):
            return getattr(getattr(call, "follow_up", None), name, None)

        return (
            Column(_("Time of call"), lambda c: c.called_at),
            Column(_("Family"), lambda c: c.family_label),
            Column(_("Answered by"), lambda c: c.get_answered_by_organisation_display()),
            Column(_("Topic"), lambda c: c.get_topic_display()),
            Column(_("Child's safety at risk"), lambda c: c.child_safety_at_risk),
            Column(_("Owner"), lambda c: getattr(follow_up(c, "owner"), "full_name", "")),
            Column(_("Due"), lambda c: follow_up(c, "due_at")),
            Column(_("Done"), lambda c: follow_up(c, "done_at")),
        )

    def get_filter_form_kwargs(self):
        return {"consultants": staff_list(roles=Role.CONSULTANT, user=self.request.user)}

    def get_rows(self, form):
        filters = {}
        if form.is_valid():
            # Hour 0 is a filter; an empty field or an unticked box is not.
            filters = {
                k: v
                for k, v in form.cleaned_data.items()
                if not (v is None or v is False or v == "")
            }
            if "q" in filters:
                filters["q"] = filters["q"].strip()
        return selectors.call_list(user=self.request.user, **filters)

    def get_context_data(self, **kwargs):
        user = self.request.user
        unassigned = selectors.follow_up_list_unassigned(user=user).count()
        undelivered = selectors.follow_up_list_delivery_problems(user=user).count()
        return super().get_context_data(
            unassigned_count=unassigned, delivery_problem_count=undelivered, **kwargs
        )


class FollowUpListView(FilteredListView):
    """Every follow-up of the municipality's calls: open, overdue, done in time or late
    (the lists behind the managers' hotline figures)."""

    permission = "hotline.manage"
    template_name = "hotline/follow_up_list.html"
    filter_form_class = FollowUpFilterForm
    title = gettext_lazy("Follow-ups on hotline calls")
    columns = (
        (gettext_lazy("Time of call"), ""),
        (gettext_lazy("Family"), ""),
        (gettext_lazy("Owner"), ""),
        (gettext_lazy("Due"), ""),
        (gettext_lazy("Done"), ""),
        (gettext_lazy("Outcome"), ""),
    )
    count_text = ngettext_lazy("%(counter)s follow-up", "%(counter)s follow-ups", "counter")
    empty_text = gettext_lazy("No follow-ups match the filters.")
    export_name = "opfoelgninger"

    def get_filter_form_kwargs(self):
        return {"consultants": staff_list(roles=Role.CONSULTANT, user=self.request.user)}

    def get_export_columns(self):
        return (
            Column(_("Time of call"), lambda f: f.call.called_at),
            Column(_("Family"), lambda f: f.call.family_label),
            Column(_("Topic"), lambda f: f.call.get_topic_display()),
            Column(_("Owner"), lambda f: f.owner.full_name if f.owner else ""),
            Column(_("Due"), lambda f: f.due_at),
            Column(_("End of the due working day"), lambda f: f.deadline),
            Column(_("Done"), lambda f: f.done_at),
            Column(_("Outcome"), lambda f: f.get_outcome_display()),
        )

    def get_rows(self, form):
        rows = selectors.follow_up_list(user=self.request.user).order_by("-due_at", "-pk")
        if not form.is_valid():
            return rows
        data = form.cleaned_data
        return selectors.follow_up_filter(
            rows,
            state=data["state"],
            owner=data["owner"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            on=data["on"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(now=timezone.now(), **kwargs)


class CallStatsView(RoleRequiredMixin, RedirectView):
    """The hotline figures are a page of the managers' dashboard; old links (with their
    period) land there."""

    permission = "hotline.manage"

    def get_redirect_url(self, *args, **kwargs):
        url = reverse("dashboard:theme", kwargs={"slug": "akuttelefon"})
        period = {k: v for k, v in self.request.GET.items() if k in ("date_from", "date_to") and v}
        if period:
            url += "?" + urlencode({"period": "custom", **period})
        return url


class UnassignedView(RoleRequiredMixin, AccessLoggedMixin, TemplateView):
    permission = "hotline.manage"
    template_name = "hotline/unassigned.html"

    @cached_property
    def follow_ups(self):
        return list(selectors.follow_up_list_unassigned(user=self.request.user))

    def accessed_records(self):
        return []

    def accessed_rows(self):
        return _shown_calls(f.call for f in self.follow_ups)

    def get_context_data(self, **kwargs):
        return super().get_context_data(follow_ups=self.follow_ups, **kwargs)


class DeliveryProblemsView(RoleRequiredMixin, TemplateView):
    """Reminders nobody could receive or the mail server refused, for managers and
    admins (who fix addresses, the fallback address, a missing manager). No family is
    named here: the link leads managers to the call."""

    permission = "hotline.deliveries"
    template_name = "hotline/deliveries.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            follow_ups=selectors.follow_up_list_delivery_problems(user=user)[:200],
            notifications=selectors.notification_list_unread(user=user),
            can_view_calls=user.can("hotline.view"),
            **kwargs,
        )


class AbsenceListView(RoleRequiredMixin, TemplateView):
    permission = "hotline.manage"
    template_name = "hotline/absences.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            absences=selectors.absence_list(user=self.request.user)[:100], **kwargs
        )


class AbsenceCreateView(ServiceFormView):
    permission = "hotline.manage"
    form_class = AbsenceForm
    title = gettext_lazy("Record absence")
    success_url = reverse_lazy("hotline:absences")
    cancel_url = reverse_lazy("hotline:absences")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "consultants": staff_list(roles=Role.CONSULTANT, user=self.request.user)
        }

    def perform(self, form):
        return services.consultant_absence_record(actor=self.request.user, **form.cleaned_data)


class OutOfHoursContactView(ServiceFormView):
    """A consultant logs a contact taken personally outside office hours; it joins the
    hotline's register (marked as the consultant's), so the figures show both."""

    permission = "hotline.out_of_hours"
    form_class = OutOfHoursContactForm
    title = gettext_lazy("Log a contact outside office hours")
    submit_label = gettext_lazy("Save contact")

    def get_form_kwargs(self):
        families = family_choices(user=self.request.user).filter(is_active=True)
        return super().get_form_kwargs() | {"families": families}

    def get_initial(self):
        initial = {}
        family_id = self.request.GET.get("familie", "")
        if family_id:
            families = family_choices(user=self.request.user)
            initial["family"] = families.filter(public_id__in=_uuids(family_id)).first()
        return initial

    def perform(self, form):
        return services.out_of_hours_contact_register(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("hotline:call_detail", kwargs={"public_id": self.result.public_id})

    def get_cancel_url(self):
        return reverse("dashboard:start")


def _uuids(value: str) -> list[uuid.UUID]:
    try:
        return [uuid.UUID(value)]
    except ValueError:
        return []
