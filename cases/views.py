from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.generic import DetailView, TemplateView

from cases import services
from cases.forms import (
    ActionPlanForm,
    CaseworkerChangeForm,
    ChildCreateForm,
    ChildFilterForm,
    ChildForm,
    MoveForm,
    PlacementChangeForm,
    PlacementEndForm,
    PlacementForm,
    StepsForm,
    VisitForm,
)
from cases.rules import REVIEW_SKIPPED_SHARE, VISITS_PER_YEAR
from cases.selectors import (
    case_worklist,
    child_detail,
    child_filter,
    child_get,
    child_list,
    child_shows_full_cpr,
    placement_active_get,
    placement_change_get,
)
from families.models import PlacementKind
from families.selectors import family_choices
from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.accounts.models import Role
from fostercare.accounts.selectors import staff_list
from fostercare.audit.mixins import AccessLoggedMixin
from fostercare.cpr import normalise_cpr
from fostercare.exports import Column
from fostercare.views import FilteredListView, ServiceFormView


class WorklistView(RoleRequiredMixin, TemplateView):
    """ "My cases": the caseworker's due work, most urgent first."""

    permission = "cases.worklist"
    template_name = "cases/worklist.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            items=case_worklist(user=self.request.user), today=timezone.localdate(), **kwargs
        )


class ChildListView(FilteredListView):
    permission = "cases.list"
    template_name = "cases/list.html"
    filter_form_class = ChildFilterForm
    title = _("Children")
    columns = (
        (_("Child"), ""),
        (_("CPR number"), ""),
        (_("Foster family"), ""),
        (_("Caseworker"), ""),
    )
    count_text = ngettext_lazy("%(counter)s child", "%(counter)s children", "counter")
    empty_text = _("No children match the search.")
    export_name = "boern"

    def get_export_columns(self):
        # No CPR column: the list shows CPR numbers masked to everyone.
        return (
            Column(_("First name"), lambda c: c.first_name),
            Column(_("Last name"), lambda c: c.last_name),
            Column(_("Date of birth"), lambda c: c.birth_date),
            Column(_("Foster family"), lambda c: c.family_name),
            Column(
                _("Kind"),
                lambda c: PlacementKind(c.placement_kind).label if c.placement_kind else "",
            ),
            Column(_("Caseworker"), lambda c: c.caseworker_name),
        )

    def get_rows(self, form):
        user = self.request.user
        rows = child_list(user=user).order_by("first_name", "last_name", "pk")
        if not form.is_valid():
            return rows
        data = form.cleaned_data
        cpr = None
        if data["cpr"].strip():
            try:
                cpr = normalise_cpr(data["cpr"])
            except ValidationError as error:
                form.add_error("cpr", error)
                return rows.none()
        return child_filter(
            rows,
            cpr=cpr,
            name=data["name"].strip(),
            placed=data["placed"],
            caseworker_id=user.pk if data["mine"] else None,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_create=self.request.user.can("cases.edit"), **kwargs)


class ChildDetailView(RoleRequiredMixin, AccessLoggedMixin, DetailView):
    """The child's whole story; every view is written to the access log."""

    permission = "cases.view"
    template_name = "cases/detail.html"
    context_object_name = "child"

    def get_object(self, queryset=None):
        return child_detail(user=self.request.user, public_id=self.kwargs["public_id"])

    def get_context_data(self, **kwargs):
        child = self.object
        user = self.request.user
        return super().get_context_data(
            show_cpr=child_shows_full_cpr(user=user, child=child),
            can_edit=user.can("cases.edit"),
            today=timezone.localdate(),
            age=child.age_on(timezone.localdate()),
            visits_per_year=VISITS_PER_YEAR,
            **kwargs,
        )


class ChildCreateView(ServiceFormView):
    permission = "cases.edit"
    form_class = ChildCreateForm
    title = _("New child")

    def perform(self, form):
        return services.child_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("cases:detail", kwargs={"public_id": self.result.public_id})

    def get_cancel_url(self):
        return reverse("cases:list")


class ChildFormMixin:
    """Form views about one child: the child comes from the selector (404 outside the
    municipality) before anything else happens."""

    permission = "cases.edit"
    scoped_objects = ("child",)

    @cached_property
    def child(self):
        return child_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(child=self.child, **kwargs)

    def get_success_url(self) -> str:
        return self.child_url()

    def get_cancel_url(self) -> str:
        return self.child_url()

    def child_url(self) -> str:
        return reverse("cases:detail", kwargs={"public_id": self.child.public_id})


class FamiliesFormKwargsMixin:
    """Forms that offer the municipality's active foster families."""

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"families": family_choices(user=self.request.user)}


class ChildUpdateView(ChildFormMixin, ServiceFormView):
    form_class = ChildForm
    title = _("Edit child")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.child}

    def perform(self, form):
        fields = {k: form.cleaned_data[k] for k in ChildForm.Meta.fields}
        return services.child_update(actor=self.request.user, child=self.child, **fields)


class CaseworkerChangeView(ChildFormMixin, ServiceFormView):
    form_class = CaseworkerChangeForm
    title = _("Change caseworker")

    def get_form_kwargs(self):
        caseworkers = staff_list(roles=Role.CASEWORKER, user=self.request.user)
        return super().get_form_kwargs() | {"caseworkers": caseworkers}

    def perform(self, form):
        return services.caseworker_change(
            actor=self.request.user, child=self.child, **form.cleaned_data
        )


class PlacementCreateView(ChildFormMixin, FamiliesFormKwargsMixin, ServiceFormView):
    form_class = PlacementForm
    title = _("New placement")

    def perform(self, form):
        data = form.cleaned_data
        return services.placement_create(
            actor=self.request.user,
            child=self.child,
            family=data.pop("family"),
            **{k: data[k] for k in PlacementForm.Meta.fields if k != "family"},
        )


class PlacementEndView(ChildFormMixin, ServiceFormView):
    form_class = PlacementEndForm
    title = _("End placement")
    scoped_objects = ("child", "placement")

    @cached_property
    def placement(self):
        return placement_active_get(
            user=self.request.user, child=self.child, public_id=self.kwargs["placement_id"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(placement=self.placement, **kwargs)

    def perform(self, form):
        return services.placement_end(
            actor=self.request.user, placement=self.placement, **form.cleaned_data
        )


class VisitCreateView(ChildFormMixin, ServiceFormView):
    form_class = VisitForm
    title = _("Record statutory visit")

    def perform(self, form):
        return services.visit_record(actor=self.request.user, child=self.child, **form.cleaned_data)


class ActionPlanCreateView(ChildFormMixin, ServiceFormView):
    form_class = ActionPlanForm
    title = _("Adopt or revise the action plan")

    def perform(self, form):
        return services.action_plan_create(
            actor=self.request.user, child=self.child, **form.cleaned_data
        )


class PlacementChangeCreateView(ChildFormMixin, FamiliesFormKwargsMixin, ServiceFormView):
    form_class = PlacementChangeForm
    title = _("Change of placement")
    template_name = "cases/change_form.html"

    def perform(self, form):
        data = form.cleaned_data
        return services.placement_change_start(
            actor=self.request.user,
            child=self.child,
            to_family=data["to_family"],
            **{k: data[k] for k in PlacementChangeForm.Meta.fields if k != "to_family"},
        )

    def get_success_url(self):
        return reverse(
            "cases:change",
            kwargs={"public_id": self.child.public_id, "change_id": self.result.public_id},
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(skipped_share=REVIEW_SKIPPED_SHARE, **kwargs)


class PlacementChangeMixin(ChildFormMixin):
    scoped_objects = ("child", "change")

    @cached_property
    def change(self):
        return placement_change_get(
            user=self.request.user, child=self.child, public_id=self.kwargs["change_id"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            change=self.change, skipped_share=REVIEW_SKIPPED_SHARE, **kwargs
        )

    def change_url(self) -> str:
        return reverse(
            "cases:change",
            kwargs={"public_id": self.child.public_id, "change_id": self.change.public_id},
        )


class PlacementChangeStepsView(PlacementChangeMixin, ServiceFormView):
    """The guided page: which legal steps are missing and why, and a form to record them."""

    form_class = StepsForm
    title = _("Change of placement: the legal steps")
    submit_label = _("Save the steps")
    template_name = "cases/change_steps.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.change}

    def perform(self, form):
        fields = {k: form.cleaned_data[k] for k in StepsForm.Meta.fields}
        return services.placement_change_record_steps(
            actor=self.request.user, change=self.change, **fields
        )

    def get_success_url(self):
        return self.change_url()


class PlacementChangeCompleteView(PlacementChangeMixin, ServiceFormView):
    form_class = MoveForm
    title = _("Move the child")
    submit_label = _("Move the child")
    template_name = "cases/change_complete.html"

    def perform(self, form):
        return services.placement_change_complete(
            actor=self.request.user, change=self.change, **form.cleaned_data
        )

    def get_cancel_url(self):
        return self.change_url()
