from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = _("Foster families")

    def ready(self) -> None:
        from families.list_filters import FamilyListFilter, family_list_filter_register
        from families.models import FeeRenegotiation
        from families.selectors import ANY_CURRENT, family_filter_fee_renegotiation

        # The list behind the fee-renegotiation figures; a filter like any other app's,
        # so it can move with the fee models.
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
