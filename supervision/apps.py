from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision and courses")

    def ready(self) -> None:
        from families.sections import family_section_register
        from supervision.family_section import SECTION

        family_section_register(SECTION)
