import uuid

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Child
from families.forms import FamilyPickerField
from fostercare.accounts.models import Role, User
from fostercare.forms import DateInput, DrillDownFieldsMixin, period_clean
from hotline.models import AnsweringOrganisation, HotlineCall, Outcome, Topic
from hotline.selectors import WEEKDAYS, FollowUpState, TimeOfCall

TIME_OF_CALL_CHOICES = [
    (TimeOfCall.OFFICE_HOURS, _("In office hours")),
    (TimeOfCall.EVENING, _("Evenings and nights of working days")),
    (TimeOfCall.WEEKEND, _("Weekends")),
    (TimeOfCall.HOLIDAY, _("Public holidays and customary closed days")),
    (TimeOfCall.CLOSURE, _("Days the office was declared closed")),
]


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own date-and-time picker; the value travels as YYYY-MM-DDTHH:MM."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _now_local():
    return timezone.localtime().replace(second=0, microsecond=0)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name


def idempotency_key_field() -> forms.UUIDField:
    """A hidden key drawn when the form is shown: the service saves one record per key,
    so a double submit or a retry after an outage saves once."""
    return forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)


class FamilySearchForm(forms.Form):
    q = forms.CharField(label=_("Family name, phone number or address"), required=False)


# The organisation a signed-in user answers for: the on-call service's responders, or
# the consultant on duty.
ORGANISATION_FOR_ROLE = {
    Role.ON_CALL: AnsweringOrganisation.SOCIAL_ON_CALL,
    Role.CONSULTANT: AnsweringOrganisation.CONSULTANT_ON_DUTY,
}


class ChildOnCallField(forms.ModelChoiceField):
    """A placed child by first name and age: all an on-call responder may know."""

    def label_from_instance(self, obj) -> str:
        return _("%(name)s, %(age)s years") % {
            "name": obj.first_name,
            "age": obj.age_on(timezone.localdate()),
        }


class CallForm(forms.ModelForm):
    """What the person on the phone records. Only the answering organisation, the
    person and the topic are required: nothing the caller said is refused for a
    missing field."""

    called_at = forms.DateTimeField(
        label=_("Time of call"), widget=DateTimeLocalInput(), initial=_now_local
    )
    child = ChildOnCallField(
        queryset=Child.objects.none(),
        label=_("The call concerns"),
        required=False,
        empty_label=_("The family as a whole, or not known"),
        help_text=_("The children placed in the family now."),
    )
    idempotency_key = idempotency_key_field()

    class Meta:
        model = HotlineCall
        fields = [
            "called_at", "caller_name", "caller_relation", "caller_phone", "caller_details",
            "answered_by_organisation", "answered_by_person", "topic", "topic_text", "advice",
            "urgency", "child_safety_at_risk", "follow_up_needed",
        ]  # fmt: skip
        widgets = {
            "caller_details": forms.Textarea(attrs={"rows": 3}),
            "topic_text": forms.Textarea(attrs={"rows": 3}),
            "advice": forms.Textarea(attrs={"rows": 3}),
            "urgency": forms.RadioSelect,
        }

    def __init__(self, *args, unknown_family: bool, user: User, children=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Who answers is who is signed in, in their organisation (changeable: a colleague
        # may register a call they took).
        self.initial.setdefault("answered_by_person", user.full_name)
        organisation = ORGANISATION_FOR_ROLE.get(user.role)
        if organisation:
            self.initial.setdefault("answered_by_organisation", organisation)
        if unknown_family:
            self.fields["caller_details"].required = True
            del self.fields["child"]
        else:
            del self.fields["caller_details"]
            self.fields["child"].queryset = children
        self.fields["answered_by_organisation"].choices = [
            ("", "—"),
            *AnsweringOrganisation.choices,
        ]
        self.fields["topic"].choices = [("", "—"), *Topic.choices]

    def _post_clean(self):
        # The service validates and builds the call; the form only checks formats.
        pass


class FollowUpDoneForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class ReassignForm(forms.Form):
    to_user = UserChoiceField(label=_("New owner"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=300)
    idempotency_key = idempotency_key_field()

    def __init__(self, *args, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = consultants


class CallFilterForm(DrillDownFieldsMixin, forms.Form):
    """The manager's call list. Hour, weekday and time of call are set by links from the
    hotline figures (local time; a time of call needs both dates)."""

    drill_down_fields = ("hour", "weekday", "time_of_call")

    q = forms.CharField(label=_("Search"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    organisation = forms.ChoiceField(
        label=_("Answered by"),
        required=False,
        choices=[("", _("All")), *AnsweringOrganisation.choices],
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All")), *Topic.choices]
    )
    status = forms.ChoiceField(
        label=_("Follow-up"),
        required=False,
        choices=[
            ("", _("All")),
            ("open", _("Open")),
            (FollowUpState.OVERDUE, _("Overdue")),
            ("done", _("Done")),
            ("unassigned", _("Not assigned")),
        ],
    )
    owner = UserChoiceField(
        label=_("Follow-up owner"), queryset=User.objects.none(), required=False
    )
    safety_only = forms.BooleanField(label=_("Child's safety at risk"), required=False)
    hour = forms.TypedChoiceField(
        label=_("Hour of day"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All")), *((h, f"{h:02d}:00-{h:02d}:59") for h in range(24))],
    )
    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All")), *((n, label) for n, label in enumerate(WEEKDAYS, start=1))],
    )
    time_of_call = forms.ChoiceField(
        label=_("Time of call"), required=False, choices=[("", _("All")), *TIME_OF_CALL_CHOICES]
    )

    def __init__(self, *args, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = consultants
        self.fields["owner"].empty_label = _("All")

    def clean(self):
        cleaned = super().clean()
        period_clean(self)
        if cleaned.get("time_of_call") and not (
            cleaned.get("date_from") and cleaned.get("date_to")
        ):
            self.add_error("date_to", _("Give the period's first and last day."))
        return cleaned


class FollowUpFilterForm(DrillDownFieldsMixin, forms.Form):
    """The follow-up list: by the day of the call, owner and state; ``on`` is the day
    "overdue" is judged at the end of (today unless a link says otherwise)."""

    drill_down_fields = ("on",)

    date_from = forms.DateField(label=_("Calls from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Calls to"), required=False, widget=DateInput())
    state = forms.ChoiceField(
        label=_("Follow-up"),
        required=False,
        choices=[
            ("", _("All")),
            (FollowUpState.OPEN, _("Open")),
            (FollowUpState.OVERDUE, _("Overdue")),
            (FollowUpState.ON_TIME, _("Done by the end of the due working day")),
            (FollowUpState.LATE, _("Late")),
        ],
    )
    owner = UserChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    on = forms.DateField(label=_("Overdue at the end of"), required=False, widget=DateInput())

    def __init__(self, *args, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = consultants
        self.fields["owner"].empty_label = _("All")

    def clean(self):
        cleaned = super().clean()
        period_clean(self)
        return cleaned


class AbsenceForm(forms.Form):
    consultant = UserChoiceField(label=_("Consultant"), queryset=User.objects.none())
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), widget=DateInput())
    substitute = UserChoiceField(label=_("Substitute"), queryset=User.objects.none())

    def __init__(self, *args, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = consultants
        self.fields["substitute"].queryset = consultants

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        if data.get("consultant") and data.get("consultant") == data.get("substitute"):
            self.add_error("substitute", _("The substitute must be another consultant."))
        return data


class OutOfHoursContactForm(forms.Form):
    """A contact the consultant took personally outside office hours."""

    family = FamilyPickerField(url=reverse_lazy("families:picker"), label=_("Family"))
    called_at = forms.DateTimeField(
        label=_("Time of the contact"), widget=DateTimeLocalInput(), initial=_now_local
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", "—"), *Topic.choices])
    topic_text = forms.CharField(
        label=_("Situation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    advice = forms.CharField(
        label=_("Advice given"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up_needed = forms.BooleanField(
        label=_("Follow up on the next working day"), required=False
    )

    def __init__(self, *args, families, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].queryset = families
