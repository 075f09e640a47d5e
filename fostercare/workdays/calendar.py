"""The Danish working-day calendar of a municipality (DOMAIN.md, "Next working day").

A day is a working day unless it is
- a Saturday or Sunday;
- an official public holiday (``holidays.Denmark``, public category: New Year's Day,
  Maundy Thursday, Good Friday, Easter Sunday and Monday, Ascension Day, Whit Sunday
  and Monday, Christmas Day, Boxing Day; Great Prayer Day only until 2023);
- a customary closure (Christmas Eve, New Year's Eve, Constitution Day), each of
  which the municipality can switch off in its ``CalendarSettings``;
- a day the municipality declared closed (``OfficeClosure``).

``WorkingCalendar`` loads a municipality's settings and closures once, so callers
that ask many questions (a sweep, a month view) run two queries in all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fostercare.workdays.models import (
    DEFAULT_OFFICE_CLOSES,
    DEFAULT_OFFICE_OPENS,
    CalendarSettings,
    OfficeClosure,
)

# Looking further than this for a working day means the calendar is misconfigured.
_MAX_SEARCH_DAYS = 366


@lru_cache(maxsize=64)
def _danish_holidays(year: int, language: str) -> dict[date, str]:
    public = holidays.Denmark(years=year, language=language)
    return dict(public.items())


@lru_cache(maxsize=64)
def _danish_optional_days(year: int, language: str) -> dict[date, str]:
    optional = holidays.Denmark(years=year, language=language, categories=(holidays.OPTIONAL,))
    return dict(optional.items())


def _holiday_language() -> str:
    return "da" if (translation.get_language() or "da").startswith("da") else "en_US"


class ClosedReason:
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    CUSTOMARY = "customary"
    CLOSURE = "closure"


@dataclass(frozen=True)
class ClosedDay:
    day: date
    kind: str
    name: str


@dataclass
class WorkingCalendar:
    municipality_id: int | None
    christmas_eve_closed: bool = True
    new_years_eve_closed: bool = True
    constitution_day_closed: bool = True
    office_opens: time = DEFAULT_OFFICE_OPENS
    office_closes: time = DEFAULT_OFFICE_CLOSES
    closures: dict[date, str] = field(default_factory=dict)

    @classmethod
    def for_municipality(cls, municipality) -> WorkingCalendar:
        municipality_id = getattr(municipality, "pk", municipality)
        settings_row = CalendarSettings.objects.filter(municipality_id=municipality_id).first()
        calendar = cls(
            municipality_id=municipality_id,
            closures=dict(
                OfficeClosure.objects.filter(municipality_id=municipality_id).values_list(
                    "date", "reason"
                )
            ),
        )
        if settings_row is not None:
            calendar.christmas_eve_closed = settings_row.christmas_eve_closed
            calendar.new_years_eve_closed = settings_row.new_years_eve_closed
            calendar.constitution_day_closed = settings_row.constitution_day_closed
            calendar.office_opens = settings_row.office_opens
            calendar.office_closes = settings_row.office_closes
        return calendar

    # --- single days -------------------------------------------------------------
    def _customary(self, day: date) -> bool:
        return (
            (self.christmas_eve_closed and (day.month, day.day) == (12, 24))
            or (self.new_years_eve_closed and (day.month, day.day) == (12, 31))
            or (self.constitution_day_closed and (day.month, day.day) == (6, 5))
        )

    def closed_reason(self, day: date) -> ClosedDay | None:
        """Why ``day`` is not a working day, or ``None`` if it is one."""
        language = _holiday_language()
        public = _danish_holidays(day.year, language)
        if day in public:
            return ClosedDay(day, ClosedReason.HOLIDAY, public[day])
        if self._customary(day):
            name = _danish_optional_days(day.year, language).get(day, "")
            return ClosedDay(day, ClosedReason.CUSTOMARY, name)
        if day in self.closures:
            return ClosedDay(day, ClosedReason.CLOSURE, self.closures[day])
        if day.weekday() >= 5:
            return ClosedDay(day, ClosedReason.WEEKEND, _("Weekend"))
        return None

    def is_working_day(self, day: date) -> bool:
        return self.closed_reason(day) is None

    # --- searching ---------------------------------------------------------------
    def working_day_on_or_after(self, day: date) -> date:
        for offset in range(_MAX_SEARCH_DAYS):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(f"No working day within a year after {day}.")

    def next_working_day(self, moment: datetime | date) -> date:
        """The first working day after the (local) date of ``moment``."""
        return self.working_day_on_or_after(_local_date(moment) + timedelta(days=1))

    def add_working_days(self, day: date, count: int) -> date:
        """The working day ``count`` working days after ``day`` (``count`` ≥ 0)."""
        result = self.working_day_on_or_after(day) if count == 0 else day
        for _step in range(count):
            result = self.next_working_day(result)
        return result

    def opening(self, day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, self.office_opens))

    def closing(self, day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, self.office_closes))

    def is_office_open(self, moment: datetime) -> bool:
        local = timezone.localtime(moment)
        return (
            self.is_working_day(local.date())
            and self.office_opens <= local.time() < self.office_closes
        )

    def next_office_opening(self, moment: datetime) -> datetime:
        """The first moment at or after ``moment`` when the office is open.

        During office hours that is ``moment`` itself; before opening on a working
        day, that day's opening; otherwise the next working day's opening.
        """
        local = timezone.localtime(moment)
        if self.is_office_open(local):
            return moment
        today = local.date()
        if self.is_working_day(today) and local.time() < self.office_opens:
            return self.opening(today)
        return self.opening(self.next_working_day(today))

    def closed_days(self, start: date, end: date) -> list[ClosedDay]:
        """Every non-working day from ``start`` to ``end`` inclusive, weekends left out."""
        days = []
        current = start
        while current <= end:
            reason = self.closed_reason(current)
            if reason is not None and reason.kind != ClosedReason.WEEKEND:
                days.append(reason)
            current += timedelta(days=1)
        return days


def _local_date(moment: datetime | date) -> date:
    if isinstance(moment, datetime):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment


def local_day_start(day: date) -> datetime:
    """The first moment of ``day`` in the project's time zone: filter on
    ``moment__gte=local_day_start(first)`` and ``moment__lt=local_day_start(last + 1 day)``
    rather than ``moment__date``, which no index can serve."""
    return timezone.make_aware(datetime.combine(day, time.min))


# --- the functions the rest of the code calls ----------------------------------------
def is_working_day(day: date, municipality) -> bool:
    return WorkingCalendar.for_municipality(municipality).is_working_day(day)


def next_working_day(moment: datetime | date, municipality) -> date:
    """The first working day after the date of ``moment`` in ``municipality``."""
    return WorkingCalendar.for_municipality(municipality).next_working_day(moment)


def next_office_opening(moment: datetime, municipality) -> datetime:
    """The first moment at or after ``moment`` when ``municipality``'s office is open."""
    return WorkingCalendar.for_municipality(municipality).next_office_opening(moment)


def add_working_days(day: date, count: int, municipality) -> date:
    return WorkingCalendar.for_municipality(municipality).add_working_days(day, count)


def office_status(municipality, *, days_ahead: int = 30) -> dict:
    """What a page shows about the office: open now, next opening, closed days ahead."""
    calendar = WorkingCalendar.for_municipality(municipality)
    now = timezone.now()
    today = timezone.localdate()
    return {
        "calendar": calendar,
        "office_open": calendar.is_office_open(now),
        "today_closed": calendar.closed_reason(today),
        "next_opening": calendar.next_office_opening(now),
        "next_working_day": calendar.next_working_day(today),
        "upcoming_closures": calendar.closed_days(today, today + timedelta(days=days_ahead)),
        "days_ahead": days_ahead,
    }
