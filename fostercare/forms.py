"""Form pieces every app uses."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from fostercare.cpr import cpr_unchanged, mask_cpr, normalise_cpr


class DateInput(forms.DateInput):
    """The browser's own date picker; the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def add_service_errors(
    form: forms.Form, error: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's ``ValidationError`` on the form: on the field it names (or the
    form field ``field_map`` says stands for it), otherwise at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = (field_map or {}).get(name, name)
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(target, errors)


class DrillDownFieldsMixin:
    """A list's filters that only links from elsewhere set (the managers' figures link
    to the list behind each number with them): hidden while empty, shown with their
    value when a link sets them, so the list says what it was narrowed by."""

    drill_down_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.drill_down_fields:
            if name in self.fields and not self.data.get(name):
                self.fields[name].widget = forms.HiddenInput()


def period_clean(form: forms.Form, start: str = "date_from", end: str = "date_to") -> None:
    """A period from ``start`` to ``end`` may be open at either end but not run
    backwards; the error goes on the end field."""
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, _("The end date cannot be before the start date."))


class MaskedCprFormMixin:
    """A model form whose record has a CPR number (field ``cpr``): the form shows it
    masked (``DDMMYY-XXXX``), so the full number never reaches the browser of someone
    correcting an address. Left as it is, the stored number is kept; a whole new
    number, written in any usual way, replaces it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_field = self.fields["cpr"]
        # The model field's validator would reject the masked number before clean_cpr.
        self.fields["cpr"] = forms.CharField(
            label=model_field.label,
            required=model_field.required,
            help_text=model_field.help_text,
            max_length=20,
        )
        if self.instance.cpr:
            self.initial["cpr"] = mask_cpr(self.instance.cpr)

    def clean_cpr(self) -> str:
        value = (self.cleaned_data.get("cpr") or "").strip()
        if cpr_unchanged(value, self.instance.cpr):
            return self.instance.cpr
        return normalise_cpr(value) if value else ""
