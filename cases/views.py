from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.generic import DetailView, TemplateView

from cases import services
from cases.forms import (
    LEGALITY_CHOICES,
    ActionPlanForm,
    CaseworkerChangeForm,
    ChildCprSearchForm,
    ChildCreateForm,
    ChildFilterForm,
    ChildForm,
    ContactArrangementForm,
    InformationForm,
    MoveForm,
    PlacementChangeCancelForm,
    PlacementChangeFilterForm,
    PlacementChangeForm,
    PlacementEndForm,
    PlacementFilterForm,
    StepsForm,
    VisitForm,
)
from cases.models import Child
from cases.rules import CONTACT_CITATION, REVIEW_SKIPPED_SHARE, VISIT_CITATION, VISITS_PER_YEAR
from cases.sections import child_links_for
from cases.selectors import (
    case_worklist,
    child_detail,
    child_filter,
    child_get,
    child_list,
    child_shows_full_cpr,
    contact_arrangement_current,
    information_checklist,
    placement_active_get,
    placement_change_filter,
    placement_change_get,
    placement_change_list,
    placement_current_get,
    placement_filter,
    placement_list,
)
from families.models import PlacementKind
from families.selectors import placeable_family_choices
from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.accounts.models import Role
from fostercare.accounts.selectors import staff_list
from fostercare.audit.mixins import AccessLoggedMixin, ShownRows
from fostercare.audit.views import RecordAccessLogView
from fostercare.exports import Column
from fostercare.views import FilteredListView, ServiceFormView


class WorklistView(RoleRequiredMixin, AccessLoggedMixin, TemplateView):
    """ "My cases": the caseworker's due work, most urgent first; the children it
    names are written to the access log."""

    permission = "cases.worklist"
    template_name = "cases/worklist.html"

    @cached_property
    def items(self):
        return case_worklist(user=self.request.user)

    def accessed_records(self):
        return []

    def accessed_rows(self):
        return [ShownRows(Child, {item.child.pk for item in self.items})]

    def get_context_data(self, **kwargs):
        return super().get_context_data(items=self.items, today=timezone.localdate(), **kwargs)


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
    id_first_pagination = True  # four subqueries a row (family, placement, caseworker)
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

    def get_filter_form_kwargs(self):
        return {"caseworkers": staff_list(roles=Role.CASEWORKER, user=self.request.user)}

    # --- the search by CPR number: a POST, so the number stays out of the URL ---------
    @cached_property
    def cpr_form(self) -> ChildCprSearchForm:
        return ChildCprSearchForm(self.request.POST if self.request.method == "POST" else None)

    def post(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def get_search_terms(self) -> dict:
        return {"cpr": self.cpr_form.data.get("cpr", "")} if self.cpr_form.is_bound else {}

    def get_rows(self, form):
        user = self.request.user
        if self.cpr_form.is_bound:
            rows = child_list(user=user).order_by("first_name", "last_name", "pk")
            if not self.cpr_form.is_valid():
                return rows.none()
            return child_filter(rows, cpr=self.cpr_form.cleaned_data["cpr"])
        if not form.is_valid():
            return child_list(user=user).order_by("first_name", "last_name", "pk")
        data = form.cleaned_data
        rows = child_list(user=user, on=data["on"]).order_by("first_name", "last_name", "pk")
        caseworker = user if data["mine"] else data["caseworker"]
        return child_filter(
            rows,
            name=data["name"].strip(),
            placed=data["placed"],
            caseworker_id=caseworker.pk if caseworker else None,
            situation=data["situation"],
            on=data["on"],
            visit=data["visit"],
            since=data["date_from"],
            until=data["date_to"],
            caseworker_changes=data["caseworker_changes"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            can_create=self.request.user.can("cases.edit"), cpr_form=self.cpr_form, **kwargs
        )
        if self.cpr_form.is_bound:
            # One exact match: no pages and no download of the whole list.
            context.update(can_export=False, query="")
        return context


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
            can_see_access_log=user.can("cases.access_log"),
            today=timezone.localdate(),
            age=child.age_on(timezone.localdate()),
            visits_per_year=VISITS_PER_YEAR,
            visit_citation=VISIT_CITATION,
            information=(
                information_checklist(placement=child.current_placement)
                if child.current_placement
                else None
            ),
            child_links=child_links_for(user=user, child=child),
            **kwargs,
        )


class ChildAccessLogView(RecordAccessLogView):
    permission = "cases.access_log"

    @cached_property
    def record(self):
        return child_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def record_url(self) -> str:
        return reverse("cases:detail", kwargs={"public_id": self.record.public_id})


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
    """Forms that place a child: they offer the municipality's active foster families
    and other municipalities' generally approved ones (``placeable_family_choices``)."""

    def get_form_kwargs(self):
        families = placeable_family_choices(user=self.request.user)
        return super().get_form_kwargs() | {"families": families}


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


class ContactArrangementCreateView(ChildFormMixin, ServiceFormView):
    """Record the child's contact arrangement with the parents (samvær); a new one ends
    the current one."""

    form_class = ContactArrangementForm
    title = _("Record the contact arrangement")
    template_name = "cases/contact_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            current=contact_arrangement_current(child=self.child),
            contact_citation=CONTACT_CITATION,
            **kwargs,
        )

    def perform(self, form):
        return services.contact_arrangement_record(
            actor=self.request.user, child=self.child, **form.cleaned_data
        )


class InformationCreateView(ChildFormMixin, ServiceFormView):
    """Log the information given to the foster family of the child's current placement."""

    form_class = InformationForm
    title = _("Information given to the foster family")
    template_name = "cases/information_form.html"
    scoped_objects = ("child", "placement")

    @cached_property
    def placement(self):
        placement = placement_current_get(user=self.request.user, child=self.child)
        if placement is None:
            raise Http404
        return placement

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            placement=self.placement,
            checklist=information_checklist(placement=self.placement),
            **kwargs,
        )

    def perform(self, form):
        return services.information_record(
            actor=self.request.user, placement=self.placement, **form.cleaned_data
        )


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


class PlacementChangeUpdateView(PlacementChangeMixin, FamiliesFormKwargsMixin, ServiceFormView):
    """Edit an open change of placement: another family, kind, date or reasons."""

    form_class = PlacementChangeForm
    title = _("Edit the change of placement")
    template_name = "cases/change_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.change}

    def perform(self, form):
        data = form.cleaned_data
        return services.placement_change_update(
            actor=self.request.user,
            change=self.change,
            to_family=data["to_family"],
            **{k: data[k] for k in PlacementChangeForm.Meta.fields if k != "to_family"},
        )

    def get_success_url(self):
        return self.change_url()

    def get_cancel_url(self):
        return self.change_url()


class PlacementChangeCancelView(PlacementChangeMixin, ServiceFormView):
    """Cancel an open change of placement with its reason."""

    form_class = PlacementChangeCancelForm
    title = _("Cancel the change of placement")
    submit_label = _("Cancel the change")
    template_name = "cases/change_cancel.html"

    def perform(self, form):
        return services.placement_change_cancel(
            actor=self.request.user, change=self.change, reason=form.cleaned_data["reason"]
        )

    def get_success_url(self):
        return self.change_url()

    def get_cancel_url(self):
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


def _period(data) -> tuple | None:
    first, last = data.get("date_from"), data.get("date_to")
    return (first, last) if first and last else None


class PlacementListView(FilteredListView):
    """Placements: in force on a day, begun or ended in a period, by kind and end reason
    (the lists behind the managers' placement and stability figures)."""

    permission = "cases.list"
    template_name = "cases/placement_list.html"
    filter_form_class = PlacementFilterForm
    title = _("Placements")
    columns = (
        (_("Child"), ""),
        (_("Foster family"), ""),
        (_("Kind"), ""),
        (_("Start"), ""),
        (_("End"), ""),
        (_("End reason"), ""),
    )
    count_text = ngettext_lazy("%(counter)s placement", "%(counter)s placements", "counter")
    empty_text = _("No placements match the filters.")
    export_name = "anbringelser"

    def get_filter_form_kwargs(self):
        return {"caseworkers": staff_list(roles=Role.CASEWORKER, user=self.request.user)}

    def get_export_columns(self):
        return (
            Column(_("First name"), lambda p: p.child.first_name),
            Column(_("Last name"), lambda p: p.child.last_name),
            Column(_("Foster family"), lambda p: p.family.name),
            Column(_("In a network family"), lambda p: p.in_network),
            Column(_("Kind"), lambda p: p.get_kind_display()),
            Column(_("Consent"), lambda p: p.get_consent_display()),
            Column(_("Start"), lambda p: p.start_date),
            Column(_("End"), lambda p: p.end_date),
            Column(_("End reason"), lambda p: p.get_end_reason_display()),
            Column(_("Breakdown reasons"), lambda p: ", ".join(p.get_breakdown_reasons_display())),
        )

    def get_rows(self, form):
        rows = placement_list(user=self.request.user).order_by("-start_date", "-pk")
        if not form.is_valid():
            return rows
        data = form.cleaned_data
        day = data["date_to"] or timezone.localdate()
        state, period = data["state"], _period(data)
        return placement_filter(
            rows,
            kind=data["kind"],
            network=data["network"],
            active_on=day if state == "active" else None,
            started=period if state == "started" else None,
            ended=period if state == "ended" else None,
            end_reason=data["end_reason"],
            breakdown_reason=data["breakdown_reason"],
            caseworker_id=data["caseworker"].pk if data["caseworker"] else None,
            on=day,
        )


LEGALITY_LABELS = dict(LEGALITY_CHOICES)


class PlacementChangeListView(FilteredListView):
    """Changes of placement, with how each stands against the three legal steps (the
    lists behind the managers' stability and legality figures)."""

    permission = "cases.list"
    template_name = "cases/change_list.html"
    filter_form_class = PlacementChangeFilterForm
    title = _("Changes of placement")
    columns = (
        (_("Child"), ""),
        (_("From"), ""),
        (_("To"), ""),
        (_("Moved on"), ""),
        (_("Initiated by"), ""),
        (_("Legal steps"), ""),
    )
    count_text = ngettext_lazy(
        "%(counter)s change of placement", "%(counter)s changes of placement", "counter"
    )
    empty_text = _("No changes of placement match the filters.")
    export_name = "flytninger"

    def get_filter_form_kwargs(self):
        return {"caseworkers": staff_list(roles=Role.CASEWORKER, user=self.request.user)}

    def get_export_columns(self):
        return (
            Column(_("First name"), lambda c: c.child.first_name),
            Column(_("Last name"), lambda c: c.child.last_name),
            Column(_("From"), lambda c: c.from_placement.family.name),
            Column(_("To"), lambda c: c.to_family.name),
            Column(_("Status"), lambda c: c.get_status_display()),
            Column(_("Planned move date"), lambda c: c.planned_move_on),
            Column(_("Moved on"), lambda c: c.completed_on),
            Column(_("Initiated by"), lambda c: c.get_initiated_by_display()),
            Column(_("A poor match played a part"), lambda c: c.poor_match),
            Column(_("A late assessment played a part"), lambda c: c.late_assessment),
            Column(_("Action plan revised on"), lambda c: c.action_plan_revised_on),
            Column(_("Conversation with the child held on"), lambda c: c.child_conversation_on),
            Column(_("Foster family's statement obtained on"), lambda c: c.family_statement_on),
            Column(_("Acute exception"), lambda c: c.acute_exception),
            Column(_("Legal steps"), lambda c: LEGALITY_LABELS.get(c.legality, "")),
        )

    def get_rows(self, form):
        rows = placement_change_list(user=self.request.user).order_by(
            F("completed_on").desc(nulls_first=True), "-planned_move_on", "-pk"
        )
        if not form.is_valid():
            return rows
        data = form.cleaned_data
        return placement_change_filter(
            rows,
            status=data["status"],
            completed=_period(data),
            legality=data["legality"],
            initiated_by=data["initiated_by"],
            poor_match=data["poor_match"],
            late_assessment=data["late_assessment"],
            caseworker_id=data["caseworker"].pk if data["caseworker"] else None,
            on=data["date_to"] or timezone.localdate(),
        )
