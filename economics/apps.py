from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomicsConfig(AppConfig):
    name = "economics"
    verbose_name = _("Economics")

    def ready(self) -> None:
        from economics.family_section import SECTION
        from families.sections import family_section_register

        family_section_register(SECTION)

        from economics.models import FeeRenegotiation
        from economics.selectors.fees import family_filter_fee_renegotiation
        from families.list_filters import FamilyListFilter, family_list_filter_register
        from families.selectors import ANY_CURRENT

        # The list behind the fee-renegotiation figures on the managers' dashboard.
        family_list_filter_register(
            FamilyListFilter(
                name="fee_renegotiation",
                label=_("Fee renegotiated in the period"),
                choices=[(ANY_CURRENT, _("Any result")), *FeeRenegotiation.Result.choices],
                apply=family_filter_fee_renegotiation,
                drill_down=True,
                order=50,
            )
        )
