"""The national rate tables, as the rule functions take them, and which years are
missing."""

from collections.abc import Iterable
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from economics.models import BoardAndLodgingRate, FeeUnitRate
from economics.rules import DailyRates, FeeUnit


def board_rates_map(*, years: Iterable[int]) -> dict[int, DailyRates]:
    """``{year: DailyRates}`` for those of ``years`` the admin has entered (one query)."""
    return {
        row.year: row.as_rates() for row in BoardAndLodgingRate.objects.filter(year__in=set(years))
    }


def fee_units_map(*, years: Iterable[int]) -> dict[int, FeeUnit]:
    """``{year: FeeUnit}`` for those of ``years`` the admin has entered (one query)."""
    return {row.year: row.as_unit() for row in FeeUnitRate.objects.filter(year__in=set(years))}


# From this day of the year the admin is told that next year's rates are missing: the
# ministry and KL publish them in the autumn for 1 January.
WARN_FROM_MONTH = 12


def rates_missing(*, today: date | None = None) -> list[dict]:
    """The rate tables without a row for this year, or (from 1 December) next year:
    ``[{"year": 2027, "table": "Board-and-lodging rates"}, ...]``, oldest first. Two
    queries."""
    today = today or timezone.localdate()
    years = [today.year] + ([today.year + 1] if today.month >= WARN_FROM_MONTH else [])
    tables = (
        (BoardAndLodgingRate, _("Board-and-lodging rates")),
        (FeeUnitRate, _("Fee unit")),
    )
    missing = []
    for model, label in tables:
        present = set(model.objects.filter(year__in=years).values_list("year", flat=True))
        missing += [{"year": year, "table": label} for year in years if year not in present]
    return sorted(missing, key=lambda row: row["year"])
