"""The hotline history on a family's page (registered in ``apps.py``)."""

from families.sections import FamilySection
from hotline.selectors import call_list_for_family

SECTION = FamilySection(
    name="hotline",
    template="hotline/_family_section.html",
    context=lambda user, family: {"hotline_calls": call_list_for_family(user=user, family=family)},
    order=20,
)
