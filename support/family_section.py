"""The support section of a family's page: its conditions that must start, its network
group, its mentor pairings (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from families.sections import FamilySection
from support.selectors import (
    condition_list_for_family,
    development_goal_list_for_family,
    mentor_pairings_for_family,
    network_group_for_family,
)


def _context(user, family) -> dict:
    return {
        "conditions": condition_list_for_family(family),
        "group_memberships": network_group_for_family(family),
        "mentor_pairings": mentor_pairings_for_family(family),
        "goals": development_goal_list_for_family(family),
        "can_manage_support": user.can("support.manage"),
    }


SECTION = FamilySection(
    name="support",
    template="support/_family_section.html",
    context=_context,
    order=15,
    permission="support.view",
    label=_("Support"),
)
