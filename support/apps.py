from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Support around foster families")

    def ready(self) -> None:
        from families.sections import family_section_register
        from supervision.year_plan import year_plan_source_register
        from support.family_section import SECTION
        from support.selectors import network_group_meeting_plan_entries

        family_section_register(SECTION)
        year_plan_source_register("support.network_meetings", network_group_meeting_plan_entries)
