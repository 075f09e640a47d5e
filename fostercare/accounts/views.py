from django.contrib.auth import views as auth_views
from django.contrib.messages.views import SuccessMessageMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from fostercare.accounts.forms import LoginForm
from fostercare.accounts.mixins import RoleRequiredMixin


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(RoleRequiredMixin, SuccessMessageMixin, auth_views.PasswordChangeView):
    permission = "account.change_password"
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("dashboard:start")
    success_message = _("Your password has been changed.")
