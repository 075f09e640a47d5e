"""CPR numbers (Danish personal ID, DDMMYY-SSSS): validation, birth date, masking.

The seventh digit and the year together give the century (CPR-kontoret's table).
The modulus-11 check is not applied: numbers issued since 2007 need not satisfy it.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# People write a CPR number as 0107141234, 010714-1234, 010714 1234 or 01.07.14-1234:
# one optional separator (space, dot, dash or slash) between the parts.
_SEP = r"[\s./-]?"
_PARTS = rf"(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{4}})"
# Not inside a longer number, nor across the first dash of a UUID in a logged path
# ("…c731894-6649-…": six digits there always follow a lowercase hex digit or letter),
# nor at the start of a UUID's last group ("…-4a1b-8c2d-1234567890ab": ten digits there
# follow the UUID's first four groups; about one UUID in 300 has them).
_UUID_HEAD = r"[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-"
CPR_PATTERN = re.compile(rf"(?<![\da-f])(?<!{_UUID_HEAD}){_PARTS}(?!\d)")
_FULL = re.compile(rf"^{_PARTS}$")


def _century(year2: int, seventh: int) -> int:
    if seventh in (0, 1, 2, 3):
        return 1900
    if seventh in (4, 9):
        return 2000 if year2 <= 36 else 1900
    if seventh in (5, 6, 7, 8):
        return 2000 if year2 <= 57 else 1800
    raise ValueError(seventh)


def normalise_cpr(value: str) -> str:
    """Return ``DDMMYY-SSSS`` or raise ``ValidationError`` with a message for the user."""
    match = _FULL.match((value or "").strip())
    if not match:
        raise ValidationError(
            _("A CPR number has ten digits, written DDMMYY-SSSS."), code="cpr_format"
        )
    day, month, year2, serial = match.groups()
    try:
        birth_date(f"{day}{month}{year2}-{serial}")
    except ValueError as exc:
        raise ValidationError(
            _("The first six digits of a CPR number must be a real date (DDMMYY)."),
            code="cpr_date",
        ) from exc
    return f"{day}{month}{year2}-{serial}"


def validate_cpr(value: str) -> None:
    normalise_cpr(value)


def birth_date(cpr: str) -> date:
    """The birth date a valid CPR number encodes."""
    digits = cpr.replace("-", "")
    day, month, year2, seventh = int(digits[:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6])
    return date(_century(year2, seventh) + year2, month, day)


def mask_cpr(cpr: str) -> str:
    """``010203-1234`` → ``010203-XXXX``, in any text and however it is written
    (``010203 1234``, ``01.02.03-1234``); anything else is returned unchanged."""
    if not cpr:
        return cpr
    return CPR_PATTERN.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}-XXXX", cpr)


def mask_cpr_in(value):
    """Mask every CPR-like number inside a string, list or dict (for logs)."""
    if isinstance(value, str):
        return mask_cpr(value)
    if isinstance(value, list | tuple):
        return [mask_cpr_in(item) for item in value]
    if isinstance(value, dict):
        return {key: mask_cpr_in(item) for key, item in value.items()}
    return value


def cpr_unchanged(value: str, stored: str) -> bool:
    """Whether a form sent back the masked number it showed for ``stored``: forms show
    a stored CPR number masked (``DDMMYY-XXXX``), never in full, and leaving it as
    it is keeps the stored number; typing a whole new number replaces it."""
    value = (value or "").strip().upper()
    return bool(stored) and bool(value) and value == mask_cpr(stored).upper()
