from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.utils.translation import gettext_lazy as _

from fostercare.accounts.models import User


class LoginForm(AuthenticationForm):
    """Log in with e-mail and password."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "The e-mail address or password is wrong. Note that the password is case-sensitive."
        ),
        "inactive": _("This account is deactivated. Contact your administrator."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role", "municipality", "phone", "manager")


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
