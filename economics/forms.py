from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from economics.models import (
    ApplicationKind,
    CostCategory,
    DecisionOutcome,
    FeeRenegotiation,
    RequestedBy,
)
from fostercare.formatting import AmountField
from fostercare.forms import DateInput


class UnitsField(AmountField):
    """A number of fee units, typed "4" or "4,5"."""

    default_error_messages = {"invalid": _('Write the number of fee units, e.g. "4" or "4,5".')}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 4)
        super().__init__(**kwargs)


class PlacementChoiceField(forms.ModelChoiceField):
    """A placed child of the family: the child's name and the placement's start."""

    def label_from_instance(self, obj) -> str:
        child = obj.child
        start = f"{obj.start_date:%d-%m-%Y}"
        if obj.end_date:
            return _("%(child)s (placed %(start)s – %(end)s)") % {
                "child": child.full_name,
                "start": start,
                "end": f"{obj.end_date:%d-%m-%Y}",
            }
        return _("%(child)s (placed from %(start)s)") % {"child": child.full_name, "start": start}


# --- fees --------------------------------------------------------------------------------
class FeeAgreementForm(forms.Form):
    units = UnitsField(
        label=_("Fee units"),
        help_text=_("The fee is the number of units × the year's fee unit per month."),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class FeeAssignForm(forms.Form):
    placement = PlacementChoiceField(queryset=None, label=_("The child the fee is for"))
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput(), required=False)

    def __init__(self, *args, placements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = placements


class FeeRenegotiationForm(forms.Form):
    date = forms.DateField(label=_("Asked for on"), widget=DateInput(), initial=timezone.localdate)
    requested_by = forms.ChoiceField(label=_("Requested by"), choices=RequestedBy.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    result = forms.ChoiceField(
        label=_("Outcome"),
        choices=FeeRenegotiation.Result.choices,
        initial=FeeRenegotiation.Result.PENDING,
        help_text=_("Leave it ongoing and conclude it later, or record the outcome now."),
    )
    outcome_reason = forms.CharField(
        label=_("Reason for the outcome"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    new_units = UnitsField(label=_("New number of fee units"), required=False)
    effective_from = forms.DateField(
        label=_("New fee from"),
        widget=DateInput(),
        required=False,
        help_text=_("For a raised or lowered fee; defaults to the date above."),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class FeeConcludeForm(forms.Form):
    concluded_on = forms.DateField(
        label=_("Concluded on"), widget=DateInput(), initial=timezone.localdate
    )
    result = forms.ChoiceField(
        label=_("Outcome"),
        choices=[c for c in FeeRenegotiation.Result.choices if c[0] != "pending"],
        widget=forms.RadioSelect,
    )
    outcome_reason = forms.CharField(
        label=_("Reason for the outcome"), widget=forms.Textarea(attrs={"rows": 3})
    )
    new_units = UnitsField(label=_("New number of fee units"), required=False)
    effective_from = forms.DateField(
        label=_("New fee from"),
        widget=DateInput(),
        required=False,
        help_text=_("For a raised or lowered fee; defaults to the day it was concluded."),
    )


# --- applications ---------------------------------------------------------------------------
class ApplicationForm(forms.Form):
    placement = PlacementChoiceField(queryset=None, label=_("Child"))
    received_on = forms.DateField(
        label=_("Received on"), widget=DateInput(), initial=timezone.localdate
    )

    def __init__(self, *args, placements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = placements
        if len(placements) == 1:
            self.initial.setdefault("placement", placements[0].pk)


class CostApplicationForm(ApplicationForm):
    kind = ApplicationKind.OTHER_COSTS
    category = forms.ChoiceField(label=_("What for"), choices=[("", "—"), *CostCategory.choices])
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    amount_applied = AmountField(label=_("Amount applied for (kr.)"))
    agreed_beforehand = forms.BooleanField(
        label=_("The expense was agreed with the municipality before it was paid"),
        required=False,
    )
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DateInput(), required=False)
    documented = forms.BooleanField(label=_("Documentation presented"), required=False)


class LostEarningsApplicationForm(ApplicationForm):
    kind = ApplicationKind.LOST_EARNINGS
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who stays home or works less, and why the child needs it."),
    )
    amount_applied = AmountField(label=_("Amount applied for per month (kr.)"), required=False)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    amount = AmountField(
        label=_("Amount granted (kr.)"),
        required=False,
        help_text=_("Leave empty to grant the amount applied for in full, or when refusing."),
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The family may appeal the decision: the reasons go into the letter."),
    )
    decided_on = forms.DateField(
        label=_("Decided on"), widget=DateInput(), initial=timezone.localdate
    )
    due_on = forms.DateField(
        label=_("Paid out on"),
        widget=DateInput(),
        required=False,
        help_text=_("Defaults to the decision date; the payment list of that month has it."),
    )


class LostEarningsDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    income_basis = AmountField(
        label=_("Income lost per month (kr.)"),
        required=False,
        help_text=_("The monthly income the cover is based on."),
    )
    amount = AmountField(label=_("Cover per month (kr.)"), required=False)
    starts_on = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    ends_on = forms.DateField(label=_("To"), widget=DateInput(), required=False)
    review_on = forms.DateField(label=_("Review on"), widget=DateInput(), required=False)
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The family may appeal the decision: the reasons go into the letter."),
    )
    decided_on = forms.DateField(
        label=_("Decided on"), widget=DateInput(), initial=timezone.localdate
    )


class PaymentForm(forms.Form):
    amount = AmountField(label=_("Amount paid (kr.)"))
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput(), initial=timezone.localdate)


# --- lists ----------------------------------------------------------------------------------
class WorklistFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Applied for"), choices=[("", _("All")), *ApplicationKind.choices], required=False
    )
    late = forms.BooleanField(label=_("Only late"), required=False)


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m")


class MonthField(forms.DateField):
    """A calendar month, typed or picked as YYYY-MM; the value is its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m"]
    default_error_messages = {"invalid": _("Choose a month, e.g. 2026-03.")}


class PaymentMonthForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)

    def month_or_current(self) -> date:
        if self.is_valid() and self.cleaned_data["month"]:
            return self.cleaned_data["month"]
        return timezone.localdate().replace(day=1)


class FiguresForm(forms.Form):
    since = forms.DateField(label=_("Received from"), widget=DateInput(), required=False)
    until = forms.DateField(label=_("Received to"), widget=DateInput(), required=False)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The period cannot end before it starts."))
        return data

    def period(self) -> tuple[date, date]:
        today = timezone.localdate()
        since, until = today.replace(month=1, day=1), today
        if self.is_valid():
            since = self.cleaned_data["since"] or since
            until = self.cleaned_data["until"] or until
        return since, until
