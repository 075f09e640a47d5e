"""The dashboard's periods (fostercare/dashboard/periods.py): a year, a quarter or a
span of days, cut at today, and the period before of the same length; bad input
leaves this year so far with the error on its field."""

from datetime import date

import pytest

from fostercare.dashboard.periods import (
    CUSTOM,
    QUARTER,
    YEAR,
    PeriodForm,
    custom_period,
    quarter_period,
    year_period,
)

TODAY = date(2026, 3, 15)


@pytest.mark.parametrize(
    ("period", "since", "until", "previous"),
    [
        pytest.param(
            year_period(2025, TODAY),
            date(2025, 1, 1),
            date(2025, 12, 31),
            (date(2024, 1, 1), date(2024, 12, 31)),
            id="a-whole-year",
        ),
        pytest.param(
            year_period(2026, TODAY),
            date(2026, 1, 1),
            TODAY,
            (date(2025, 1, 1), date(2025, 3, 15)),
            id="this-year-so-far",
        ),
        pytest.param(
            year_period(2025, date(2025, 3, 1)),
            date(2025, 1, 1),
            date(2025, 3, 1),
            (date(2024, 1, 1), date(2024, 3, 1)),
            id="so-far-into-a-leap-year",
        ),
        pytest.param(
            quarter_period(2025, 2, TODAY),
            date(2025, 4, 1),
            date(2025, 6, 30),
            (date(2025, 1, 1), date(2025, 3, 31)),
            id="second-quarter",
        ),
        pytest.param(
            quarter_period(2026, 1, TODAY),
            date(2026, 1, 1),
            TODAY,
            (date(2025, 10, 1), date(2025, 12, 15)),
            id="this-quarter-so-far",
        ),
        pytest.param(
            quarter_period(2025, 2, date(2025, 5, 31)),
            date(2025, 4, 1),
            date(2025, 5, 31),
            (date(2025, 1, 1), date(2025, 2, 28)),
            id="so-far-cut-at-the-month-end",
        ),
        pytest.param(
            custom_period(date(2025, 3, 1), date(2025, 3, 10)),
            date(2025, 3, 1),
            date(2025, 3, 10),
            (date(2025, 2, 19), date(2025, 2, 28)),
            id="ten-days",
        ),
    ],
)
def test_periods_and_the_one_before(period, since, until, previous):
    assert (period.since, period.until) == (since, until)
    before = period.previous()
    assert (before.since, before.until) == previous
    if period.kind == CUSTOM:
        assert before.days == period.days


@pytest.mark.parametrize(
    ("data", "kind", "since", "until"),
    [
        pytest.param({}, YEAR, date(2026, 1, 1), TODAY, id="nothing-this-year"),
        pytest.param(
            {"period": "year", "year": "2024"},
            YEAR,
            date(2024, 1, 1),
            date(2024, 12, 31),
            id="year",
        ),
        pytest.param(
            {"period": "quarter", "year": "2025", "quarter": "4"},
            QUARTER,
            date(2025, 10, 1),
            date(2025, 12, 31),
            id="quarter",
        ),
        pytest.param({"period": "quarter"}, QUARTER, date(2026, 1, 1), TODAY, id="this-quarter"),
        pytest.param(
            {"period": "custom", "date_from": "2025-05-01", "date_to": "2025-05-31"},
            CUSTOM,
            date(2025, 5, 1),
            date(2025, 5, 31),
            id="custom",
        ),
        pytest.param(
            {"period": "custom", "date_from": "2026-03-01", "date_to": "2026-04-30"},
            CUSTOM,
            date(2026, 3, 1),
            TODAY,
            id="custom-cut-at-today",
        ),
        pytest.param(
            {"period": "custom", "date_from": "2026-03-01"},
            CUSTOM,
            date(2026, 3, 1),
            TODAY,
            id="custom-to-today",
        ),
    ],
)
def test_the_form_gives_the_period(data, kind, since, until):
    form = PeriodForm(data or None, today=TODAY)
    period = form.chosen_period()
    assert (period.kind, period.since, period.until) == (kind, since, until)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param({"period": "year", "year": "2030"}, "year", id="future-year"),
        pytest.param(
            {"period": "quarter", "year": "2026", "quarter": "3"}, "quarter", id="future-quarter"
        ),
        pytest.param({"period": "custom"}, "date_from", id="custom-without-start"),
        pytest.param(
            {"period": "custom", "date_from": "2026-04-01"}, "date_from", id="custom-in-the-future"
        ),
        pytest.param(
            {"period": "custom", "date_from": "1999-12-31"}, "date_from", id="before-2000"
        ),
        pytest.param(
            {"period": "custom", "date_from": "2025-05-01", "date_to": "2025-04-01"},
            "date_to",
            id="backwards",
        ),
        pytest.param(
            {"period": "custom", "date_from": "2015-01-01", "date_to": "2025-01-01"},
            "date_to",
            id="longer-than-five-years",
        ),
        pytest.param({"period": "week"}, "period", id="unknown-kind"),
        pytest.param({"period": "custom", "date_from": "31-02-2025"}, "date_from", id="not-a-date"),
    ],
)
def test_bad_input_leaves_this_year_with_the_error_on_its_field(data, field):
    form = PeriodForm(data, today=TODAY)
    assert not form.is_valid()
    assert field in form.errors
    period = form.chosen_period()
    assert (period.since, period.until) == (date(2026, 1, 1), TODAY)
