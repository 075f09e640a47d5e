from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision and courses")

    def ready(self) -> None:
        from families.list_filters import family_list_filter_register
        from families.sections import family_section_register
        from supervision.family_section import LIST_FILTERS, SECTION

        family_section_register(SECTION)
        for list_filter in LIST_FILTERS:
            family_list_filter_register(list_filter)
