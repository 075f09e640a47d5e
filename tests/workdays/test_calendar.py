"""The working-day calendar, as DOMAIN.md defines it ("Next working day")."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from fostercare.workdays.calendar import (
    ClosedReason,
    WorkingCalendar,
    add_working_days,
    is_working_day,
    next_office_opening,
    next_working_day,
)
from tests.factories import CalendarSettingsFactory, OfficeClosureFactory

CPH = ZoneInfo("Europe/Copenhagen")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=CPH)


def close(home, *days: date) -> None:
    for day in days:
        OfficeClosureFactory(municipality=home, date=day)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "closures", "calendar_settings", "expected"),
    [
        pytest.param(at(2025, 11, 21, 19), [], {}, date(2025, 11, 24), id="friday-evening-monday"),
        pytest.param(at(2025, 11, 22, 10), [], {}, date(2025, 11, 24), id="saturday-monday"),
        pytest.param(at(2025, 11, 18, 21), [], {}, date(2025, 11, 19), id="weekday-evening"),
        pytest.param(
            at(2025, 4, 17, 20), [], {}, date(2025, 4, 22), id="maundy-thursday-2025-tuesday"
        ),
        pytest.param(
            at(2024, 3, 28, 20), [], {}, date(2024, 4, 2), id="maundy-thursday-2024-tuesday"
        ),
        pytest.param(
            at(2024, 12, 23, 20), [], {}, date(2024, 12, 27), id="23-december-no-closures"
        ),
        pytest.param(
            at(2025, 12, 23, 20),
            [date(2025, 12, 29), date(2025, 12, 30)],
            {},
            date(2026, 1, 2),
            id="23-december-closed-until-2-january",
        ),
        pytest.param(
            at(2024, 12, 23, 20),
            [],
            {"christmas_eve_closed": False},
            date(2024, 12, 24),
            id="christmas-eve-open-when-switched-off",
        ),
        pytest.param(at(2025, 12, 30, 20), [], {}, date(2026, 1, 2), id="new-years-eve-and-day"),
        pytest.param(at(2025, 6, 4, 20), [], {}, date(2025, 6, 6), id="constitution-day-closed"),
        pytest.param(
            at(2025, 6, 4, 20),
            [],
            {"constitution_day_closed": False},
            date(2025, 6, 5),
            id="constitution-day-switched-off",
        ),
        pytest.param(at(2023, 5, 4, 20), [], {}, date(2023, 5, 8), id="great-prayer-day-2023"),
        pytest.param(
            at(2024, 4, 25, 20), [], {}, date(2024, 4, 26), id="great-prayer-day-gone-2024"
        ),
        pytest.param(at(2025, 5, 28, 20), [], {}, date(2025, 5, 30), id="ascension-day"),
        pytest.param(at(2025, 6, 6, 20), [], {}, date(2025, 6, 10), id="whit-monday"),
        pytest.param(at(2025, 4, 30, 20), [], {}, date(2025, 5, 1), id="first-of-may-is-working"),
        pytest.param(
            at(2025, 11, 18, 23, 30),
            [date(2025, 11, 19)],
            {},
            date(2025, 11, 20),
            id="declared-closure-skipped",
        ),
    ],
)
def test_next_working_day(home, moment, closures, calendar_settings, expected):
    close(home, *closures)
    if calendar_settings:
        CalendarSettingsFactory(municipality=home, **calendar_settings)
    assert next_working_day(moment, home) == expected


@pytest.mark.django_db
def test_closures_of_another_municipality_do_not_count(home, other_municipality):
    OfficeClosureFactory(municipality=other_municipality, date=date(2025, 11, 24))
    assert next_working_day(at(2025, 11, 21, 19), home) == date(2025, 11, 24)
    assert next_working_day(at(2025, 11, 21, 19), other_municipality) == date(2025, 11, 25)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "opens", "expected"),
    [
        pytest.param(at(2025, 11, 18, 7, 59), None, at(2025, 11, 18, 8), id="0759-same-day-0800"),
        pytest.param(
            at(2025, 11, 18, 8, 1), None, at(2025, 11, 18, 8, 1), id="0801-office-open-now"
        ),
        pytest.param(
            at(2025, 11, 18, 15, 0), None, at(2025, 11, 19, 8), id="closing-time-next-day"
        ),
        pytest.param(at(2025, 11, 21, 22), None, at(2025, 11, 24, 8), id="friday-night-monday"),
        pytest.param(at(2025, 11, 22, 7), None, at(2025, 11, 24, 8), id="saturday-morning-monday"),
        pytest.param(at(2025, 4, 17, 7), None, at(2025, 4, 22, 8), id="maundy-morning-tuesday"),
        pytest.param(at(2025, 11, 18, 8, 30), time(9), at(2025, 11, 18, 9), id="opens-at-nine"),
    ],
)
def test_next_office_opening(home, moment, opens, expected):
    if opens:
        CalendarSettingsFactory(municipality=home, office_opens=opens)
    assert next_office_opening(moment, home) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "kind", "name"),
    [
        (date(2025, 12, 25), ClosedReason.HOLIDAY, "Juledag"),
        (date(2025, 12, 24), ClosedReason.CUSTOMARY, "Juleaftensdag"),
        (date(2025, 6, 5), ClosedReason.CUSTOMARY, "Grundlovsdag"),
        (date(2025, 11, 22), ClosedReason.WEEKEND, "Weekend"),  # msgid; Danish via .po
        (date(2025, 12, 29), ClosedReason.CLOSURE, "Lukket mellem jul og nytår"),
        (date(2025, 11, 19), None, None),
    ],
)
def test_closed_reason_names_the_day(home, day, kind, name):
    close(home, date(2025, 12, 29))
    with translation.override("da"):
        reason = WorkingCalendar.for_municipality(home).closed_reason(day)
    assert (reason.kind, reason.name) == (kind, name) if kind else reason is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        (date(2025, 11, 21), 0, date(2025, 11, 21)),
        (date(2025, 11, 22), 0, date(2025, 11, 24)),
        (date(2025, 11, 21), 1, date(2025, 11, 24)),
        (date(2025, 4, 16), 2, date(2025, 4, 23)),
    ],
)
def test_add_working_days(home, day, count, expected):
    assert add_working_days(day, count, home) == expected


@pytest.mark.django_db
def test_is_working_day_and_query_count(home, django_assert_num_queries):
    assert is_working_day(date(2025, 11, 19), home)
    assert not is_working_day(date(2025, 12, 26), home)
    with django_assert_num_queries(2):
        calendar = WorkingCalendar.for_municipality(home)
    with django_assert_num_queries(0):
        assert len(calendar.closed_days(date(2025, 1, 1), date(2025, 12, 31))) == 13
