from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from families.forms import FamiliesPickerField, FamilyPickerField
from fostercare.forms import DateInput
from support.models import DevelopmentGoal, NetworkGroup


class FamiliesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.postal_code} {obj.city})"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} ({obj.get_role_display()})"


class NetworkGroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    families = FamiliesPickerField(
        url=reverse_lazy("families:picker"),
        label=_("Families"),
        help_text=_("4-6 families are recommended."),
    )
    facilitator = UserChoiceField(
        queryset=None,
        label=_("Facilitator"),
        required=False,
        help_text=_("The supervisor or consultant who leads the first meetings."),
    )
    cadence = forms.ChoiceField(label=_("Meets"), choices=NetworkGroup.Cadence.choices)
    started_on = forms.DateField(label=_("Starts on"), widget=DateInput)

    def __init__(self, *args, families, facilitators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["families"].queryset = families
        self.fields["facilitator"].queryset = facilitators


class MemberAddForm(forms.Form):
    family = FamilyPickerField(url=reverse_lazy("families:picker"), label=_("Family"))
    joined_on = forms.DateField(label=_("Member from"), widget=DateInput)

    def __init__(self, *args, families, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].queryset = families


class GroupStateForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=NetworkGroup.State.choices)
    ended_on = forms.DateField(
        label=_("Ended on"), widget=DateInput, required=False, help_text=_("Only when ended.")
    )


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=150, required=False)
    facilitated = forms.BooleanField(label=_("Facilitated"), required=False, initial=True)
    attended = FamiliesField(
        queryset=None,
        label=_("Families present"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, families, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = families


class PairingForm(forms.Form):
    mentor = FamilyPickerField(url=reverse_lazy("families:picker"), label=_("Mentor family"))
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=300,
        help_text=_("E.g. a new network family, or a second child with special needs."),
    )
    started_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ended_on = forms.DateField(label=_("Ends on"), widget=DateInput, required=False)
    exception_reason = forms.CharField(
        label=_("Reason, if the mentor does not meet the requirements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors


class CheckInForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    notes = forms.CharField(label=_("How it goes"), widget=forms.Textarea(attrs={"rows": 3}))


class DevelopmentGoalForm(forms.Form):
    goal = forms.CharField(label=_("Goal"), max_length=300)
    set_by = forms.ChoiceField(label=_("Set by"), choices=DevelopmentGoal.SetBy.choices)
    set_on = forms.DateField(label=_("Set on"), widget=DateInput)
    review_on = forms.DateField(label=_("Review on"), widget=DateInput)
    courses = forms.ModelMultipleChoiceField(
        queryset=None, label=_("Courses"), required=False, widget=forms.CheckboxSelectMultiple
    )
    sessions = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Supervision sessions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, courses, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["courses"].queryset = courses
        self.fields["sessions"].queryset = sessions


class GoalReviewForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=DevelopmentGoal.Status.choices)
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DateInput)
    next_review_on = forms.DateField(label=_("Next review"), widget=DateInput, required=False)
