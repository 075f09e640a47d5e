"""The children placed in a family, on the on-call responder's short family page
(registered in ``apps.py``): first name and age only."""

from cases.selectors import child_list_in_family
from families.sections import BASIC, FamilySection

SECTION = FamilySection(
    name="placed-children",
    template="cases/_placed_children.html",
    context=lambda user, family: {"children": child_list_in_family(family=family)},
    pages=frozenset({BASIC}),
    order=10,
)
