from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import NoModelCleanMixin, PlacementForm
from families.forms import FamiliesPickerField, FamilyPickerField
from fostercare.forms import DateInput
from planning.models import (
    FamilyProfile,
    NeedsProfile,
    NetworkMeeting,
    NetworkPerson,
    SpecialNeed,
)


class CommaListField(forms.CharField):
    """A list typed as text, separated by commas."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [part.strip() for part in text.split(",") if part.strip()]


class NetworkPersonForm(NoModelCleanMixin, forms.ModelForm):
    family = FamilyPickerField(
        url=reverse_lazy("families:picker"),
        label=_("Registered as foster family"),
        required=False,
        help_text=_(
            "If the person is a foster family in the register (e.g. approved as network family)."
        ),
    )

    class Meta:
        model = NetworkPerson
        fields = ["name", "relation", "phone", "possible_carer", "assessment", "family"]
        widgets = {"assessment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, families, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].queryset = families


class NetworkMeetingForm(NoModelCleanMixin, forms.ModelForm):
    class Meta:
        model = NetworkMeeting
        fields = ["kind", "held_on", "participants", "outcome"]
        widgets = {
            "held_on": DateInput(),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("held_on", timezone.localdate())


class NeedsProfileForm(NoModelCleanMixin, forms.ModelForm):
    special_needs = forms.MultipleChoiceField(
        label=_("Special needs"),
        choices=SpecialNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = CommaListField(
        label=_("The child's languages"),
        required=False,
        max_length=300,
        help_text=_("Separate with commas."),
    )

    class Meta:
        model = NeedsProfile
        fields = ["level", "siblings_together", "special_needs", "languages", "school_city"]


class FamilyProfileForm(NoModelCleanMixin, forms.ModelForm):
    needs_taken = forms.MultipleChoiceField(
        label=_("Special needs the family takes"),
        choices=SpecialNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = FamilyProfile
        fields = [
            "age_min",
            "age_max",
            "needs_taken",
            "takes_siblings",
            "years_experience",
            "courses_completed",
        ]


class DecidedPlacementForm(PlacementForm):
    """The placement form with the decision record: the alternatives considered and
    the reasons (required by the service where the rules say so)."""

    alternatives = FamiliesPickerField(
        url=reverse_lazy("families:placeable_picker"),
        label=_("Alternatives considered"),
        required=False,
    )
    reasons = forms.CharField(
        label=_("Reasons for the choice"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the family's approval is below the child's level of needs."),
    )
    outside_network_reason = forms.CharField(
        label=_("Reason for placing outside the network"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when no network map or network meeting is recorded."),
    )
    siblings_reason = forms.CharField(
        label=_("Reason for splitting the siblings"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when siblings to be placed together are not."),
    )

    def __init__(self, *args, families, alternatives, **kwargs):
        super().__init__(*args, families=families, **kwargs)
        field = self.fields["alternatives"]
        field.queryset = alternatives
