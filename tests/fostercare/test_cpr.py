from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fostercare.cpr import birth_date, mask_cpr, mask_cpr_in, normalise_cpr


@pytest.mark.parametrize(
    ("raw", "normalised", "born"),
    [
        ("010203-1234", "010203-1234", date(1903, 2, 1)),
        ("0102031234", "010203-1234", date(1903, 2, 1)),
        (" 241210 4123 ", "241210-4123", date(2010, 12, 24)),
        ("290216-5123", "290216-5123", date(2016, 2, 29)),
        ("150190-9123", "150190-9123", date(1990, 1, 15)),
        ("150160-5123", "150160-5123", date(1860, 1, 15)),
        ("311299-4999", "311299-4999", date(1999, 12, 31)),
        ("12.07.14-4135", "120714-4135", date(2014, 7, 12)),
        ("120714 4135", "120714-4135", date(2014, 7, 12)),
    ],
)
def test_valid_cpr(raw, normalised, born):
    assert normalise_cpr(raw) == normalised
    assert birth_date(normalised) == born


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "cpr_format"),
        ("12345", "cpr_format"),
        ("010203-12345", "cpr_format"),
        ("01020a-1234", "cpr_format"),
        ("320103-1234", "cpr_date"),
        ("011303-1234", "cpr_date"),
        ("290217-5123", "cpr_date"),  # 2017 was no leap year
        ("000000-0000", "cpr_date"),
    ],
)
def test_invalid_cpr_has_a_message(raw, code):
    with pytest.raises(ValidationError) as error:
        normalise_cpr(raw)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("010203-1234", "010203-XXXX"),
        ("Barn 0102031234 flyttet", "Barn 010203-XXXX flyttet"),
        # Written the ways people write them: with a space, dots, slashes.
        ("120714 4135", "120714-XXXX"),
        ("cpr: 12.07.14-4135.", "cpr: 120714-XXXX."),
        ("12 07 14 4135", "120714-XXXX"),
        ("12/07/14-4135", "120714-XXXX"),
        ("12.07.14.4135", "120714-XXXX"),
        ("to numre: 120714 4135, 010203-1234", "to numre: 120714-XXXX, 010203-XXXX"),
        # Not CPR numbers: a phone number, a date and time, a longer number.
        ("tlf 12345678", "tlf 12345678"),
        ("tlf 45 12 34 56 78", "tlf 45 12 34 56 78"),
        ("2026-01-05 12:00", "2026-01-05 12:00"),
        ("konto 1234567890123", "konto 1234567890123"),
        # A record's UUID in a logged path.
        (
            "/boern/3c731894-6649-44cc-846c-c950ee3a0406/rediger/",
            "/boern/3c731894-6649-44cc-846c-c950ee3a0406/rediger/",
        ),
        (  # ten digits at the start of its last group (about one UUID in 300)
            "/planlaegning/boern/3c731894-6649-44cc-846c-1207144135ab/matching/",
            "/planlaegning/boern/3c731894-6649-44cc-846c-1207144135ab/matching/",
        ),
        ("sag 846c-1207144135 i teksten", "sag 846c-120714-XXXX i teksten"),  # no UUID
        ("", ""),
    ],
)
def test_mask_cpr(text, masked):
    assert mask_cpr(text) == masked


def test_mask_cpr_in_nested_values():
    assert mask_cpr_in({"cpr": ["010203-1234", "241210-4123"], "age": 7}) == {
        "cpr": ["010203-XXXX", "241210-XXXX"],
        "age": 7,
    }
