"""The family's profile for matching, on the family page (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from families.sections import FamilySection
from planning.selectors import family_profile_for

SECTION = FamilySection(
    name="matching-profile",
    template="planning/_family_profile_section.html",
    context=lambda user, family: {
        "matching_profile": family_profile_for(family=family),
        "can_edit_profile": user.can("planning.family_profile"),
    },
    order=30,
    label=_("Family profile for matching"),
)
