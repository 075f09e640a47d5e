from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from families.forms import FamiliesPickerField, MemberPickerField, MembersPickerField
from families.models import ApprovalType
from fostercare.accounts.models import Role
from fostercare.forms import DateInput, DrillDownFieldsMixin, period_clean
from fostercare.pickers import picker_pks
from supervision.models import (
    CourseCategory,
    CourseKind,
    CourseRun,
    Enrolment,
    Place,
    SessionLocation,
    SupervisionCourse,
)
from supervision.rules import course_run_capacity_problem
from supervision.selectors import session_member_choices


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        # Not get_role_display(), which translates every role for each option.
        return f"{obj.full_name} ({Role(obj.role).label})"


class SessionForm(forms.Form):
    """Everything a consultant or supervisor writes about a session, on one screen."""

    families = FamiliesPickerField(
        url=reverse_lazy("supervision:session_family_picker"),
        label=_("Families"),
        help_text=_("Search by name or address. A group session: add several families."),
    )
    members = MembersPickerField(
        url=reverse_lazy("supervision:session_member_picker"),
        depends_on="families",
        label=_("Attending family members"),
        required=False,
        help_text=_("Offered from the chosen families."),
    )
    supervisor = UserChoiceField(queryset=None, label=_("Supervisor"))
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=DateTimeInput, input_formats=["%Y-%m-%dT%H:%M"]
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), initial=90)
    location = forms.ChoiceField(label=_("Location"), choices=SessionLocation.choices)
    theme = forms.CharField(label=_("Theme"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Confidential: read by the family's consultant, the supervisor and managers."),
    )
    agreements = forms.CharField(
        label=_("Agreements"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, families, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["families"].queryset = families
        members = session_member_choices(families=families)
        self.fields["members"].queryset = members
        # Without script, the members of the families already chosen are offered.
        if self.is_bound:
            chosen = self.data.getlist(self.add_prefix("families"))
        else:
            chosen = self.initial.get("families") or []
        self.fields["members"].widget.offer = members.filter(family__pk__in=picker_pks(chosen))
        self.fields["supervisor"].queryset = supervisors


class SessionNotesForm(forms.Form):
    theme = forms.CharField(label=_("Theme"), max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)
    agreements = forms.CharField(
        label=_("Agreements"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CourseKindForm(forms.ModelForm):
    family_types = forms.MultipleChoiceField(
        label=_("For family types"),
        choices=ApprovalType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CourseKind
        fields = (
            "name", "category", "theme", "provider", "provider_name", "length_hours",
            "length_days", "mandatory", "family_types",
        )  # fmt: skip


class CourseRunForm(forms.ModelForm):
    course_kind = forms.ModelChoiceField(queryset=None, label=_("Course"))

    class Meta:
        model = CourseRun
        fields = (
            "course_kind", "starts_on", "ends_on", "start_time", "end_time", "place",
            "place_detail", "capacity",
        )  # fmt: skip
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, course_kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course_kind"].queryset = course_kinds
        self.fields["capacity"].widget.attrs["min"] = 1

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        problem = course_run_capacity_problem(capacity)
        if problem:
            raise forms.ValidationError(problem)
        return capacity


class EnrolmentForm(forms.Form):
    member = MemberPickerField(
        url=reverse_lazy("supervision:enrol_member_picker"),
        label=_("Family member"),
        help_text=_("Search by name, family or address."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Enrolment.Status.choices, initial=Enrolment.Status.ENROLLED
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class SupervisionCourseForm(forms.ModelForm):
    supervisor = UserChoiceField(queryset=None, label=_("Supervisor"), required=False)

    class Meta:
        model = SupervisionCourse
        fields = (
            "kind", "supervisor", "external_supervisor", "goal", "planned_sessions",
            "session_minutes", "starts_on", "ends_on", "family_wishes_consultant",
            "consultant_takes_part",
        )  # fmt: skip
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "goal": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors


class ExtensionForm(forms.Form):
    extra_sessions = forms.IntegerField(label=_("Extra sessions"), min_value=1, initial=2)
    new_ends_on = forms.DateField(label=_("New end"), required=False, widget=DateInput)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class PlacementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.child.first_name}, {obj.start_date:%d.%m.%Y}"


class ExceptionForm(forms.Form):
    placement = PlacementChoiceField(queryset=None, label=_("Placement"))
    reason = forms.CharField(
        label=_("Why intensive support cannot start within 6 months"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recorded_on = forms.DateField(label=_("Recorded"), widget=DateInput)

    def __init__(self, *args, placements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = placements


class SessionFilterForm(DrillDownFieldsMixin, forms.Form):
    """The session list: by day, individual or group, supervisor and place; the type of a
    family's approval and its fixed consultant are set by links from the figures."""

    drill_down_fields = ("family_type", "consultant")

    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *SupervisionCourse.Kind.choices]
    )
    supervisor = UserChoiceField(
        label=_("Supervisor"), queryset=None, required=False, empty_label=_("All")
    )
    location = forms.ChoiceField(
        label=_("Location"), required=False, choices=[("", _("All")), *SessionLocation.choices]
    )
    family_type = forms.ChoiceField(
        label=_("Family's approval type"),
        required=False,
        choices=[("", _("All")), *ApprovalType.choices],
    )
    consultant = UserChoiceField(
        label=_("Family's consultant"), queryset=None, required=False, empty_label=_("All")
    )

    def __init__(self, *args, supervisors, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors
        self.fields["consultant"].queryset = consultants

    def clean(self):
        cleaned = super().clean()
        period_clean(self)
        return cleaned


class CourseRunFilterForm(forms.Form):
    """The course runs: by day and kind of course."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    category = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *CourseCategory.choices]
    )
    place = forms.ChoiceField(
        label=_("Place"), required=False, choices=[("", _("All")), *Place.choices]
    )

    def clean(self):
        cleaned = super().clean()
        period_clean(self)
        return cleaned
