"""Pages that combine several apps: the start page of each role."""

from django.views.generic import TemplateView

from economics.selectors import expense_application_late_count, rates_missing
from families.selectors import family_list_mine
from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.accounts.models import Role
from fostercare.accounts.selectors import staff_counts_by_role
from fostercare.workdays.calendar import office_status
from hotline.selectors import follow_up_inbox, notification_list_unread
from supervision.selectors import obligation_list_by_family


class StartView(RoleRequiredMixin, TemplateView):
    """The page each role lands on; its template is chosen by role."""

    permission = "start.view"

    def get_template_names(self) -> list[str]:
        return [f"dashboard/start/{self.request.user.role}.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(office_status(user.municipality_id, days_ahead=30))
        if user.role in (Role.CONSULTANT, Role.MANAGER):
            context["notifications"] = notification_list_unread(user=user)
        if user.role == Role.MANAGER:
            context["staff_counts"] = staff_counts_by_role(user=user)
        if user.role == Role.CONSULTANT:
            families = list(family_list_mine(user=user))
            context["my_family_count"] = len(families)
            context["expiring_families"] = [f for f in families if f.expiring]
            context["inbox"] = follow_up_inbox(user=user)
            context["late_applications"] = expense_application_late_count(user=user)
        if user.role == Role.ADMIN:
            context["rates_missing"] = rates_missing()
        return context


class MyFamiliesView(RoleRequiredMixin, TemplateView):
    """The consultant's own families with their approvals and supervision obligations."""

    permission = "families.mine"
    template_name = "dashboard/my_families.html"

    def get_context_data(self, **kwargs):
        families = list(family_list_mine(user=self.request.user))
        obligations = obligation_list_by_family(families)
        for family in families:
            family.obligations = obligations[family.pk]
        return super().get_context_data(families=families, **kwargs)
