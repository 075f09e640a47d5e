from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    ActionPlan,
    BreakdownReason,
    Child,
    EndReason,
    Placement,
    PlacementChange,
    StatutoryVisit,
)
from families.models import Family
from fostercare.accounts.models import User
from fostercare.forms import DateInput


class NoModelCleanMixin:
    def _post_clean(self):
        # The service validates the whole record; the form only checks field formats,
        # so errors appear once and in the same words everywhere.
        pass


class FamilyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Family) -> str:
        return f"{obj.name} ({obj.city})"


class ChildFilterForm(forms.Form):
    cpr = forms.CharField(
        label=_("CPR number"), required=False, help_text=_("Exact match, DDMMYY-SSSS.")
    )
    name = forms.CharField(label=_("Name"), required=False)
    placed = forms.NullBooleanField(
        label=_("Placed"),
        required=False,
        widget=forms.Select(
            choices=[("", _("All")), ("true", _("Placed now")), ("false", _("Not placed"))]
        ),
    )
    mine = forms.BooleanField(label=_("Only my cases"), required=False)


class ChildCreateForm(forms.ModelForm):
    class Meta:
        model = Child
        fields = ["first_name", "last_name", "cpr", "school", "needs", "wishes"]
        help_texts = {"cpr": _("DDMMYY-SSSS. The date of birth is read from it.")}
        widgets = {
            "needs": forms.Textarea(attrs={"rows": 3}),
            "wishes": forms.Textarea(attrs={"rows": 3}),
        }

    _post_clean = NoModelCleanMixin._post_clean


class ChildForm(forms.ModelForm):
    class Meta:
        model = Child
        fields = ["first_name", "last_name", "school", "needs", "wishes"]
        widgets = {
            "needs": forms.Textarea(attrs={"rows": 3}),
            "wishes": forms.Textarea(attrs={"rows": 3}),
        }


class CaseworkerChangeForm(forms.Form):
    caseworker = forms.ModelChoiceField(queryset=User.objects.none(), label=_("New caseworker"))
    starts_on = forms.DateField(label=_("From"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason for change"), max_length=300, required=False)

    def __init__(self, *args, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["caseworker"]
        field.queryset = caseworkers
        field.label_from_instance = lambda user: user.full_name


class PlacementForm(NoModelCleanMixin, forms.ModelForm):
    family = FamilyChoiceField(queryset=Family.objects.none(), label=_("Foster family"))

    class Meta:
        model = Placement
        fields = ["family", "kind", "legal_basis", "consent", "start_date", "planned_end"]
        widgets = {"start_date": DateInput(), "planned_end": DateInput()}

    def __init__(self, *args, families, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].queryset = families
        self.initial.setdefault("start_date", timezone.localdate())


class PlacementEndForm(forms.Form):
    end_date = forms.DateField(label=_("End date"), widget=DateInput(), initial=timezone.localdate)
    end_reason = forms.ChoiceField(label=_("End reason"), choices=EndReason.choices)
    breakdown_reasons = forms.MultipleChoiceField(
        label=_("Breakdown reasons"),
        choices=BreakdownReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for a breakdown."),
    )
    end_note = forms.CharField(label=_("Note"), max_length=300, required=False)


class VisitForm(NoModelCleanMixin, forms.ModelForm):
    class Meta:
        model = StatutoryVisit
        fields = ["visited_on", "spoken_alone", "notes"]
        widgets = {"visited_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("visited_on", timezone.localdate())


class ActionPlanForm(NoModelCleanMixin, forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["adopted_on", "goals", "next_review_on"]
        widgets = {
            "adopted_on": DateInput(),
            "next_review_on": DateInput(),
            "goals": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("adopted_on", timezone.localdate())


class PlacementChangeForm(NoModelCleanMixin, forms.ModelForm):
    to_family = FamilyChoiceField(queryset=Family.objects.none(), label=_("New foster family"))
    breakdown_reasons = forms.MultipleChoiceField(
        label=_("Breakdown reasons"),
        choices=BreakdownReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only when the current placement broke down."),
    )

    class Meta:
        model = PlacementChange
        fields = [
            "to_family", "kind", "legal_basis", "consent", "planned_move_on", "reason",
            "initiated_by", "old_end_reason", "breakdown_reasons", "poor_match",
            "late_assessment",
        ]  # fmt: skip
        widgets = {"planned_move_on": DateInput(), "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, families, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_family"].queryset = families


class StepsForm(NoModelCleanMixin, forms.ModelForm):
    class Meta:
        model = PlacementChange
        fields = [
            "action_plan_revised_on", "child_conversation_on", "family_statement_on",
            "acute_exception", "acute_reason",
        ]  # fmt: skip
        widgets = {
            "action_plan_revised_on": DateInput(),
            "child_conversation_on": DateInput(),
            "family_statement_on": DateInput(),
            "acute_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "acute_exception": _(
                "Only when the child must be moved at once, before the steps can be taken."
            )
        }


class MoveForm(forms.Form):
    moved_on = forms.DateField(label=_("Moved on"), widget=DateInput(), initial=timezone.localdate)
