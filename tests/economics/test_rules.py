"""economics/rules.py as tables: board and lodging day by day (age, year, rank), which
child is the third, the fee from units, monthly amounts for part of a month, the
20,000 kr. without documentation, and response time in working days."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from economics.rules import (
    DailyRates,
    FeeUnit,
    PlacedPeriod,
    RatesMissing,
    birthday,
    board_and_lodging_amount,
    board_and_lodging_daily_rate,
    cap_remaining,
    fee_amount,
    monthly_amount_for,
    rank_on,
    rank_segments,
    response_deadline,
    undocumented_grant_check,
    working_days_elapsed,
)
from fostercare.workdays.calendar import WorkingCalendar

D = Decimal
RATES = {
    2023: DailyRates(D("201"), D("214"), D("184")),
    2024: DailyRates(D("206"), D("221"), D("190")),
    2026: DailyRates(D("216"), D("232"), D("199")),
}


@pytest.mark.parametrize(
    ("birth_date", "rank", "first_day", "last_day", "expected"),
    [
        # The 10th birthday mid-month: 14 days at the under-10 rate, 17 at the higher.
        pytest.param(
            date(2014, 3, 15), 1, date(2024, 3, 1), date(2024, 3, 31), 14 * 206 + 17 * 221,
            id="10th-birthday-mid-month",
        ),
        pytest.param(
            date(2014, 3, 1), 1, date(2024, 2, 29), date(2024, 3, 1), 206 + 221,
            id="10th-birthday-on-the-first",
        ),
        pytest.param(
            date(2018, 5, 1), 1, date(2024, 2, 1), date(2024, 2, 29), 29 * 206,
            id="leap-year-february",
        ),
        pytest.param(
            date(2015, 6, 1), 2, date(2023, 12, 30), date(2024, 1, 2), 2 * 201 + 2 * 206,
            id="across-new-year",
        ),
        pytest.param(
            date(2016, 1, 1), 1, date(2024, 1, 1), date(2024, 12, 31), 366 * 206,
            id="whole-leap-year-under-10",
        ),
        pytest.param(
            date(2014, 7, 1), 1, date(2024, 1, 1), date(2024, 12, 31), 182 * 206 + 184 * 221,
            id="whole-year-turning-10-on-1-july",
        ),
        pytest.param(
            date(2010, 1, 1), 3, date(2024, 3, 1), date(2024, 3, 31), 31 * 190,
            id="rank-3-teenager",
        ),
        pytest.param(
            date(2020, 1, 1), 3, date(2024, 3, 1), date(2024, 3, 31), 31 * 190,
            id="rank-3-small-child-same-lower-rate",
        ),
        pytest.param(
            date(2010, 1, 1), 4, date(2023, 12, 31), date(2024, 1, 1), 184 + 190,
            id="rank-4-across-new-year",
        ),
        pytest.param(
            date(2010, 1, 1), 2, date(2024, 3, 1), date(2024, 3, 31), 31 * 221,
            id="rank-2-ten-and-over",
        ),
        pytest.param(
            date(2016, 2, 29), 1, date(2026, 2, 28), date(2026, 3, 1), 216 + 232,
            id="born-29-february-turns-10-on-1-march",
        ),
        pytest.param(
            date(2019, 9, 9), 1, date(2024, 9, 9), date(2024, 9, 9), 206, id="one-day"
        ),
    ],
)  # fmt: skip
def test_board_and_lodging_is_the_sum_of_each_days_rate(
    birth_date, rank, first_day, last_day, expected
):
    amount = board_and_lodging_amount(
        birth_date=birth_date, rank=rank, first_day=first_day, last_day=last_day, rates=RATES
    )
    assert amount == Decimal(expected)
    assert amount.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("first_day", "last_day", "year"),
    [
        (date(2024, 12, 31), date(2025, 1, 1), 2025),
        (date(2022, 1, 1), date(2022, 1, 31), 2022),
        (date(2021, 12, 31), date(2023, 1, 1), 2021),  # the first day without rates
    ],
)
def test_a_year_without_rates_is_refused_naming_the_year(first_day, last_day, year):
    with translation.override("da"), pytest.raises(RatesMissing) as info:
        board_and_lodging_amount(
            birth_date=date(2015, 1, 1), rank=1, first_day=first_day, last_day=last_day, rates=RATES
        )
    assert info.value.year == year
    assert isinstance(info.value, ValidationError)
    assert info.value.messages == [
        f"Der er ingen satser for kost og logi for {year}. Administratoren skal indtaste årets "
        f"offentliggjorte satser, før beløb for {year} kan beregnes."
    ]


@pytest.mark.parametrize(
    ("rank", "first_day", "last_day"),
    [(0, date(2024, 1, 1), date(2024, 1, 2)), (1, date(2024, 1, 2), date(2024, 1, 1))],
    ids=["rank-0", "ends-before-it-starts"],
)
def test_a_wrong_call_is_a_programming_error(rank, first_day, last_day):
    with pytest.raises(ValueError):
        board_and_lodging_amount(
            birth_date=date(2015, 1, 1), rank=rank, first_day=first_day, last_day=last_day,
            rates=RATES,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("born", "age", "expected"),
    [
        (date(2014, 3, 15), 10, date(2024, 3, 15)),
        (date(2016, 2, 29), 10, date(2026, 3, 1)),
        (date(2016, 2, 29), 8, date(2024, 2, 29)),
    ],
)
def test_birthday(born, age, expected):
    assert birthday(born, age) == expected


# --- ranks ---------------------------------------------------------------------------------
A = PlacedPeriod(1, date(2024, 1, 1), date(2024, 3, 20))
B = PlacedPeriod(2, date(2024, 2, 1), None)
C = PlacedPeriod(3, date(2024, 3, 10), None)
SAME_DAY = PlacedPeriod(4, date(2024, 2, 1), None)


@pytest.mark.parametrize(
    ("day", "key", "placements", "expected"),
    [
        (date(2024, 3, 15), 3, [A, B, C], 3),
        (date(2024, 3, 20), 3, [A, B, C], 3),  # A's last day still counts
        (date(2024, 3, 21), 3, [A, B, C], 2),
        (date(2024, 3, 9), 3, [A, B, C], None),  # not placed yet
        (date(2024, 2, 1), 2, [A, B, SAME_DAY], 2),
        (date(2024, 2, 1), 4, [A, B, SAME_DAY], 3),  # same start: by id
        (date(2024, 1, 15), 1, [C, B, A], 1),
    ],
)
def test_rank_is_the_place_by_start_among_those_placed_that_day(day, key, placements, expected):
    assert rank_on(day, key, placements) == expected


def test_rank_segments_split_where_a_child_moves_out():
    assert rank_segments(3, [A, B, C], date(2024, 3, 1), date(2024, 3, 31)) == [
        (date(2024, 3, 10), date(2024, 3, 20), 3),
        (date(2024, 3, 21), date(2024, 3, 31), 2),
    ]
    assert rank_segments(1, [A, B, C], date(2024, 4, 1), date(2024, 4, 30)) == []


# --- fees ----------------------------------------------------------------------------------
UNITS = {2023: FeeUnit(D("154.31"), D("4694")), 2019: FeeUnit(D("141.59"), D("4307"))}


@pytest.mark.parametrize(
    ("units", "first_day", "last_day", "expected"),
    [
        (D("4"), date(2023, 1, 1), date(2023, 1, 31), D("18776.00")),
        (D("4"), date(2023, 1, 15), date(2023, 1, 31), D("10493.08")),  # 4 × 154,31 × 17
        (D("2.5"), date(2023, 2, 1), date(2023, 2, 28), D("11735.00")),
        (D("1"), date(2023, 1, 20), date(2023, 2, 28), D("6545.72")),  # 12 days + February
        (D("3"), date(2023, 1, 1), date(2023, 12, 31), D("168984.00")),  # 12 × 3 × 4.694
    ],
)
def test_fee_is_units_times_the_years_unit(units, first_day, last_day, expected):
    assert fee_amount(units=units, first_day=first_day, last_day=last_day, unit_rates=UNITS) == (
        expected
    )


def test_fee_for_a_year_without_a_unit_is_refused():
    with pytest.raises(RatesMissing) as info:
        fee_amount(
            units=D("4"), first_day=date(2023, 12, 1), last_day=date(2024, 1, 31), unit_rates=UNITS
        )
    assert (info.value.year, info.value.table) == (2024, "fee")


@pytest.mark.parametrize(
    ("monthly", "first_day", "last_day", "expected"),
    [
        (D("6000"), date(2024, 4, 1), date(2024, 4, 30), D("6000.00")),
        (D("6000"), date(2024, 4, 16), date(2024, 4, 30), D("3000.00")),
        (D("6000"), date(2024, 2, 20), date(2024, 2, 29), D("2068.97")),
        (D("6000"), date(2024, 1, 17), date(2024, 3, 31), D("14903.23")),  # 15/31 + 2 months
    ],
)
def test_a_monthly_amount_for_part_of_a_month_follows_the_days(
    monthly, first_day, last_day, expected
):
    assert monthly_amount_for(monthly=monthly, first_day=first_day, last_day=last_day) == expected


# --- the 20,000 kr. without documentation ----------------------------------------------------
OK = None


@pytest.mark.parametrize(
    ("amount", "documented", "agreed", "used", "refused_with"),
    [
        pytest.param(D("5000"), False, True, D("0"), OK, id="agreed-within-cap"),
        pytest.param(D("20000"), False, True, D("0"), OK, id="exactly-the-cap"),
        pytest.param(
            D("20000.01"), False, True, D("0"), "højst bevilges 20.000,00 kr.", id="one-oere-over"
        ),
        pytest.param(D("5000"), False, True, D("15000"), OK, id="exactly-what-is-left"),
        pytest.param(
            D("5000.01"),
            False,
            True,
            D("15000"),
            "højst bevilges 5.000,00 kr.",
            id="over-what-is-left",
        ),
        pytest.param(D("1"), False, True, D("20000"), "højst bevilges 0,00 kr.", id="cap-used-up"),
        pytest.param(
            D("500"), False, False, D("0"), "aftalte, før den blev afholdt", id="not-agreed"
        ),
        pytest.param(D("50000"), True, False, D("20000"), OK, id="documented-no-cap"),
        pytest.param(D("0"), False, False, D("25000"), OK, id="refusal-grants-nothing"),
    ],
)
def test_undocumented_grants_need_agreement_and_room_in_the_cap(
    amount, documented, agreed, used, refused_with
):
    def check():
        undocumented_grant_check(
            amount=amount, documented=documented, agreed_beforehand=agreed, used_this_year=used
        )

    if refused_with is OK:
        check()
        return
    with translation.override("da"), pytest.raises(ValidationError) as info:
        check()
    message = info.value.message_dict["amount"][0]
    assert refused_with in message
    assert "§ 14, stk. 3" in message  # the rule is cited


@pytest.mark.parametrize(
    ("used", "left"),
    [(D("0"), D("20000.00")), (D("18800"), D("1200")), (D("25000"), D("0.00"))],
)
def test_cap_remaining(used, left):
    assert cap_remaining(used) == left


# --- response time -----------------------------------------------------------------------------
CALENDAR = WorkingCalendar(municipality_id=None)


@pytest.mark.parametrize(
    ("received", "decided", "days"),
    [
        pytest.param(date(2025, 4, 10), date(2025, 4, 10), 0, id="same-day"),
        pytest.param(date(2025, 4, 10), date(2025, 4, 11), 1, id="next-day"),
        pytest.param(date(2025, 4, 11), date(2025, 4, 14), 1, id="friday-to-monday"),
        pytest.param(date(2025, 4, 12), date(2025, 4, 14), 1, id="received-on-a-saturday"),
        pytest.param(date(2025, 4, 10), date(2025, 4, 24), 7, id="across-easter"),
        pytest.param(date(2025, 12, 19), date(2026, 1, 5), 6, id="across-christmas"),
    ],
)
def test_response_time_counts_working_days(received, decided, days):
    assert working_days_elapsed(CALENDAR, received, decided) == days


@pytest.mark.parametrize(
    ("received", "working_days", "deadline"),
    [
        (date(2025, 4, 10), 10, date(2025, 4, 29)),
        (date(2025, 12, 19), 10, date(2026, 1, 9)),
        (date(2025, 6, 2), 3, date(2025, 6, 6)),  # Constitution Day, 5 June, is closed
    ],
)
def test_the_deadline_is_that_many_working_days_after_receipt(received, working_days, deadline):
    assert response_deadline(CALENDAR, received, working_days) == deadline
    assert working_days_elapsed(CALENDAR, received, deadline) == working_days


@pytest.mark.parametrize(
    ("birth_date", "rank", "first_day", "last_day"),
    [
        (date(2014, 7, 1), 1, date(2023, 1, 1), date(2024, 12, 31)),
        (date(2016, 2, 29), 2, date(2026, 1, 1), date(2026, 12, 31)),
        (date(2013, 12, 31), 1, date(2023, 12, 1), date(2024, 1, 31)),
        (date(2010, 5, 5), 3, date(2023, 6, 1), date(2024, 6, 1)),
    ],
)
def test_the_amount_equals_adding_each_days_rate(birth_date, rank, first_day, last_day):
    """The amount is summed in stretches between New Year and the 10th birthday; it is
    the same as adding the rate of every single day."""
    day, total = first_day, Decimal(0)
    while day <= last_day:
        total += board_and_lodging_daily_rate(
            birth_date=birth_date, rank=rank, day=day, rates=RATES
        )
        day += timedelta(days=1)
    assert (
        board_and_lodging_amount(
            birth_date=birth_date, rank=rank, first_day=first_day, last_day=last_day, rates=RATES
        )
        == total
    )


def test_response_rules_agree_with_the_calendar_day_by_day():
    """``ResponseRules`` answers from a list of working days made once; it must give
    what the rule functions give for every day of a year with Easter and Christmas."""
    from economics.selectors import ResponseRules

    rules = ResponseRules(CALENDAR, 10)
    day = date(2025, 1, 1)
    while day <= date(2025, 12, 31):
        assert rules.deadline(day) == response_deadline(CALENDAR, day, 10), day
        later = day + timedelta(days=day.toordinal() % 40)
        assert rules.elapsed(day, later) == working_days_elapsed(CALENDAR, day, later), day
        day += timedelta(days=1)
