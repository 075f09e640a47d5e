"""The hotline history on a family's page, a sub-page of its own (registered in
``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from families.sections import FamilySection, history_page
from hotline.selectors import call_list_for_family


def _context(user, family, *, limit: int | None) -> dict:
    calls = call_list_for_family(user=user, family=family)
    return {"hotline_calls": history_page(calls, limit=limit, section="hotline")}


SECTION = FamilySection(
    name="hotline",
    template="hotline/_family_section.html",
    context=_context,
    order=20,
    paged=True,
    label=_("Emergency hotline"),
)
