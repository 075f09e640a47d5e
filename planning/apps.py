from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Placement planning")

    def ready(self) -> None:
        from cases.sections import child_link_register
        from families.sections import family_section_register
        from planning.child_links import LINKS
        from planning.family_section import SECTION

        for link in LINKS:
            child_link_register(link)
        family_section_register(SECTION)
