"""The pages of foster-care economics. Every record page is a 404, not a 403, to a
role that may not read economics (``not_found_if_denied``), and to an outsider (the
selectors); pages that show a named child or family write the access log."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from cases.models import Child
from economics import services
from economics.forms import (
    CostApplicationForm,
    DecisionForm,
    FeeAgreementForm,
    FeeAssignForm,
    FeeConcludeForm,
    FeeRenegotiationForm,
    FiguresForm,
    LostEarningsApplicationForm,
    LostEarningsDecisionForm,
    PaymentForm,
    PaymentMonthForm,
    WorklistFilterForm,
)
from economics.letters import letter_blocks, letter_pdf
from economics.models import ApplicationKind
from economics.rules import UNDOCUMENTED_CAP_CITATION, UNDOCUMENTED_YEARLY_CAP, cap_remaining
from economics.selectors import (
    decision_letter_get,
    expense_application_figures,
    expense_application_filter,
    expense_application_get,
    expense_application_pending,
    expense_cap_use_figures,
    expense_placement_choices,
    expense_totals_by_year,
    fee_agreement_get,
    fee_placement_choices,
    fee_renegotiation_get,
    payment_list,
    placement_get,
    response_rules,
    undocumented_used,
    undocumented_used_by_child,
)
from families.selectors import family_get
from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.audit.mixins import AccessLoggedMixin
from fostercare.audit.services import log_access_rows
from fostercare.exports import FORMATS, Column, export_response
from fostercare.views import FilteredListView, ServiceFormView


def family_url(family) -> str:
    return reverse("families:detail", kwargs={"public_id": family.public_id})


def application_url(application) -> str:
    return reverse("economics:application", kwargs={"public_id": application.public_id})


# --- applications ------------------------------------------------------------------------
class ApplicationCreateView(ServiceFormView):
    """Register a network family's application for one of its placed children."""

    permission = "economics.register"
    not_found_if_denied = True
    scoped_objects = ("family",)
    template_name = "economics/application_form.html"

    @cached_property
    def family(self):
        return family_get(user=self.request.user, public_id=self.kwargs["public_id"])

    @cached_property
    def placements(self):
        return expense_placement_choices(family=self.family)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"placements": self.placements}

    def get_context_data(self, **kwargs):
        year = timezone.localdate().year
        placements = list(self.placements)
        used = undocumented_used_by_child(child_ids=[p.child_id for p in placements], year=year)
        children = {p.child_id: p.child for p in placements}
        caps = [
            (child, cap_remaining(used.get(child_id, 0))) for child_id, child in children.items()
        ]
        return super().get_context_data(
            family=self.family,
            caps=caps if self.form_class.kind == ApplicationKind.OTHER_COSTS else [],
            year=year,
            cap=UNDOCUMENTED_YEARLY_CAP,
            **kwargs,
        )

    def perform(self, form):
        return services.expense_application_register(
            actor=self.request.user, kind=self.form_class.kind, **form.cleaned_data
        )

    def get_success_url(self):
        return application_url(self.result)

    def get_cancel_url(self):
        return family_url(self.family)


class CostApplicationCreateView(ApplicationCreateView):
    form_class = CostApplicationForm
    title = _("Application for other and extraordinary costs")


class LostEarningsApplicationCreateView(ApplicationCreateView):
    form_class = LostEarningsApplicationForm
    title = _("Application for lost earnings")


class ApplicationMixin:
    """Pages about one application: it comes from the selector (404 to outsiders and
    to roles that may not read economics) before anything else happens."""

    not_found_if_denied = True
    scoped_objects = ("application",)

    @cached_property
    def application(self):
        return expense_application_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def cap_context(self) -> dict:
        application = self.application
        if application.kind != ApplicationKind.OTHER_COSTS:
            return {}
        year = (
            application.decision.decided_on.year
            if hasattr(application, "decision")
            else timezone.localdate().year
        )
        used = undocumented_used(child=application.placement.child, year=year)
        return {
            "cap_year": year,
            "cap_used": used,
            "cap_remaining": cap_remaining(used),
            "cap": UNDOCUMENTED_YEARLY_CAP,
            "cap_rule": UNDOCUMENTED_CAP_CITATION,
        }

    def get_success_url(self):
        return application_url(self.application)

    def get_cancel_url(self):
        return application_url(self.application)


class ApplicationDetailView(ApplicationMixin, RoleRequiredMixin, AccessLoggedMixin, DetailView):
    permission = "economics.view"
    template_name = "economics/application_detail.html"
    context_object_name = "application"

    def get_object(self, queryset=None):
        return self.application

    def accessed_records(self):
        return [self.application.placement.child, self.application.family]

    def get_context_data(self, **kwargs):
        application = self.application
        user = self.request.user
        rules = response_rules(municipality_id=application.municipality_id)
        decision = getattr(application, "decision", None)
        today = timezone.localdate()
        deadline = rules.deadline(application.received_on)
        context = {
            "decision": decision,
            "deadline": deadline,
            "deadline_days": rules.working_days,
            "response_days": rules.elapsed(
                application.received_on, decision.decided_on if decision else today
            ),
            "late": (decision.decided_on if decision else today) > deadline,
            "can_decide": decision is None and user.can("economics.decide"),
            "can_pay": decision is not None
            and decision.is_grant
            and application.kind == ApplicationKind.OTHER_COSTS
            and decision.paid_amount < decision.amount
            and user.can("economics.register"),
        }
        return super().get_context_data(**context, **self.cap_context(), **kwargs)


class DecideView(ApplicationMixin, ServiceFormView):
    permission = "economics.decide"
    title = _("Decide the application")
    submit_label = _("Record decision and issue the letter")
    template_name = "economics/decide_form.html"

    def get_form_class(self):
        if self.application.kind == ApplicationKind.LOST_EARNINGS:
            return LostEarningsDecisionForm
        return DecisionForm

    def get(self, request, *args, **kwargs):
        if hasattr(self.application, "decision"):
            messages.info(request, gettext("The application has already been decided."))
            return HttpResponseRedirect(application_url(self.application))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            application=self.application, **self.cap_context(), **kwargs
        )

    def perform(self, form):
        return services.expense_decision_record(
            actor=self.request.user, application=self.application, **form.cleaned_data
        )


class PaymentRecordView(ApplicationMixin, ServiceFormView):
    permission = "economics.register"
    form_class = PaymentForm
    title = _("Record a payment")

    scoped_objects = ("application", "decision")

    @cached_property
    def decision(self):
        decision = getattr(self.application, "decision", None)
        if decision is None:
            raise Http404
        return decision

    def get_context_data(self, **kwargs):
        return super().get_context_data(application=self.application, **kwargs)

    def perform(self, form):
        return services.expense_payment_record(
            actor=self.request.user, decision=self.decision, **form.cleaned_data
        )


# --- letters --------------------------------------------------------------------------------
class LetterMixin(RoleRequiredMixin, AccessLoggedMixin):
    permission = "economics.view"
    not_found_if_denied = True
    context_object_name = "letter"

    def get_object(self, queryset=None):
        return decision_letter_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def accessed_records(self):
        application = self.object.decision.application
        return [application.placement.child, application.family]


class LetterView(LetterMixin, DetailView):
    """The letter as issued, with print styles; the PDF is the same text."""

    template_name = "economics/letter.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(blocks=letter_blocks(self.object), **kwargs)


class LetterPdfView(LetterMixin, DetailView):
    def render_to_response(self, context, **response_kwargs):
        letter = self.object
        response = HttpResponse(letter_pdf(letter), content_type="application/pdf")
        name = (
            f"afgoerelse-{letter.decision.decided_on:%Y-%m-%d}-{letter.decision.public_id.hex[:8]}"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response


# --- the deciders' worklist -------------------------------------------------------------------
class WorklistView(FilteredListView):
    """Applications waiting for a decision, the oldest first; late ones marked."""

    permission = "economics.decide"
    template_name = "economics/worklist.html"
    filter_form_class = WorklistFilterForm
    title = _("Applications waiting for a decision")
    columns = (
        (_("Received"), ""),
        (_("Family"), ""),
        (_("Child"), ""),
        (_("Applied for"), ""),
        (_("Amount"), "text-end"),
        (_("Deadline"), ""),
    )
    count_text = ngettext_lazy(
        "%(counter)s application waiting", "%(counter)s applications waiting", "counter"
    )
    empty_text = _("No applications are waiting for a decision.")
    export_name = "ansoegninger"

    @cached_property
    def rules(self):
        return response_rules(municipality_id=self.request.user.municipality_id)

    def get_rows(self, form):
        rows = expense_application_pending(user=self.request.user)
        if not form.is_valid():
            return rows
        data = form.cleaned_data
        late_before = None
        if data["late"]:
            late_before = self.rules.late_if_received_on_or_before(timezone.localdate())
        return expense_application_filter(rows, kind=data["kind"], late_before=late_before)

    def _decorate(self, application):
        application.deadline = self.rules.deadline(application.received_on)
        application.late = application.deadline < timezone.localdate()
        return application

    def get_export_columns(self):
        return (
            Column(_("Received"), lambda a: a.received_on),
            Column(_("Family"), lambda a: a.family.name),
            Column(_("Child"), lambda a: a.placement.child.full_name),
            Column(_("Applied for"), lambda a: a.get_kind_display()),
            Column(_("What for"), lambda a: a.get_category_display()),
            Column(_("Amount"), lambda a: a.amount_applied),
            Column(_("Deadline"), lambda a: self._decorate(a).deadline),
            Column(_("Late"), lambda a: self._decorate(a).late),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for application in context["page"].object_list:
            self._decorate(application)
        context["deadline_days"] = self.rules.working_days
        return context


# --- the payment list -----------------------------------------------------------------------
class PaymentListView(RoleRequiredMixin, TemplateView):
    """A month's payments per family and child, on the page and as CSV or XLSX; every
    page and every download writes an access-log row."""

    permission = "economics.payments"
    template_name = "economics/payment_list.html"
    page_size = 50  # as every list (FilteredListView)

    @cached_property
    def form(self) -> PaymentMonthForm:
        this_month = timezone.localdate().replace(day=1)
        return PaymentMonthForm(self.request.GET or None, initial={"month": this_month})

    @cached_property
    def payments(self):
        month = self.form.month_or_current()
        return payment_list(user=self.request.user, year=month.year, month=month.month)

    def columns(self):
        return (
            Column(_("Family"), lambda r: r.family.name),
            Column(_("Family type"), lambda r: r.family_type),
            Column(_("Child"), lambda r: r.child.full_name if r.child else ""),
            Column(_("Days placed"), lambda r: r.days),
            Column(_("Board and lodging"), lambda r: r.board),
            Column(_("Fee"), lambda r: r.fee),
            Column(_("Other costs"), lambda r: r.other_costs),
            Column(_("Lost earnings"), lambda r: r.lost_earnings),
            Column(_("Total"), lambda r: r.total),
        )

    def _log(self, action: str, details: dict) -> None:
        log_access_rows(
            user=self.request.user,
            model=Child,
            action=action,
            path=self.request.path,
            details={"month": f"{self.payments.first_day:%Y-%m}", "rows": len(self.payments.rows)}
            | details,
        )

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("eksport")
        if fmt in FORMATS:
            response = export_response(
                rows=self.payments.with_family_types(self.payments.rows),
                columns=self.columns(),
                filename=f"udbetalinger-{self.payments.first_day:%Y-%m}",
                fmt=fmt,
            )
            self._log("export", {"format": fmt})
            return response
        self._log("list", {})
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        payments = self.payments
        page = Paginator(payments.rows, self.page_size).get_page(self.request.GET.get("side"))
        payments.with_family_types(page.object_list)
        return super().get_context_data(
            form=self.form,
            payments=payments,
            page=page,
            totals=payments.totals,
            query=f"month={payments.first_day:%Y-%m}",
            **kwargs,
        )


# --- figures for managers ---------------------------------------------------------------------
class FiguresView(RoleRequiredMixin, TemplateView):
    permission = "economics.figures"
    template_name = "economics/figures.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        form = FiguresForm(
            self.request.GET or None,
            initial={"since": today.replace(month=1, day=1), "until": today},
        )
        since, until = form.period()
        cap_use = expense_cap_use_figures(user=user, year=until.year)
        log_access_rows(
            user=user,
            model=Child,
            action="list",
            path=self.request.path,
            details={"year": until.year, "rows": len(cap_use["rows"])},
        )
        return super().get_context_data(
            form=form,
            figures=expense_application_figures(user=user, since=since, until=until),
            cap_use=cap_use,
            totals=expense_totals_by_year(user=user, since=since, until=until),
            **kwargs,
        )


# --- fees ------------------------------------------------------------------------------------
class FeeFormMixin:
    permission = "economics.fees"
    not_found_if_denied = True

    def get_success_url(self):
        return family_url(self.family)

    def get_cancel_url(self):
        return family_url(self.family)


class FeeAgreementCreateView(FeeFormMixin, ServiceFormView):
    form_class = FeeAgreementForm
    title = _("New fee agreement")
    scoped_objects = ("placement",)

    @cached_property
    def placement(self):
        return placement_get(user=self.request.user, public_id=self.kwargs["public_id"])

    @property
    def family(self):
        return self.placement.family

    def get_initial(self):
        return {"valid_from": max(self.placement.start_date, timezone.localdate().replace(day=1))}

    def get_context_data(self, **kwargs):
        return super().get_context_data(placement=self.placement, **kwargs)

    def perform(self, form):
        return services.fee_agreement_create(
            actor=self.request.user, placement=self.placement, **form.cleaned_data
        )


class FeeAgreementMixin(FeeFormMixin):
    scoped_objects = ("agreement",)

    @cached_property
    def agreement(self):
        return fee_agreement_get(user=self.request.user, public_id=self.kwargs["public_id"])

    @property
    def family(self):
        return self.agreement.family

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.agreement, **kwargs)


class FeeAssignView(FeeAgreementMixin, ServiceFormView):
    form_class = FeeAssignForm
    title = _("Assign the fee agreement to a child")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "placements": fee_placement_choices(family=self.agreement.family)
        }

    def get_initial(self):
        return {"valid_from": self.agreement.valid_from, "valid_to": self.agreement.valid_to}

    def perform(self, form):
        return services.fee_agreement_assign(
            actor=self.request.user, agreement=self.agreement, **form.cleaned_data
        )


class FeeRenegotiationView(FeeAgreementMixin, ServiceFormView):
    form_class = FeeRenegotiationForm
    title = _("Record fee renegotiation")

    def perform(self, form):
        return services.fee_renegotiation_record(
            actor=self.request.user, agreement=self.agreement, **form.cleaned_data
        )


class FeeConcludeView(FeeFormMixin, ServiceFormView):
    form_class = FeeConcludeForm
    title = _("Conclude the fee renegotiation")
    scoped_objects = ("renegotiation",)

    @cached_property
    def renegotiation(self):
        return fee_renegotiation_get(user=self.request.user, public_id=self.kwargs["public_id"])

    @property
    def family(self):
        return self.renegotiation.agreement.family

    def get_context_data(self, **kwargs):
        return super().get_context_data(renegotiation=self.renegotiation, **kwargs)

    def perform(self, form):
        return services.fee_renegotiation_conclude(
            actor=self.request.user, renegotiation=self.renegotiation, **form.cleaned_data
        )
