from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    ActionPlan,
    BreakdownReason,
    Child,
    ContactArrangement,
    EndReason,
    InformationItem,
    Initiator,
    Placement,
    PlacementChange,
    StatutoryVisit,
)
from cases.selectors import Legality, Situation, VisitFinding
from families.forms import FamilyPickerField
from families.models import PlacementKind
from fostercare.accounts.models import User
from fostercare.cpr import normalise_cpr
from fostercare.forms import DateInput, DrillDownFieldsMixin, period_clean


class NoModelCleanMixin:
    def _post_clean(self):
        # The service validates the whole record; the form only checks field formats,
        # so errors appear once and in the same words everywhere.
        pass


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name


class ChildCprSearchForm(forms.Form):
    """Find a child by CPR number. Posted, never in the URL: a URL ends up in server
    logs, the browser's history and the page's links."""

    cpr = forms.CharField(
        label=_("CPR number"), max_length=20, help_text=_("Exact match, DDMMYY-SSSS.")
    )

    def clean_cpr(self) -> str:
        return normalise_cpr(self.cleaned_data["cpr"])


class ChildFilterForm(DrillDownFieldsMixin, forms.Form):
    """The child list's filters. ``on`` looks at another day than today (the situation
    and the caseworker then); the visit findings and caseworker changes look at the
    period from ``date_from`` to ``date_to`` (links from the managers' figures set them)."""

    drill_down_fields = ("on", "visit", "caseworker_changes", "date_from", "date_to")

    name = forms.CharField(label=_("Name"), required=False)
    placed = forms.NullBooleanField(
        label=_("Placed"),
        required=False,
        widget=forms.Select(
            choices=[("", _("All")), ("true", _("Placed now")), ("false", _("Not placed"))]
        ),
    )
    caseworker = StaffChoiceField(
        label=_("Caseworker"), queryset=User.objects.none(), required=False, empty_label=_("All")
    )
    situation = forms.ChoiceField(
        label=_("Situation"),
        required=False,
        choices=[
            ("", _("All")),
            (Situation.PLACED, _("In full-time care")),
            (Situation.VISIT_OVERDUE, _("Statutory visit overdue")),
            (Situation.REVIEW_OVERDUE, _("Action plan overdue for review")),
        ],
    )
    mine = forms.BooleanField(label=_("Only my cases"), required=False)
    on = forms.DateField(label=_("Situation on"), required=False, widget=DateInput())
    visit = forms.ChoiceField(
        label=_("Statutory visits in the period"),
        required=False,
        choices=[
            ("", _("All")),
            (VisitFinding.LATE, _("A visit came late")),
            (VisitFinding.NOT_ALONE, _("Visited without talking with the child alone")),
        ],
    )
    caseworker_changes = forms.ChoiceField(
        label=_("Changes of caseworker in the period"),
        required=False,
        choices=[
            ("", _("All")),
            ("1+", _("One or more")),
            ("1", _("One")),
            ("2", _("Two")),
            ("2+", _("Two or more")),
            ("3+", _("Three or more")),
        ],
    )
    date_from = forms.DateField(label=_("Period from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Period to"), required=False, widget=DateInput())

    def __init__(self, *args, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers

    def clean(self):
        cleaned = super().clean()
        period_clean(self)
        needs_period = cleaned.get("visit") or cleaned.get("caseworker_changes")
        if needs_period and not (cleaned.get("date_from") and cleaned.get("date_to")):
            self.add_error("date_to", _("Give the period's first and last day."))
        return cleaned


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
    family = FamilyPickerField(
        url=reverse_lazy("families:placeable_picker"),
        label=_("Foster family"),
        help_text=_(
            "The municipality's families, and other municipalities' families that "
            "Socialtilsynet has approved generally."
        ),
    )

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
        fields = ["visited_on", "spoken_alone", "not_alone_reason", "notes"]
        widgets = {
            "visited_on": DateInput(),
            "not_alone_reason": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

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
    to_family = FamilyPickerField(
        url=reverse_lazy("families:placeable_picker"),
        label=_("New foster family"),
        help_text=_(
            "The municipality's families, and other municipalities' families that "
            "Socialtilsynet has approved generally."
        ),
    )
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


class ContactArrangementForm(NoModelCleanMixin, forms.ModelForm):
    class Meta:
        model = ContactArrangement
        fields = [
            "with_whom", "frequency", "supervised", "place", "decision", "decided_on",
            "starts_on", "ends_on", "notes",
        ]  # fmt: skip
        widgets = {
            "decided_on": DateInput(),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class InformationForm(forms.Form):
    items = forms.MultipleChoiceField(
        label=_("Information given"),
        choices=InformationItem.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("E.g. how it was given: a meeting, a letter, the health record."),
    )


class PlacementChangeCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("E.g. the new family has no place after all, or the child stays."),
    )


class MoveForm(forms.Form):
    moved_on = forms.DateField(label=_("Moved on"), widget=DateInput(), initial=timezone.localdate)


_YES_NO = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]
LEGALITY_CHOICES = [
    (Legality.STEPS_BEFORE, _("All three steps before the move")),
    (Legality.ACUTE, _("Acute exception")),
    (Legality.STEPS_MISSING, _("A step missing or after the move")),
]


class PlacementFilterForm(DrillDownFieldsMixin, forms.Form):
    """The placement list's filters: in force on a day (the "to" day, or today), begun
    or ended in a period; the child's caseworker on that day."""

    drill_down_fields = ("breakdown_reason",)

    state = forms.ChoiceField(
        label=_("Placements"),
        required=False,
        choices=[
            ("", _("All")),
            ("active", _("In force on the last day (or today)")),
            ("started", _("Begun in the period")),
            ("ended", _("Ended in the period")),
        ],
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *PlacementKind.choices]
    )
    network = forms.NullBooleanField(
        label=_("In a network family"), required=False, widget=forms.Select(choices=_YES_NO)
    )
    end_reason = forms.ChoiceField(
        label=_("End reason"), required=False, choices=[("", _("All")), *EndReason.choices]
    )
    breakdown_reason = forms.ChoiceField(
        label=_("Breakdown reason"),
        required=False,
        choices=[("", _("All")), *BreakdownReason.choices],
    )
    caseworker = StaffChoiceField(
        label=_("Caseworker"), queryset=User.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers

    def clean(self):
        cleaned = super().clean()
        period_clean(self)
        state = cleaned.get("state")
        if state in ("started", "ended") and not (
            cleaned.get("date_from") and cleaned.get("date_to")
        ):
            self.add_error("date_to", _("Give the period's first and last day."))
        return cleaned


class PlacementChangeFilterForm(DrillDownFieldsMixin, forms.Form):
    """The list of changes of placement: completed in a period, how they stand against
    the legal steps, who initiated them; the child's caseworker on the "to" day (or
    today)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *PlacementChange.Status.choices],
    )
    date_from = forms.DateField(label=_("Moved from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Moved to"), required=False, widget=DateInput())
    legality = forms.ChoiceField(
        label=_("Legal steps"),
        required=False,
        choices=[("", _("All")), *LEGALITY_CHOICES],
    )
    initiated_by = forms.ChoiceField(
        label=_("Initiated by"), required=False, choices=[("", _("All")), *Initiator.choices]
    )
    poor_match = forms.NullBooleanField(
        label=_("Poor match"), required=False, widget=forms.Select(choices=_YES_NO)
    )
    late_assessment = forms.NullBooleanField(
        label=_("Late assessment"), required=False, widget=forms.Select(choices=_YES_NO)
    )
    caseworker = StaffChoiceField(
        label=_("Caseworker"), queryset=User.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers

    def clean(self):
        cleaned = super().clean()
        period_clean(self)
        return cleaned
