from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "hotline"
    verbose_name = _("Emergency hotline")

    def ready(self) -> None:
        from families.sections import family_section_register
        from hotline.family_section import SECTION

        family_section_register(SECTION)
