"""Danish amounts and dates in and out (fostercare/formatting.py)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from fostercare.formatting import AmountField, danish_date, format_amount, parse_amount

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("25.000,50", Decimal("25000.50")),
        ("25000,50", Decimal("25000.50")),
        ("25000.50", Decimal("25000.50")),
        ("25.000", Decimal("25000")),
        ("1.234.567,8", Decimal("1234567.8")),
        ("25 000,50 kr.", Decimal("25000.50")),
        ("  750 ", Decimal("750")),
        ("0,5", Decimal("0.5")),
        ("-100,25", Decimal("-100.25")),
        ("12.5", Decimal("12.5")),
    ],
)
def test_parse_amount_reads_danish_and_plain_amounts(typed, value):
    assert parse_amount(typed) == value


@pytest.mark.parametrize("typed", ["", "abc", "25,000.50", "1.2.3", "25,,0", "25.00,5.0", "1e5"])
def test_parse_amount_refuses_anything_else(typed):
    with pytest.raises(ValueError):
        parse_amount(typed)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("25000.5"), "25.000,50"),
        (Decimal("0"), "0,00"),
        (Decimal("999.999"), "1.000,00"),
        (1234567, "1.234.567,00"),
        (Decimal("-1234.5"), "-1.234,50"),
        (Decimal("-0.004"), "0,00"),
        (Decimal("1E+3"), "1.000,00"),
        (Decimal("0.005"), "0,01"),  # half up, as money is
    ],
)
def test_format_amount(value, shown):
    assert format_amount(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"), [(Decimal("25000.5"), "25.000,50 kr."), (None, "—"), ("", "—")]
)
def test_kr_filter_is_built_into_every_template(value, shown):
    assert Template("{{ value|kr }}").render(Context({"value": value})) == shown


class AmountForm(forms.Form):
    amount = AmountField(label="Beløb")


@pytest.mark.parametrize(
    ("typed", "value"),
    [("25.000,50", Decimal("25000.50")), ("25000.50", Decimal("25000.50"))],
)
def test_amount_field_accepts_both_ways(typed, value):
    form = AmountForm({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == value


def test_amount_field_says_how_to_write_an_amount_in_danish():
    form = AmountForm({"amount": "mange penge"})
    assert not form.is_valid()
    assert form.errors["amount"] == ['Skriv beløbet i kroner, fx "25.000,50" eller "25000.50".']


def test_amount_field_shows_a_saved_amount_the_danish_way():
    form = AmountForm(initial={"amount": Decimal("25000.5")})
    assert 'value="25.000,50"' in str(form["amount"])
    assert 'inputmode="decimal"' in str(form["amount"])


@pytest.mark.parametrize(
    ("value", "format_string", "shown"),
    [
        (date(2026, 12, 13), "j. M Y", "13. dec. 2026"),
        (date(2027, 9, 9), "j. M Y", "9. sep. 2027"),
        (date(2026, 5, 1), "j. M Y", "1. maj 2026"),
        (date(2026, 1, 31), "j. M", "31. jan."),
        (datetime(2026, 3, 2, 9, 5, tzinfo=COPENHAGEN), "j. M Y H:i", "2. mar. 2026 09:05"),
        (date(2026, 10, 4), "D j. M", "søn 4. okt."),
        (date(2026, 12, 13), r"\M j. M", "M 13. dec."),  # an escaped M stays a letter
        (date(2026, 12, 13), "j. F Y", "13. december 2026"),
    ],
)
def test_dates_print_danish_month_abbreviations(value, format_string, shown):
    with translation.override("da"):
        assert (
            Template("{{ value|date:f }}").render(Context({"value": value, "f": format_string}))
            == shown
        )
        assert danish_date(value, format_string) == shown


def test_dates_keep_english_abbreviations_in_english():
    with translation.override("en"):
        assert (
            Template('{{ value|date:"j. M Y" }}').render(Context({"value": date(2026, 12, 13)}))
            == "13. Dec 2026"
        )


class ChoiceForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)


def test_an_empty_choice_reads_as_a_dash():
    rendered = str(ChoiceForm()["kind"])
    assert '<option value="" selected>—</option>' in rendered
    assert "---------" not in rendered
