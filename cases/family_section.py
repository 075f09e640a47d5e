"""The children placed in a family (registered in ``apps.py``), as far as the viewing
user's municipality may know them. On the on-call responder's short page: first name
and age only. On the full page (the family's own municipality) and on the page of
another municipality's family where a child of ours lives: our children there, linked
to their cases, and, for our own family, the places that other municipalities'
children take — the placing municipality, the kind and since when, nothing more."""

from cases.selectors import child_list_in_family, placement_list_in_family, places_taken_elsewhere
from families.sections import BASIC, DETAIL, SHARED, FamilySection

SECTION = FamilySection(
    name="placed-children",
    template="cases/_placed_children.html",
    context=lambda user, family: {
        "children": child_list_in_family(user=user, family=family),
        "elsewhere": places_taken_elsewhere(user=user, family=family),
    },
    pages=frozenset({BASIC}),
    order=10,
)

PLACEMENTS_SECTION = FamilySection(
    name="placements",
    template="cases/_family_placements.html",
    context=lambda user, family: {
        "placements": placement_list_in_family(user=user, family=family),
        "elsewhere": places_taken_elsewhere(user=user, family=family),
        "can_open_case": user.can("cases.list"),
    },
    pages=frozenset({DETAIL, SHARED}),
    order=5,
)
