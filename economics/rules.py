"""The money rules of foster care, with their citations: board and lodging, the fee
(vederlag), and a network family's expense neutrality (udgiftsneutralitet).

They live here, not in ``families/rules.py``, because the economics app owns all money
(README, "Layout"). Everything in this module is pure: numbers, dates and mappings in,
``Decimal`` amounts out; the rates come from the national tables the admin keeps
(``economics.models.BoardAndLodgingRate``, ``FeeUnitRate``) and are passed in, so the
same function serves a page, the payment list and the tests.

Sources, checked against stored copies of the public texts (README, "Economics: fees
per child and the law"):

- Network families' costs: plejefamiliebekendtgørelsen, BEK nr. 522 af 30. april 2019,
  § 14, stk. 1-3 (elov.dk), and behind it serviceloven (SEL) § 66 b, stk. 4-5
  (danskelove.dk). The foster-family order is now BEK nr. 1489 af 6. december 2023
  (its § 9 defines the network family "jf. § 43, stk. 1, nr. 4, i barnets lov"); the
  paragraph of BEK 1489 and the provision of Barnets Lov that carry the old § 14 and
  SEL § 66 b, stk. 4-5 forward are UNVERIFIED: no public text was found.
- Board and lodging: Barnets Lov § 197 (the ministry's rate table for 2024 cites it);
  formerly SEL § 55, stk. 4 (statute text seen). The text of § 197 itself was not seen.
- Appeal: retssikkerhedsloven kapitel 10; § 60, stk. 1 (text seen, LBK 261/2024); the
  4-week time limit in § 67, stk. 1 and the municipality's own reassessment in § 66
  are known from a cross-reference (voksenansvarsloven § 23, stk. 4) and from
  Ankestyrelsen's and DUKH's guidance: PARTIAL, the statute text was not seen.
- Fee unit (vederlag): KL's letters of 21/8 2018 and 1/9 2022: regulated every 1
  January, one unit per month = the daily unit × 365/12.
"""

import calendar as _calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fostercare.formatting import format_amount

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# --- board and lodging (godtgørelse for kost og logi) -----------------------------------
# A national rate per day per child, set every year: one for a child under 10, one for
# a child of 10 and over, and a lower one, whatever the age, for the third and later
# child the same municipality places in the same place (Barnets Lov § 197; formerly SEL
# § 55, stk. 4: "For tredje barn eller ung og derover placeret på samme sted"). That the
# reduction counts only children placed by the same municipality is the ministry's
# reading as KL reported it (kl.dk, March 2016) and KL's letter of 1/9 2022 ("fra samme
# kommune"). The higher rate applies from the 10th birthday ("på 10 år og derover",
# BEK 1573/2014; KL).
HIGHER_RATE_AGE = 10
LOWER_RATE_FROM_RANK = 3
BOARD_AND_LODGING_CITATION = _(
    "Board and lodging: Barnets Lov § 197 (formerly serviceloven § 55, stk. 4): a national "
    "rate per day per child, by age, and a lower rate for the third and later child the "
    "municipality places in the same place."
)

# --- a network family's other and extraordinary costs -----------------------------------
# The approving municipality covers, besides board and lodging, the network family's
# other and extraordinary costs of having the child live with them, when a concrete and
# individual assessment finds a need beyond board and lodging; it may demand
# documentation (BEK 522/2019 § 14, stk. 1-2; SEL § 66 b, stk. 4, 1. pkt.). Up to
# 20,000 kr. per child a year may be covered without documentation when the
# municipality and the family agreed on the expense before it was paid (BEK 522/2019
# § 14, stk. 3; SEL § 66 b, stk. 4, 2. pkt.). The texts say "pr. barn årligt"; we
# count the calendar year of the decision, as the municipality's accounts do.
UNDOCUMENTED_YEARLY_CAP = Decimal("20000.00")
OTHER_COSTS_CITATION = _(
    "Other and extraordinary costs: plejefamiliebekendtgørelsen (BEK nr. 522 af 30. april "
    "2019, § 14, stk. 1-2; now BEK nr. 1489 af 6. december 2023) and formerly serviceloven "
    "§ 66 b, stk. 4: the municipality covers a network family's other and extraordinary "
    "costs when the child has a need beyond board and lodging, and may demand documentation."
)
UNDOCUMENTED_CAP_CITATION = _(
    "Up to 20,000 kr. per child a year may be covered without documentation, when the "
    "municipality and the family agreed on the expense before it was paid "
    "(plejefamiliebekendtgørelsen, BEK nr. 522 af 30. april 2019, § 14, stk. 3; formerly "
    "serviceloven § 66 b, stk. 4)."
)

# --- lost earnings (tabt arbejdsfortjeneste) ---------------------------------------------
# A network family may, after a concrete assessment, get full or partial cover of lost
# earnings (SEL § 66 b, stk. 4, 3. pkt.; the Barnets Lov successor is unverified).
LOST_EARNINGS_CITATION = _(
    "Lost earnings: after a concrete assessment a network family may get full or partial "
    "cover of lost earnings (formerly serviceloven § 66 b, stk. 4)."
)

# --- appeal (klage) ---------------------------------------------------------------------
# Decisions on other and extraordinary costs and on lost earnings can be appealed under
# retssikkerhedsloven kapitel 10 (SEL § 66 b, stk. 5). The complaint goes to the
# municipality within 4 weeks of the decision (rsl. § 67, stk. 1: partial, see the
# module docstring), which reassesses it (rsl. § 66) and, if it keeps its decision,
# sends it to Ankestyrelsen (rsl. § 60).
APPEAL_WEEKS = 4
APPEAL_CITATION = _(
    "Appeal: retssikkerhedsloven §§ 60, 66 and 67 (kapitel 10); formerly serviceloven "
    "§ 66 b, stk. 5."
)

# --- response time ----------------------------------------------------------------------
# The municipality must decide as fast as possible and set its own deadlines for
# deciding (retssikkerhedsloven § 3, stk. 2: partial, seen in municipal paraphrases).
# No statutory deadline specific to these decisions was found; the default is the
# practice the municipalities asked for, and each municipality sets its own in the admin.
DEFAULT_RESPONSE_WORKING_DAYS = 10


# --- the tables the admin keeps, as the rule functions take them ----------------------------
@dataclass(frozen=True)
class DailyRates:
    """One year's board-and-lodging rates, kroner per day per child."""

    under_ten: Decimal
    ten_and_over: Decimal
    third_and_later: Decimal


@dataclass(frozen=True)
class FeeUnit:
    """One year's fee unit (vederlag): kroner per day and per month."""

    per_day: Decimal
    per_month: Decimal


class RatesMissing(ValidationError):
    """A computation needs a year for which the admin has entered no rates. It is never
    papered over with last year's rates: the published rates change every 1 January."""

    def __init__(self, year: int, table: str = "board"):
        self.year = year
        self.table = table
        if table == "fee":
            message = gettext(
                "There is no fee unit for %(year)s. The administrator must enter the year's "
                "published fee unit before fees for %(year)s can be computed."
            )
        else:
            message = gettext(
                "There are no board-and-lodging rates for %(year)s. The administrator must "
                "enter the year's published rates before amounts for %(year)s can be computed."
            )
        super().__init__(message % {"year": year}, code="rates_missing")


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _days(first_day: date, last_day: date) -> Iterable[date]:
    if last_day < first_day:
        raise ValueError(f"The period ends ({last_day}) before it starts ({first_day}).")
    day = first_day
    while day <= last_day:
        yield day
        day += timedelta(days=1)


def birthday(birth_date: date, age: int) -> date:
    """The day a child born on ``birth_date`` turns ``age``; a child born on 29 February
    turns a year older on 1 March in other years (as ``Child.age_on`` counts)."""
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:
        return date(birth_date.year + age, 3, 1)


def board_and_lodging_daily_rate(
    *, birth_date: date, rank: int, day: date, rates: Mapping[int, DailyRates]
) -> Decimal:
    """The rate for one day: the day's year, the child's age that day and rank."""
    if rank < 1:
        raise ValueError("A child's rank is 1 or more.")
    year_rates = rates.get(day.year)
    if year_rates is None:
        raise RatesMissing(day.year)
    if rank >= LOWER_RATE_FROM_RANK:
        return year_rates.third_and_later
    if day >= birthday(birth_date, HIGHER_RATE_AGE):
        return year_rates.ten_and_over
    return year_rates.under_ten


def board_and_lodging_amount(
    *,
    birth_date: date,
    rank: int,
    first_day: date,
    last_day: date,
    rates: Mapping[int, DailyRates],
) -> Decimal:
    """Board and lodging for the days ``first_day`` to ``last_day``, both included: the
    sum of each day's rate, with the child's age and the rates of that day's year.
    ``rank`` is the child's place among the children the same municipality has placed
    in the same family, by placement start (see ``rank_segments``). A day in a year
    without rates raises ``RatesMissing`` naming the year."""
    if last_day < first_day:
        raise ValueError(f"The period ends ({last_day}) before it starts ({first_day}).")
    # The rate changes only at New Year and at the 10th birthday: sum whole stretches
    # (the same as adding day by day, which ``board_and_lodging_daily_rate`` does).
    cuts = {birthday(birth_date, HIGHER_RATE_AGE)}
    cuts |= {date(year, 1, 1) for year in range(first_day.year + 1, last_day.year + 1)}
    starts = sorted({first_day} | {cut for cut in cuts if first_day < cut <= last_day})
    total = ZERO
    for index, start in enumerate(starts):
        end = starts[index + 1] - timedelta(days=1) if index + 1 < len(starts) else last_day
        rate = board_and_lodging_daily_rate(
            birth_date=birth_date, rank=rank, day=start, rates=rates
        )
        total += rate * ((end - start).days + 1)
    return _money(total)


# --- ranks: which child is the third -------------------------------------------------------
@dataclass(frozen=True)
class PlacedPeriod:
    """A full-time placement in one family by one municipality, for ranking. ``key``
    orders placements that started the same day (the placement's id)."""

    key: int
    start: date
    end: date | None


def rank_on(day: date, key: int, placements: Iterable[PlacedPeriod]) -> int | None:
    """The place of placement ``key`` among those active on ``day`` (started on or
    before it, not ended before it), ordered by start; None if it is not active."""
    active = sorted(
        (p.start, p.key) for p in placements if p.start <= day and (p.end is None or p.end >= day)
    )
    for position, (_start, other) in enumerate(active, start=1):
        if other == key:
            return position
    return None


def rank_segments(
    key: int, placements: list[PlacedPeriod], first_day: date, last_day: date
) -> list[tuple[date, date, int]]:
    """``(from, to, rank)`` for the days of ``first_day``..``last_day`` on which
    placement ``key`` is active, split where its rank changes (a child before it moves
    out, another moves in). Ranks change only where a placement starts or the day after
    one ends, so only those days are looked at."""
    if last_day < first_day:
        raise ValueError(f"The period ends ({last_day}) before it starts ({first_day}).")
    if len(placements) == 1 and placements[0].key == key:  # most families: one child, first
        days = overlap(first_day, last_day, placements[0].start, placements[0].end)
        return [] if days is None else [(days[0], days[1], 1)]
    changes = {first_day}
    for p in placements:
        changes.add(p.start)
        if p.end is not None:
            changes.add(p.end + timedelta(days=1))
    starts = sorted(day for day in changes if first_day <= day <= last_day)
    segments: list[tuple[date, date, int]] = []
    for index, start in enumerate(starts):
        end = starts[index + 1] - timedelta(days=1) if index + 1 < len(starts) else last_day
        rank = rank_on(start, key, placements)
        if rank is None:
            continue
        if segments and segments[-1][2] == rank and segments[-1][1] == start - timedelta(days=1):
            segments[-1] = (segments[-1][0], end, rank)
        else:
            segments.append((start, end, rank))
    return segments


# --- amounts per month ----------------------------------------------------------------------
def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, _calendar.monthrange(year, month)[1])


def _month_pieces(first_day: date, last_day: date) -> Iterable[tuple[date, date, bool]]:
    """The period cut at month ends: ``(from, to, whole month?)``."""
    if last_day < first_day:
        raise ValueError(f"The period ends ({last_day}) before it starts ({first_day}).")
    start = first_day
    while start <= last_day:
        month_first, month_last = month_bounds(start.year, start.month)
        end = min(month_last, last_day)
        yield start, end, start == month_first and end == month_last
        start = end + timedelta(days=1)


def fee_amount(
    *, units: Decimal, first_day: date, last_day: date, unit_rates: Mapping[int, FeeUnit]
) -> Decimal:
    """The fee (vederlag) for ``units`` fee units from ``first_day`` to ``last_day``: a
    whole calendar month is ``units`` × that year's monthly unit, a part of a month
    ``units`` × the daily unit for each day (KL: the monthly unit is the daily unit ×
    365/12)."""
    total = ZERO
    for start, end, whole in _month_pieces(first_day, last_day):
        unit = unit_rates.get(start.year)
        if unit is None:
            raise RatesMissing(start.year, table="fee")
        if whole:
            total += units * unit.per_month
        else:
            total += units * unit.per_day * ((end - start).days + 1)
    return _money(total)


def monthly_amount_for(*, monthly: Decimal, first_day: date, last_day: date) -> Decimal:
    """A fixed monthly amount (lost earnings, a fee agreed as an amount) for the days
    ``first_day``..``last_day``: whole months in full, part of a month by its days."""
    total = ZERO
    for start, end, whole in _month_pieces(first_day, last_day):
        if whole:
            total += monthly
        else:
            days_in_month = _calendar.monthrange(start.year, start.month)[1]
            total += monthly * ((end - start).days + 1) / days_in_month
    return _money(total)


def overlap(
    first_day: date, last_day: date, start: date, end: date | None
) -> tuple[date, date] | None:
    """The days of ``first_day``..``last_day`` within ``start``..``end`` (None: open)."""
    lo = max(first_day, start)
    hi = last_day if end is None else min(last_day, end)
    return (lo, hi) if lo <= hi else None


# --- the 20,000 kr. without documentation ---------------------------------------------------
def cap_remaining(used: Decimal) -> Decimal:
    """What is left of this year's 20,000 kr. for a child who has had ``used`` granted
    without documentation."""
    return max(ZERO, UNDOCUMENTED_YEARLY_CAP - used)


def undocumented_grant_check(
    *, amount: Decimal, documented: bool, agreed_beforehand: bool, used_this_year: Decimal
) -> None:
    """Refuse a grant of other costs that the law does not allow: without documentation
    only an expense agreed before it was paid, and only up to what is left of the
    child's 20,000 kr. this year. Raises ``ValidationError`` keyed by ``amount``."""
    if documented or amount <= 0:
        return
    if not agreed_beforehand:
        raise ValidationError(
            {
                "amount": gettext(
                    "Without documentation, only an expense the municipality and the family "
                    "agreed on before it was paid can be covered. %(rule)s"
                )
                % {"rule": UNDOCUMENTED_CAP_CITATION}
            }
        )
    remaining = cap_remaining(used_this_year)
    if amount > remaining:
        raise ValidationError(
            {
                "amount": gettext(
                    "Without documentation, at most %(remaining)s kr. can be granted: the "
                    "child has had %(used)s kr. of this year's 20,000 kr. %(rule)s"
                )
                % {
                    "remaining": format_amount(remaining),
                    "used": format_amount(used_this_year),
                    "rule": UNDOCUMENTED_CAP_CITATION,
                }
            }
        )


# --- response time ------------------------------------------------------------------------
def working_days_elapsed(calendar, start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` in the municipality's
    ``calendar`` (``fostercare.workdays.calendar.WorkingCalendar``): a decision the day
    the application came is 0, the next working day 1."""
    if end <= start:
        return 0
    return sum(1 for day in _days(start + timedelta(days=1), end) if calendar.is_working_day(day))


def response_deadline(calendar, received_on: date, working_days: int) -> date:
    """The last day a decision is on time: ``working_days`` working days after the
    application came."""
    return calendar.add_working_days(received_on, working_days)
