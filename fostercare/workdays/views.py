from django.views.generic import TemplateView

from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.workdays.calendar import office_status

LOOKAHEAD_DAYS = 120


class CalendarView(RoleRequiredMixin, TemplateView):
    """The municipality's working days: is the office open, when does it next open,
    and which days ahead are closed."""

    permission = "calendar.view"
    template_name = "workdays/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(office_status(self.request.user.municipality_id, days_ahead=LOOKAHEAD_DAYS))
        return context
