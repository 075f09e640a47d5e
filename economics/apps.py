from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomicsConfig(AppConfig):
    name = "economics"
    verbose_name = _("Economics")

    def ready(self) -> None:
        from economics.family_section import SECTION
        from families.sections import family_section_register

        family_section_register(SECTION)
