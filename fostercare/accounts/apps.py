from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "fostercare.accounts"
    label = "accounts"
    verbose_name = _("Users and municipalities")

    def ready(self) -> None:
        from django.apps import apps

        # django-axes ships no Danish; its admin section gets our name (see admin.py).
        apps.get_app_config("axes").verbose_name = _("Log-in attempts")
