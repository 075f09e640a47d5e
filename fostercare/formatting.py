"""Danish amounts and dates in and out: "25.000,50 kr." on the page, "25.000,50" or
"25000.50" typed in a form; "13. dec. 2026". The template filters here (``kr``,
``amount``, ``date``) are built into every template (settings
``TEMPLATES["OPTIONS"]["builtins"]``)."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms, template
from django.core.exceptions import ValidationError
from django.template.defaultfilters import date as django_date
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()

_DANISH = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")  # 25.000,50 or 25000,50
_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")  # 25.000 (a Danish thousand separator)
_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")  # 25000.50


def parse_amount(text: str) -> Decimal:
    """An amount typed the Danish way ("25.000,50", "25000,50", "25.000") or plainly
    ("25000.50"), with or without spaces and "kr."; ``ValueError`` if it is neither."""
    value = re.sub(r"\s|kr\.?$", "", str(text).strip().replace("\xa0", ""), flags=re.I)
    if _DANISH.match(value) and ("," in value or _THOUSANDS.match(value)):
        value = value.replace(".", "").replace(",", ".")
    elif not _PLAIN.match(value):
        raise ValueError(text)
    try:
        return Decimal(value)
    except InvalidOperation as error:
        raise ValueError(text) from error


def format_amount(value, decimals: int = 2) -> str:
    """``25000.5`` → ``"25.000,50"`` (rounded half up, as money is)."""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if not rounded:
        rounded = abs(rounded)  # "-0,00" → "0,00"
    # Python's own grouping, then the Danish separators: a twentieth of the time of
    # django.utils.numberformat, which matters on a list with a thousand amounts.
    return f"{rounded:,.{decimals}f}".translate(_DANISH_SEPARATORS)


_DANISH_SEPARATORS = str.maketrans(",.", ".,")


@register.filter
def amount(value, decimals: int = 2) -> str:
    """An amount the Danish way, without the currency; empty for no value."""
    if value in (None, ""):
        return ""
    return format_amount(value, int(decimals))


@register.filter
def kr(value) -> str:
    """An amount in kroner the Danish way: ``25.000,50 kr.``; "—" for no value."""
    if value in (None, ""):
        return "—"
    return f"{format_amount(value)} kr."


# Danish abbreviations of the months (Dansk Sprognævn): lowercase, with a full stop
# except "maj", which is the whole word. Django's "M" prints "Dec" and "Sep", which
# read as English, and its Danish "N" is "sept.".
DANISH_MONTHS_SHORT = {
    1: "jan.", 2: "feb.", 3: "mar.", 4: "apr.", 5: "maj", 6: "jun.",
    7: "jul.", 8: "aug.", 9: "sep.", 10: "okt.", 11: "nov.", 12: "dec.",
}  # fmt: skip


def _danish_format(value, format_string: str) -> str:
    """``format_string`` with each "M" (month, abbreviated) replaced by the Danish
    abbreviation of ``value``'s month, escaped so the date format prints it as is."""
    month = "".join(f"\\{char}" for char in DANISH_MONTHS_SHORT[value.month])
    out, escaped = [], False
    for char in format_string:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        else:
            out.append(month if char == "M" else char)
    return "".join(out)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's ``date`` filter, with Danish month abbreviations when Danish is the
    language: ``{{ day|date:"j. M Y" }}`` → "13. dec. 2026" ("13. Dec 2026" in English).
    It replaces the built-in filter in every template, so no page prints "Dec"."""
    if (
        arg
        and "M" in arg
        and hasattr(value, "month")
        and (get_language() or "").split("-")[0] == "da"
    ):
        arg = _danish_format(value, arg)
    return django_date(value, arg)


def danish_date(value, format_string: str = "j. M Y") -> str:
    """A date as the pages print it, for text built outside templates."""
    return date(value, format_string)


class AmountField(forms.DecimalField):
    """An amount in kroner, typed "25.000,50" or "25000.50"; shown the Danish way."""

    default_error_messages = {
        "invalid": _('Write the amount in kroner, e.g. "25.000,50" or "25000.50".'),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_amount(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float):
            return format_amount(value, self.decimal_places or 0)
        return value

    def widget_attrs(self, widget):
        # Not a number input: the browser would refuse "25.000,50".
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        return attrs
