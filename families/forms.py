from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import (
    Approval,
    ApprovalType,
    AssessmentCriterionKind,
    Family,
    FamilyMember,
    NetworkAssessment,
    Rating,
)
from families.selectors import approval_child_find
from fostercare.accounts.models import User
from fostercare.cpr import cpr_unchanged
from fostercare.forms import DateInput, DrillDownFieldsMixin, MaskedCprFormMixin, period_clean
from fostercare.pickers import SearchSelect, SearchSelectMultiple


class ConsultantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name


def family_picker_label(family: Family) -> str:
    """A family as a picker shows it: name, address, current approval types and the
    fixed consultant (from ``family_picker_annotate``), so two "Familien Berg" differ."""
    parts = [f"{family.name} – {family.address}"]
    types = getattr(family, "picker_types", None) or []
    if types:
        parts.append(", ".join(str(ApprovalType(t).label) for t in types))
    consultant = getattr(family, "picker_consultant", None)
    if consultant:
        parts.append(_("consultant %(name)s") % {"name": consultant})
    elsewhere = getattr(family, "picker_elsewhere", "")
    if elsewhere:
        parts.append(_("a family of %(municipality)s") % {"municipality": elsewhere})
    return " · ".join(parts)


def member_picker_label(member: FamilyMember) -> str:
    """A family member with the kind and the family (``select_related("family")``)."""
    family = member.family
    return f"{member.full_name} ({member.get_kind_display()}) – {family.name}, {family.address}"


class FamilyPickerField(forms.ModelChoiceField):
    """One family, chosen with a search-as-you-type picker (``fostercare.pickers``)."""

    def __init__(self, *, url, **kwargs):
        kwargs.setdefault("queryset", Family.objects.none())
        super().__init__(widget=SearchSelect(url=url), **kwargs)

    def label_from_instance(self, obj: Family) -> str:
        return family_picker_label(obj)


class FamiliesPickerField(forms.ModelMultipleChoiceField):
    """Several families, chosen one after the other with a picker."""

    def __init__(self, *, url, **kwargs):
        kwargs.setdefault("queryset", Family.objects.none())
        super().__init__(widget=SearchSelectMultiple(url=url), **kwargs)

    def label_from_instance(self, obj: Family) -> str:
        return family_picker_label(obj)


class MemberPickerField(forms.ModelChoiceField):
    def __init__(self, *, url, **kwargs):
        kwargs.setdefault("queryset", FamilyMember.objects.none())
        super().__init__(widget=SearchSelect(url=url), **kwargs)

    def label_from_instance(self, obj: FamilyMember) -> str:
        return member_picker_label(obj)


class MembersPickerField(forms.ModelMultipleChoiceField):
    def __init__(self, *, url, depends_on="", **kwargs):
        kwargs.setdefault("queryset", FamilyMember.objects.none())
        super().__init__(widget=SearchSelectMultiple(url=url, depends_on=depends_on), **kwargs)

    def label_from_instance(self, obj: FamilyMember) -> str:
        return member_picker_label(obj)


class ChildByCprField(forms.CharField):
    """A child chosen by exact CPR number (children are never browsed in a list)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("The child's CPR number"))
        kwargs.setdefault("help_text", _("Exact match, DDMMYY-SSSS."))
        super().__init__(max_length=11, **kwargs)


class UserFormMixin:
    """Forms that need the acting user (to offer and look up only its municipality's data)."""

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def _child_from_cpr(self, field: str):
        value = self.cleaned_data.get(field)
        if not value:
            return None
        try:
            child = approval_child_find(user=self.user, cpr=value)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from error
        if child is None:
            raise forms.ValidationError(
                _("No child with this CPR number is registered in the municipality.")
            )
        return child


class FamilyForm(forms.ModelForm):
    languages = forms.CharField(
        label=_("Languages"), required=False, help_text=_("Separate with commas.")
    )

    class Meta:
        model = Family
        fields = [
            "name", "street", "postal_code", "city", "district", "phone", "phone_secondary",
            "email", "languages", "notes",
        ]  # fmt: skip
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["languages"] = ", ".join(self.instance.languages)

    def clean_languages(self) -> list[str]:
        raw = self.cleaned_data.get("languages") or ""
        return [part.strip() for part in raw.split(",") if part.strip()]

    def clean_phone(self) -> str:
        return " ".join(self.cleaned_data["phone"].split())


class FamilyCreateForm(FamilyForm):
    consultant = ConsultantChoiceField(queryset=User.objects.none(), label=_("Fixed consultant"))
    consultant_from = forms.DateField(
        label=_("Consultant from"), widget=DateInput(), initial=timezone.localdate
    )

    def __init__(self, *args, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = consultants


class ConsultantChangeForm(forms.Form):
    consultant = ConsultantChoiceField(queryset=User.objects.none(), label=_("New consultant"))
    starts_on = forms.DateField(label=_("From"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason for change"), max_length=300, required=False)

    def __init__(self, *args, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = consultants


class MemberForm(MaskedCprFormMixin, forms.ModelForm):
    class Meta:
        model = FamilyMember
        fields = ["kind", "full_name", "cpr", "birth_year", "phone", "occupation"]
        help_texts = {
            "cpr": _("For foster parents. DDMMYY-SSSS. To correct it, type the whole number.")
        }


class ApprovalForm(UserFormMixin, forms.ModelForm):
    child_cpr = ChildByCprField(required=False)

    class Meta:
        model = Approval
        fields = [
            "type", "approving_body", "decision_date", "valid_from", "valid_to",
            "capacity_full_time", "capacity_respite", "status", "status_reason",
        ]  # fmt: skip
        widgets = {
            "decision_date": DateInput(),
            "valid_from": DateInput(),
            "valid_to": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child_cpr"].help_text = _(
            "Only for network and specific approvals: the one child the approval is for."
        )
        if self.instance.child_id:
            self.initial["child_cpr"] = self.instance.child.masked_cpr

    def clean_child_cpr(self):
        child = self.instance.child if self.instance.child_id else None
        if child and cpr_unchanged(self.cleaned_data.get("child_cpr"), child.cpr):
            return child
        return self._child_from_cpr("child_cpr")

    def _post_clean(self):
        # The service validates the whole approval (it knows the family); the form only
        # checks field formats, so errors appear once and in the same words everywhere.
        pass


class AssessmentForm(UserFormMixin, forms.ModelForm):
    child_cpr = ChildByCprField()
    assessors = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        label=_("Assessors"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or two."),
    )

    class Meta:
        model = NetworkAssessment
        fields = [
            "relation_to_child", "relation_rating", "started_on", "alignment_meeting_on",
            "alignment_participants", "alignment_notes",
        ]  # fmt: skip
        widgets = {
            "relation_to_child": forms.Textarea(attrs={"rows": 3}),
            "started_on": DateInput(),
            "alignment_meeting_on": DateInput(),
            "alignment_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, assessors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessors"].queryset = assessors
        self.fields["assessors"].label_from_instance = lambda user: user.full_name
        if self.instance.pk:
            self.initial["child_cpr"] = self.instance.child.masked_cpr
            self.fields["child_cpr"].disabled = True
            self.initial["assessors"] = list(self.instance.assessors.all())
        else:
            self.initial.setdefault("started_on", timezone.localdate())
            self.initial.setdefault("assessors", [self.user.pk])

    def clean_child_cpr(self):
        if self.instance.pk:
            return self.instance.child
        return self._child_from_cpr("child_cpr")


class CriterionForm(forms.Form):
    # Which criterion a row is about is the server's (the formset's initial data), never
    # the browser's: a disabled field takes its initial value whatever is posted.
    criterion = forms.ChoiceField(
        choices=AssessmentCriterionKind.choices, widget=forms.HiddenInput, disabled=True
    )
    rating = forms.TypedChoiceField(
        choices=[("", "—"), *Rating.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Rating"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    note = forms.CharField(
        required=False,
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 1, "class": "form-control form-control-sm"}),
    )

    @property
    def label(self) -> str:
        value = self.initial.get("criterion")
        return AssessmentCriterionKind(value).label if value in AssessmentCriterionKind else ""


# One row per criterion and never more: a posted form count is not trusted (it would
# make the server build and render thousands of rows).
CRITERIA = len(AssessmentCriterionKind)
CriterionFormSet = forms.formset_factory(
    CriterionForm, extra=0, max_num=CRITERIA, absolute_max=CRITERIA, validate_max=True
)


class ConditionForm(forms.Form):
    description = forms.CharField(
        label=_("Support that must start"), max_length=300, required=False
    )
    start_by = forms.DateField(label=_("Must start by"), widget=DateInput(), required=False)
    started_on = forms.DateField(label=_("Started on"), widget=DateInput(), required=False)

    def clean(self):
        data = super().clean()
        if data.get("description") and not data.get("start_by"):
            self.add_error("start_by", _("Give the date the support must start by."))
        if data.get("start_by") and not data.get("description"):
            self.add_error("description", _("Describe the support."))
        return data


# The saved conditions and two empty rows; never more than MAX_CONDITIONS rows.
MAX_CONDITIONS = 20
ConditionFormSet = forms.formset_factory(
    ConditionForm, extra=2, max_num=MAX_CONDITIONS, absolute_max=MAX_CONDITIONS, validate_max=True
)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[c for c in NetworkAssessment.Outcome.choices if c[0] != "pending"],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    decided_on = forms.DateField(
        label=_("Decided on"), widget=DateInput(), initial=timezone.localdate
    )
    valid_from = forms.DateField(
        label=_("Approval valid from"),
        widget=DateInput(),
        required=False,
        help_text=_("If approved. Defaults to the decision date."),
    )
    valid_to = forms.DateField(label=_("Approval valid to"), widget=DateInput(), required=False)


class FamilyFilterForm(DrillDownFieldsMixin, forms.Form):
    """The family list's filters; other apps add theirs (``families.list_filters``).
    ``on`` looks at another day than today; the period fields are for other apps'
    filters that look at one (both are set by links from the managers' figures)."""

    drill_down_fields = ("free_respite", "on", "date_from", "date_to")

    q = forms.CharField(label=_("Search"), required=False)
    approval_type = forms.ChoiceField(label=_("Approval type"), required=False)
    status = forms.ChoiceField(label=_("Approval status"), required=False)
    consultant = forms.ModelChoiceField(
        label=_("Consultant"), queryset=User.objects.none(), required=False
    )
    free_places = forms.NullBooleanField(
        label=_("Approved places"),
        required=False,
        widget=forms.Select(choices=[("", "—"), ("true", _("Has places")), ("false", _("None"))]),
    )
    free_respite = forms.NullBooleanField(
        label=_("Respite places"),
        required=False,
        widget=forms.Select(choices=[("", "—"), ("true", _("Has places")), ("false", _("None"))]),
    )
    district = forms.ChoiceField(label=_("District"), required=False)
    occupancy = forms.ChoiceField(label=_("Children placed"), required=False)
    on = forms.DateField(label=_("Situation on"), required=False, widget=DateInput())
    date_from = forms.DateField(label=_("Period from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Period to"), required=False, widget=DateInput())

    def __init__(self, *args, full: bool, consultants, districts: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        if not full:  # an on-call responder searches; approvals are not theirs to filter on
            for name in list(self.fields):
                if name != "q":
                    del self.fields[name]
            return
        from families.list_filters import family_list_filters
        from families.models import ApprovalStatus, ApprovalType
        from families.selectors import ANY_CURRENT, GENERAL, SPECIFIC, Occupancy

        self.fields["approval_type"].choices = [
            ("", _("All")),
            (ANY_CURRENT, _("Any current approval")),
            *ApprovalType.choices,
            (GENERAL, _("Generally approved (any kind)")),
            (SPECIFIC, _("Approved only for a named child")),
        ]
        self.fields["status"].choices = [("", _("Current")), *ApprovalStatus.choices]
        self.fields["consultant"].queryset = consultants
        self.fields["consultant"].label_from_instance = lambda u: u.full_name
        self.fields["consultant"].empty_label = _("All")
        self.fields["district"].choices = [("", _("All")), *((d, d) for d in districts)]
        self.fields["occupancy"].choices = [
            ("", _("All")),
            (Occupancy.PLACED, _("A child placed")),
            (Occupancy.FULL_TIME, _("A child in full-time care")),
            (Occupancy.RESPITE_ONLY, _("Respite only")),
            (Occupancy.IDLE, _("Approved, no child placed")),
        ]
        for list_filter in family_list_filters():
            self.fields[list_filter.name] = forms.ChoiceField(
                label=list_filter.label,
                required=False,
                choices=[("", _("All")), *list_filter.choices],
            )
            if list_filter.drill_down and not self.data.get(list_filter.name):
                self.fields[list_filter.name].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        period_clean(self)
        return cleaned
