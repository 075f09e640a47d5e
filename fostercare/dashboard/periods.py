"""The period a dashboard page shows, and the one before it that every figure is set
against.

A period is a calendar year, a quarter, or any span from one day to another. Figures
that count events (placements begun, calls) count them within the period; figures
that describe a state (children overdue for a visit, families with a child placed) are
taken on its last day. A period still running ends today, and the period before it is
cut to the same length: 1 January to 15 March is set against 1 January to 15 March of
the year before, a quarter so far against the same part of the quarter before, and a
span of days against as many days just before it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from fostercare.formatting import danish_date
from fostercare.forms import DateInput

YEAR = "year"
QUARTER = "quarter"
CUSTOM = "custom"
FIRST_YEAR = 2000  # no municipality has digital foster-care records from before
LONGEST_DAYS = 5 * 366  # a custom period of at most five years


@dataclass(frozen=True)
class Period:
    kind: str
    since: date
    until: date  # the last day counted: never after today
    ends_on: date  # the last day of the year or quarter (the same as ``until`` if over)

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    @property
    def to_date(self) -> bool:
        """Whether the period is still running (it ends today)."""
        return self.until < self.ends_on

    @cached_property
    def label(self) -> str:
        if self.kind == YEAR and not self.to_date:
            return str(self.since.year)
        if self.kind == QUARTER and not self.to_date:
            quarter = (self.since.month - 1) // 3 + 1
            return _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": self.since.year}
        return _("%(since)s – %(until)s") % {
            "since": danish_date(self.since),
            "until": danish_date(self.until),
        }

    def previous(self) -> "Period":
        """The period before, of the same length (see the module's docstring)."""
        if self.kind in (YEAR, QUARTER):
            step = relativedelta(years=1) if self.kind == YEAR else relativedelta(months=3)
            ends_on = self.since - timedelta(days=1)
            until = min(self.until - step, ends_on) if self.to_date else ends_on
            return Period(self.kind, self.since - step, until, ends_on)
        until = self.since - timedelta(days=1)
        since = until - timedelta(days=self.days - 1)
        return Period(CUSTOM, since, until, until)


def year_period(year: int, today: date | None = None) -> Period:
    today = today or timezone.localdate()
    since, ends_on = date(year, 1, 1), date(year, 12, 31)
    return Period(YEAR, since, min(ends_on, today), ends_on)


def quarter_period(year: int, quarter: int, today: date | None = None) -> Period:
    today = today or timezone.localdate()
    since = date(year, 3 * quarter - 2, 1)
    ends_on = since + relativedelta(months=3) - timedelta(days=1)
    return Period(QUARTER, since, min(ends_on, today), ends_on)


def custom_period(since: date, until: date) -> Period:
    return Period(CUSTOM, since, until, until)


class PeriodForm(forms.Form):
    """The period (and, on pages that offer it, one caseworker or consultant) a dashboard
    page shows. Without input: this year so far. A bad value leaves the default period
    with the error on its field."""

    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[(YEAR, _("Year")), (QUARTER, _("Quarter")), (CUSTOM, _("From – to"))],
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *((n, _("Q%(quarter)s") % {"quarter": n}) for n in range(1, 5))],
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    caseworker = forms.ModelChoiceField(label=_("Caseworker"), queryset=None, required=False)
    consultant = forms.ModelChoiceField(label=_("Consultant"), queryset=None, required=False)

    def __init__(self, *args, scopes=(), caseworkers=None, consultants=None, today=None, **kw):
        super().__init__(*args, **kw)
        self.today = today or timezone.localdate()
        self.fields["year"].choices = [
            (year, str(year)) for year in range(self.today.year, FIRST_YEAR - 1, -1)
        ]
        for name, staff in (("caseworker", caseworkers), ("consultant", consultants)):
            if name in scopes and staff is not None:
                field = self.fields[name]
                field.queryset = staff
                field.empty_label = _("The whole municipality")
                field.label_from_instance = lambda user: user.full_name
                # Read once, as a list: a loop over the field's own choices counts them
                # in a query of its own before it reads them.
                field.choices = [*iter(field.choices)]
            else:
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("period") or YEAR
        year = cleaned.get("year") or self.today.year
        if kind == QUARTER:
            quarter = cleaned.get("quarter") or (self.today.month - 1) // 3 + 1
            if date(year, 3 * quarter - 2, 1) > self.today:
                self.add_error("quarter", _("The quarter has not begun yet."))
        elif kind == CUSTOM:
            first, last = cleaned.get("date_from"), cleaned.get("date_to")
            if not first:
                self.add_error("date_from", _("Give the first day."))
            elif first > self.today:
                self.add_error("date_from", _("The period cannot begin after today."))
            elif first < date(FIRST_YEAR, 1, 1):
                self.add_error("date_from", _("The period cannot begin before 2000."))
            if last and first and last < first:
                self.add_error("date_to", _("The end date cannot be before the start date."))
            elif first and (min(last or self.today, self.today) - first).days >= LONGEST_DAYS:
                self.add_error("date_to", _("Choose a period of at most five years."))
        return cleaned

    def chosen_period(self) -> Period:
        """The period asked for, or this year so far if the form is not valid."""
        today = self.today
        if not self.is_bound or not self.is_valid():
            return year_period(today.year, today)
        data = self.cleaned_data
        kind = data.get("period") or YEAR
        year = data.get("year") or today.year
        if kind == QUARTER:
            return quarter_period(year, data.get("quarter") or (today.month - 1) // 3 + 1, today)
        if kind == CUSTOM:
            return custom_period(data["date_from"], min(data.get("date_to") or today, today))
        return year_period(year, today)

    def chosen_staff(self, name: str):
        if name not in self.fields or not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data.get(name)
