from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.generic import DetailView, RedirectView, View

from families import services
from families.forms import (
    ApprovalForm,
    AssessmentForm,
    ConditionFormSet,
    ConsultantChangeForm,
    CriterionFormSet,
    DecisionForm,
    FamilyCreateForm,
    FamilyFilterForm,
    FamilyForm,
    MemberForm,
    family_picker_label,
)
from families.list_filters import family_list_filters, family_list_filters_apply
from families.models import ApprovalType, AssessmentCriterionKind, Family, FamilyMember
from families.rules import CROSS_MUNICIPALITY_CITATION
from families.sections import (
    BASIC,
    SECTION_PARAM,
    SHARED,
    family_page_render,
    family_section_current,
    family_sections_render,
)
from families.selectors import (
    consultant_assignment_current,
    family_basic,
    family_choices,
    family_detail,
    family_districts,
    family_filter,
    family_get,
    family_is_shared,
    family_list,
    family_picker_search,
    family_shared_get,
    placeable_family_choices,
)
from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.accounts.models import Role
from fostercare.accounts.selectors import staff_list
from fostercare.audit.mixins import AccessLoggedMixin
from fostercare.audit.views import RecordAccessLogView
from fostercare.exports import Column
from fostercare.pickers import PickerSearchView
from fostercare.views import FilteredListView, ServiceFormView


def _approval_text(family) -> str:
    """The family's current approvals in words (the list shows them as badges)."""
    types = [ApprovalType(family.general_type).label] if family.general_type else []
    if family.has_network:
        types.append(ApprovalType.NETWORK.label)
    return ", ".join(str(t) for t in types)


class FamilyListView(FilteredListView):
    """The family register; an on-call responder searches it (name, address or phone)
    and sees no approvals."""

    permission = "families.list"
    template_name = "families/list.html"
    filter_form_class = FamilyFilterForm
    filter_widths = {
        "q": "col-md-4",
        "free_places": "col-md-2",
        "district": "col-md-2",
        "occupancy": "col-md-2",
        "supervision": "col-md-2",
    }
    title = _("Foster families")
    count_text = ngettext_lazy("%(counter)s family", "%(counter)s families", "counter")
    empty_text = _("No families match the search.")
    export_name = "plejefamilier"

    def get_export_columns(self):
        columns = [
            Column(_("Family"), lambda f: f.name),
            Column(_("Address"), lambda f: f.street),
            Column(_("Postal code"), lambda f: f.postal_code),
            Column(_("City"), lambda f: f.city),
            Column(_("Phone"), lambda f: f.phone),
            Column(_("Fixed consultant"), lambda f: f.consultant_name),
        ]
        if self.full:
            columns += [
                Column(_("Approval"), _approval_text),
                Column(_("Free places"), lambda f: f.places_full_time),
                Column(_("Free respite places"), lambda f: f.places_respite),
                Column(_("Approved until"), lambda f: f.next_expiry),
                Column(_("District"), lambda f: f.district),
            ]
        return columns

    @cached_property
    def full(self) -> bool:
        return self.request.user.can("families.view")

    def get_filter_form_kwargs(self):
        user = self.request.user
        return {
            "full": self.full,
            "consultants": staff_list(roles=Role.CONSULTANT, user=user),
            "districts": family_districts(user=user),
        }

    def get_rows(self, form):
        if not form.is_valid():
            return family_list(user=self.request.user).order_by("name", "pk")
        data = dict(form.cleaned_data)
        on = data.pop("on", None)
        since, until = data.pop("date_from", None), data.pop("date_to", None)
        hooks = {f.name: data.pop(f.name, "") for f in family_list_filters()}
        rows = family_list(user=self.request.user, today=on).order_by("name", "pk")
        data["q"] = data["q"].strip()
        if "consultant" in data:
            consultant = data.pop("consultant")
            data["consultant_id"] = consultant.pk if consultant else None
        rows = family_filter(rows, today=on, **data)
        return family_list_filters_apply(
            rows, hooks, on=on or timezone.localdate(), since=since, until=until
        )

    def get_columns(self):
        columns = [
            (_("Family"), ""),
            (_("Address"), ""),
            (_("Phone"), ""),
            (_("Fixed consultant"), ""),
        ]
        if self.full:
            columns += [
                (_("Approval"), ""),
                (_("Free places"), "text-end"),
                (_("Approved until"), ""),
            ]
        return columns

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            full=self.full, can_create=self.request.user.can("families.edit"), **kwargs
        )


class FamilyDetailView(RoleRequiredMixin, AccessLoggedMixin, DetailView):
    """The family page; an on-call responder gets the short version (name, address,
    phone, fixed consultant). The full page is a summary (the family's record,
    approvals, assessments, household, consultant) with a nav of links to the apps'
    sections, each its own sub-page (``?del=<section>``, ``families/sections.py``),
    so that the page's queries do not add up over the apps. Every view is written to
    the access log."""

    permission = "families.list"
    context_object_name = "family"

    @cached_property
    def full(self) -> bool:
        return self.request.user.can("families.view")

    @cached_property
    def section(self) -> str | None:
        return family_section_current(request=self.request) if self.full else None

    def get_object(self, queryset=None):
        if not self.full:
            selector = family_basic
        elif self.section is None:
            selector = family_detail
        else:
            selector = family_get  # a sub-page shows only the family's header of its own
        return selector(user=self.request.user, public_id=self.kwargs["public_id"])

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # Another municipality's family where a child of ours lives: its basic page.
            if self.full and family_is_shared(user=request.user, public_id=kwargs["public_id"]):
                return redirect("families:shared", public_id=kwargs["public_id"])
            raise

    def get_template_names(self):
        return ["families/detail.html" if self.full else "families/detail_basic.html"]

    def accessed_path(self) -> str:
        # Which sub-page: the hotline's calls, the economics' fees, … (a bad one is a 404).
        path = self.request.path
        return path if self.section is None else f"{path}?{SECTION_PARAM}={self.section}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        family = self.object
        if not self.full:
            context["sections"] = family_sections_render(
                request=self.request, family=family, page=BASIC
            )
            return context
        page = family_page_render(request=self.request, family=family, summary_label=_("Summary"))
        context.update(
            sections=page.sections,
            section_actions=page.actions,
            section_links=page.links,
            current_section=page.current,
            can_edit=self.request.user.can("families.edit"),
            can_see_access_log=self.request.user.can("families.access_log"),
        )
        if page.current is None:
            approvals = list(family.approvals.all())
            context.update(
                consultant=consultant_assignment_current(family),
                current_approvals=[a for a in approvals if a.is_current],
                past_approvals=[a for a in approvals if not a.is_current],
            )
        return context


class FamilySharedView(RoleRequiredMixin, AccessLoggedMixin, DetailView):
    """A family of another municipality, as the municipality that has placed a child
    there sees it: the basic record (name, address, contact, approvals, free places,
    the fixed consultant to call) and its own records of the family (its children
    there, their fees). Written to the access log."""

    permission = "families.view"
    context_object_name = "family"
    template_name = "families/detail_shared.html"

    def get_object(self, queryset=None):
        return family_shared_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def get_context_data(self, **kwargs):
        sections = family_sections_render(request=self.request, family=self.object, page=SHARED)
        return super().get_context_data(
            citation=CROSS_MUNICIPALITY_CITATION,
            sections=sections,
            section_actions=[s.actions for s in sections if s.actions.strip()],
            **kwargs,
        )


class FamilyAccessLogView(RecordAccessLogView):
    permission = "families.access_log"

    @cached_property
    def record(self):
        return family_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def record_url(self) -> str:
        return reverse("families:detail", kwargs={"public_id": self.record.public_id})


class FamilyFormMixin:
    """Form views about one family: the family comes from the selector (404 outside
    the municipality) before anything else happens."""

    permission = "families.edit"
    scoped_objects = ("family",)

    @cached_property
    def family(self):
        return family_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(family=self.family, **kwargs)

    def get_success_url(self) -> str:
        return self.family_url()

    def get_cancel_url(self) -> str:
        return self.family_url()

    def family_url(self) -> str:
        return reverse("families:detail", kwargs={"public_id": self.family.public_id})


class ConsultantsFormKwargsMixin:
    """Forms that offer the municipality's consultants."""

    def get_form_kwargs(self):
        consultants = staff_list(roles=Role.CONSULTANT, user=self.request.user)
        return super().get_form_kwargs() | {"consultants": consultants}


class FamilyCreateView(ConsultantsFormKwargsMixin, ServiceFormView):
    permission = "families.edit"
    form_class = FamilyCreateForm
    title = _("New foster family")

    def perform(self, form):
        data = form.cleaned_data
        fields = {k: data[k] for k in FamilyForm.Meta.fields}
        return services.family_create(
            actor=self.request.user,
            consultant=data["consultant"],
            consultant_from=data["consultant_from"],
            **fields,
        )

    def get_success_url(self):
        return reverse("families:detail", kwargs={"public_id": self.result.public_id})

    def get_cancel_url(self):
        return reverse("families:list")


class FamilyUpdateView(FamilyFormMixin, ServiceFormView):
    form_class = FamilyForm
    title = _("Edit family")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.family}

    def perform(self, form):
        fields = {k: form.cleaned_data[k] for k in FamilyForm.Meta.fields}
        return services.family_update(actor=self.request.user, family=self.family, **fields)


class ConsultantChangeView(FamilyFormMixin, ConsultantsFormKwargsMixin, ServiceFormView):
    form_class = ConsultantChangeForm
    title = _("Change fixed consultant")

    def perform(self, form):
        return services.family_consultant_change(
            actor=self.request.user, family=self.family, **form.cleaned_data
        )


class MemberFormView(FamilyFormMixin, ServiceFormView):
    form_class = MemberForm
    scoped_objects = ("family", "member")

    @cached_property
    def member(self) -> FamilyMember | None:
        if "member_id" not in self.kwargs:
            return None
        return get_object_or_404(self.family.members, pk=self.kwargs["member_id"])

    @property
    def title(self):
        return _("Edit family member") if self.member else _("Add family member")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.member}

    def perform(self, form):
        fields = {k: form.cleaned_data[k] for k in MemberForm.Meta.fields}
        if self.member:
            return services.family_member_update(
                actor=self.request.user, member=self.member, **fields
            )
        return services.family_member_add(actor=self.request.user, family=self.family, **fields)


class MemberDeleteView(FamilyFormMixin, RoleRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        member = get_object_or_404(self.family.members, pk=kwargs["member_id"])
        services.family_member_remove(actor=request.user, member=member)
        removed = {"member": member, "family": self.family}
        messages.success(request, _("Removed: %(member)s – %(family)s") % removed)
        return redirect(self.family_url())


class ApprovalFormView(FamilyFormMixin, ServiceFormView):
    form_class = ApprovalForm
    error_field_map = {"child": "child_cpr"}
    scoped_objects = ("family", "approval")

    @cached_property
    def approval(self):
        if "approval_id" not in self.kwargs:
            return None
        return get_object_or_404(self.family.approvals, public_id=self.kwargs["approval_id"])

    @property
    def title(self):
        return _("Edit approval") if self.approval else _("New approval")

    def accessed_records(self):
        child = self.approval.child if self.approval and self.approval.child_id else None
        return [*super().accessed_records(), *([child] if child else [])]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs() | {"user": self.request.user}
        if self.approval:
            kwargs["instance"] = self.approval
        return kwargs

    def perform(self, form):
        fields = {k: form.cleaned_data[k] for k in ApprovalForm.Meta.fields}
        fields["child"] = form.cleaned_data["child_cpr"]
        if self.approval:
            return services.approval_update(
                actor=self.request.user, approval=self.approval, **fields
            )
        return services.approval_create(actor=self.request.user, family=self.family, **fields)


class AssessmentFormView(FamilyFormMixin, ServiceFormView):
    """The whole suitability assessment in one sitting: relation, criteria, assessors,
    conditions and the expectation-alignment meeting."""

    form_class = AssessmentForm
    error_field_map = {"child": "child_cpr"}
    template_name = "families/assessment_form.html"
    scoped_objects = ("family", "assessment")

    @cached_property
    def assessment(self):
        if "assessment_id" not in self.kwargs:
            return None
        return get_object_or_404(
            self.family.assessments.select_related("child"),
            public_id=self.kwargs["assessment_id"],
        )

    @property
    def title(self):
        return _("Network-family assessment")

    def accessed_records(self):
        child = [self.assessment.child] if self.assessment else []
        return [*super().accessed_records(), *child]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs() | {
            "user": self.request.user,
            "assessors": staff_list(roles=Role.CONSULTANT, user=self.request.user),
        }
        if self.assessment:
            kwargs["instance"] = self.assessment
        return kwargs

    @cached_property
    def criteria_formset(self):
        saved = {}
        if self.assessment:
            saved = {c.criterion: c for c in self.assessment.criteria.all()}
        initial = [
            {
                "criterion": kind,
                "rating": getattr(saved.get(kind), "rating", None),
                "note": getattr(saved.get(kind), "note", ""),
            }
            for kind in AssessmentCriterionKind.values
        ]
        data = self.request.POST if self.request.method == "POST" else None
        return CriterionFormSet(data, initial=initial, prefix="criteria")

    @cached_property
    def conditions_formset(self):
        initial = []
        if self.assessment:
            initial = [
                {"description": c.description, "start_by": c.start_by, "started_on": c.started_on}
                for c in self.assessment.conditions.all()
            ]
        data = self.request.POST if self.request.method == "POST" else None
        return ConditionFormSet(data, initial=initial, prefix="conditions")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            criteria=self.criteria_formset, conditions=self.conditions_formset, **kwargs
        )

    def form_valid(self, form):
        if not (self.criteria_formset.is_valid() and self.conditions_formset.is_valid()):
            return self.form_invalid(form)
        return super().form_valid(form)

    def perform(self, form):
        data = form.cleaned_data
        criteria = [
            services.CriterionInput(f["criterion"], f["rating"], f["note"])
            for f in self.criteria_formset.cleaned_data
            if f.get("criterion")  # a row the browser sent back empty
        ]
        conditions = [
            services.ConditionInput(f["description"], f["start_by"], f.get("started_on"))
            for f in self.conditions_formset.cleaned_data
            if f.get("description")
        ]
        fields = {k: data[k] for k in AssessmentForm.Meta.fields}
        if self.assessment:
            return services.network_assessment_update(
                actor=self.request.user,
                assessment=self.assessment,
                assessors=list(data["assessors"]),
                criteria=criteria,
                conditions=conditions,
                **fields,
            )
        return services.network_assessment_start(
            actor=self.request.user,
            family=self.family,
            child=data["child_cpr"],
            assessors=list(data["assessors"]),
            criteria=criteria,
            conditions=conditions,
            **fields,
        )


class AssessmentDecideView(FamilyFormMixin, ServiceFormView):
    permission = "families.edit"
    form_class = DecisionForm
    title = _("Decide the assessment")
    submit_label = _("Record decision")
    scoped_objects = ("family", "assessment")

    @cached_property
    def assessment(self):
        return get_object_or_404(
            self.family.assessments.select_related("child"),
            public_id=self.kwargs["assessment_id"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(assessment=self.assessment, **kwargs)

    def perform(self, form):
        return services.network_assessment_decide(
            actor=self.request.user, assessment=self.assessment, **form.cleaned_data
        )


class FamilyStatsView(RoleRequiredMixin, RedirectView):
    """The family figures moved to the managers' dashboard; old links land there."""

    permission = "families.stats"
    url = reverse_lazy("dashboard:theme", kwargs={"slug": "plejefamilier"})


class FamilyPickerView(PickerSearchView):
    """The municipality's active foster families, for every form that chooses one or
    several (placements, changes, network groups, mentors, out-of-hours contacts): JSON."""

    permission = "families.list"
    model = Family

    def options(self):
        return family_choices(user=self.request.user)

    def search(self, queryset, word):
        return family_picker_search(queryset, word)

    def label(self, obj):
        return family_picker_label(obj)


class PlaceableFamilyPickerView(FamilyPickerView):
    """The families a child may be placed with: the municipality's own, and the
    generally approved families of other municipalities, whose labels name their
    municipality (``placeable_family_choices``)."""

    permission = "cases.edit"

    def options(self):
        return placeable_family_choices(user=self.request.user)
