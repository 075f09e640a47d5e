from django.contrib.auth import views as auth_views
from django.contrib.messages.views import SuccessMessageMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from fostercare.accounts.forms import LoginForm
from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.accounts.models import Role
from fostercare.accounts.selectors import staff_counts_by_role
from fostercare.workdays.calendar import office_status


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(RoleRequiredMixin, SuccessMessageMixin, auth_views.PasswordChangeView):
    permission = "account.change_password"
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:start")
    success_message = _("Your password has been changed.")


class StartView(RoleRequiredMixin, TemplateView):
    """The page each role lands on; its template is chosen by role."""

    permission = "start.view"

    def get_template_names(self) -> list[str]:
        return [f"accounts/start/{self.request.user.role}.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(office_status(user.municipality_id, days_ahead=30))
        if user.role in (Role.CONSULTANT, Role.MANAGER):
            from hotline.selectors import notification_list_unread

            context["notifications"] = notification_list_unread(user=user)
        if user.role == Role.MANAGER:
            context["staff_counts"] = staff_counts_by_role(user=user)
        if user.role == Role.CONSULTANT:
            from families.selectors import family_list_mine

            families = list(family_list_mine(user=user))
            context["my_family_count"] = len(families)
            context["expiring_families"] = [f for f in families if f.expiring]
            from hotline.selectors import follow_up_inbox

            context["inbox"] = follow_up_inbox(user=user)
        return context
