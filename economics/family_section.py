"""The "Økonomi" section of a family's page (registered in ``apps.py``): per placed
child board and lodging and, for a generally approved family, the fee; for a network
family this year's use of the 20,000 kr., its applications, decisions and lost
earnings."""

from django.utils.translation import gettext_lazy as _

from economics.rules import UNDOCUMENTED_YEARLY_CAP
from economics.selectors import economics_family_overview
from families.models import ApprovalType
from families.sections import DETAIL, SHARED, FamilySection


def _actions_context(user, family) -> dict:
    """The header's buttons on the family page's summary, from its prefetched approvals."""
    is_network = any(
        a.type == ApprovalType.NETWORK and a.is_current for a in family.approvals.all()
    )
    return {"economy": {"is_network": is_network}, "can_register": user.can("economics.register")}


def _context(user, family) -> dict:
    return {
        "economy": economics_family_overview(user=user, family=family),
        "cap": UNDOCUMENTED_YEARLY_CAP,
        "can_register": user.can("economics.register"),
        "can_decide": user.can("economics.decide"),
        "can_fees": user.can("economics.fees"),
    }


SECTION = FamilySection(
    name="economics",
    template="economics/_family_section.html",
    actions_template="economics/_family_actions.html",
    context=_context,
    order=20,
    permission="economics.view",
    label=_("Economics"),
    actions_context=_actions_context,
    # On another municipality's family's page: the user's municipality's own fees there.
    pages=frozenset({DETAIL, SHARED}),
)
