"""Search-as-you-type pickers: one widget and one JSON view for every long choice list.

A form field keeps its whole scoped queryset (that is what validates a posted value),
but its widget renders at most ``PICKER_LIMIT`` options: the chosen ones, then the first
of what the field offers (``offer``: the fallback when the browser runs no script).
``static/js/picker.js`` turns the select into an accessible combobox (GOV.UK
accessible-autocomplete, vendored) that asks the field's ``PickerSearchView`` for the
matches of what the user types; a multiple picker lists the chosen records with a
button to remove each, so nothing needs Ctrl-click or a mouse.

A ``PickerSearchView`` answers ``?q=`` with at most ``PICKER_LIMIT`` records of the
user's own municipality (its ``options()`` come from a ``_choices`` selector), each
with a label that tells records of the same name apart.
"""

from collections.abc import Iterable

from django import forms
from django.db.models import Model, QuerySet
from django.forms.models import ModelChoiceIterator
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import View

from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.audit.mixins import AccessLoggedMixin, ShownRows

PICKER_LIMIT = 50
MAX_QUERY_LENGTH = 100

# What the combobox says and reads aloud (static/js/picker.js fills in the %(name)s).
PICKER_TEXTS = {
    "hint": _(
        "Type to search. Use the up and down arrows to go through the matches and Enter "
        "to choose one. On a touch screen, tap a match."
    ),
    "no-results": _("No matches"),
    "too-short": _("Type %(count)s or more characters to search"),
    "result": _("1 match"),
    "results": _("%(count)s matches"),
    "highlighted": _("%(option)s, %(index)s of %(count)s, is highlighted"),
    "chosen": _("Chosen"),
    "remove": _("Remove"),
    "remove-label": _("Remove %(label)s"),
}


def picker_pks(values: Iterable) -> list[int]:
    """The posted or initial values that can be primary keys (bad input is ignored
    here; the field refuses it with its own message)."""
    pks = []
    for value in values:
        value = getattr(value, "pk", value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            pks.append(int(value))
    return pks[:PICKER_LIMIT]


class SearchSelectMixin:
    """Render the chosen options and the first of ``offer`` only, at most ``limit``."""

    limit = PICKER_LIMIT

    def __init__(self, attrs=None, *, url="", depends_on="", offer: QuerySet | None = None):
        super().__init__(attrs)
        self.url = url
        self.depends_on = depends_on
        self.offer = offer

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.offer = self.offer
        return copy

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        attrs["data-picker"] = str(self.url)
        if self.depends_on:
            attrs["data-picker-depends"] = self.depends_on
        for key, words in PICKER_TEXTS.items():
            attrs[f"data-picker-t-{key}"] = str(words)
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        choices = self.choices
        if isinstance(choices, ModelChoiceIterator):
            self.choices = self._limited(choices, value)
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = choices

    def _limited(self, choices: ModelChoiceIterator, value) -> list:
        field = choices.field
        chosen_pks = picker_pks(value or [])
        chosen = list(choices.queryset.filter(pk__in=chosen_pks)) if chosen_pks else []
        rest = self.limit - len(chosen)
        offer = self.offer if self.offer is not None else choices.queryset
        others = list(offer.exclude(pk__in=chosen_pks)[:rest]) if rest > 0 else []
        options = [choices.choice(obj) for obj in [*chosen, *others]]
        if field.empty_label is not None and not self.allow_multiple_selected:
            options.insert(0, ("", field.empty_label))
        return options

    class Media:
        css = {"all": ("vendor/accessible-autocomplete/accessible-autocomplete.min.css",)}
        js = ("vendor/accessible-autocomplete/accessible-autocomplete.min.js", "js/picker.js")


class SearchSelect(SearchSelectMixin, forms.Select):
    pass


class SearchSelectMultiple(SearchSelectMixin, forms.SelectMultiple):
    pass


class _PickerAnswer(View):
    def get(self, request, *args, **kwargs):
        queryset = self.options()
        for word in request.GET.get("q", "")[:MAX_QUERY_LENGTH].split():
            queryset = self.search(queryset, word)
        rows = list(queryset[: PICKER_LIMIT + 1])
        self.rows = rows[:PICKER_LIMIT]
        return JsonResponse(
            {
                "results": [{"value": str(obj.pk), "label": self.label(obj)} for obj in self.rows],
                "more": len(rows) > PICKER_LIMIT,
            }
        )


class PickerSearchView(RoleRequiredMixin, AccessLoggedMixin, _PickerAnswer):
    """``?q=words`` → ``{"results": [{"value", "label"}], "more": bool}``: at most
    ``PICKER_LIMIT`` of ``options()`` whose ``search`` matches every word. The records
    answered are written to the access log (a search)."""

    model: type[Model]

    def options(self) -> QuerySet:
        raise NotImplementedError

    def search(self, queryset: QuerySet, word: str) -> QuerySet:
        raise NotImplementedError

    def label(self, obj) -> str:
        return str(obj)

    def accessed_records(self):
        return []

    def accessed_rows(self):
        query = self.request.GET.get("q", "")[:MAX_QUERY_LENGTH]
        return [ShownRows(self.model, self.rows, action="search", details={"q": query})]
