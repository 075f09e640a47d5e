from datetime import time

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

DEFAULT_OFFICE_OPENS = time(8, 0)
DEFAULT_OFFICE_CLOSES = time(15, 0)


# Callables, not the times themselves: Django's check warns about a fixed time default
# (fields.W161) whenever the clock is within seconds of it, so `check --deploy` would
# fail at 08:00:00 and 15:00:00.
def default_office_opens() -> time:
    return DEFAULT_OFFICE_OPENS


def default_office_closes() -> time:
    return DEFAULT_OFFICE_CLOSES


class CalendarSettings(models.Model):
    """A municipality's choices about its working days; without a row, the defaults hold."""

    municipality = models.OneToOneField(
        "accounts.Municipality",
        on_delete=models.CASCADE,
        related_name="calendar_settings",
        verbose_name=_("municipality"),
    )
    christmas_eve_closed = models.BooleanField(_("closed on Christmas Eve"), default=True)
    new_years_eve_closed = models.BooleanField(_("closed on New Year's Eve"), default=True)
    constitution_day_closed = models.BooleanField(
        _("closed on Constitution Day (5 June)"), default=True
    )
    office_opens = models.TimeField(
        _("office opens"),
        default=default_office_opens,
        help_text=_("Follow-ups fall due at this time on the next working day."),
    )
    office_closes = models.TimeField(_("office closes"), default=default_office_closes)

    class Meta:
        verbose_name = _("working-day settings")
        verbose_name_plural = _("working-day settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(office_opens__lt=F("office_closes")),
                name="calendar_office_opens_before_closes",
                violation_error_message=_("The office must open before it closes."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.municipality)


class OfficeClosure(models.Model):
    """A day the municipality declared its office closed (e.g. between Christmas and New Year)."""

    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.CASCADE,
        related_name="office_closures",
        verbose_name=_("municipality"),
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("office closure")
        verbose_name_plural = _("office closures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "date"],
                name="office_closure_one_per_day",
                violation_error_message=_("This day is already registered as closed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}: {self.reason}"
