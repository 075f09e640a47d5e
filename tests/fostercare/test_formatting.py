"""Danish amounts in and out (fostercare/formatting.py)."""

from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template

from fostercare.formatting import AmountField, format_amount, parse_amount


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
