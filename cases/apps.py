from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Children and placements")

    def ready(self) -> None:
        from cases.family_section import PLACEMENTS_SECTION, SECTION
        from families.sections import family_section_register

        family_section_register(SECTION)
        family_section_register(PLACEMENTS_SECTION)
