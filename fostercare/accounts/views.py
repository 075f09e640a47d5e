from django.contrib.auth import views as auth_views
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View

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


class SessionKeepAliveView(RoleRequiredMixin, View):
    """ "Stay logged in" in the warning before the session times out: any request
    moves the session's expiry on (``SESSION_SAVE_EVERY_REQUEST``); this one does
    nothing else."""

    permission = "account.session"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return HttpResponse(status=204)
