from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Support around foster families")

    def ready(self) -> None:
        from families.sections import family_section_register
        from support.family_section import SECTION

        family_section_register(SECTION)
