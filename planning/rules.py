"""Placement planning: the network first, and matching a child with a family.

Legal basis, checked against public law texts on 23 Nov 2026 (the source beside each):

- The kinds of foster family: almene, forstærkede and specialiserede plejefamilier
  and netværksplejefamilier, Barnets Lov (lov nr. 721 af 13. juni 2023) § 43, stk. 1,
  nr. 1-4; a network family is § 43, stk. 1, nr. 4 (plejefamiliebekendtgørelsen, bek.
  nr. 1489 af 6. december 2023, § 9; source: elov.dk/plejefamiliebekendtgorelsen/
  paragraf/9). Formerly SEL § 66, stk. 1, nr. 1-4 (nr. 1-3 almene, forstærkede,
  specialiserede since L 8 of 2018-19, "Mere kvalitet i plejefamilier", introduced
  3 October 2018; nr. 4 netværksplejefamilier; source: ft.dk, L 8 som fremsat, and
  danskelove.dk/serviceloven/66-69). Almene, forstærkede and specialiserede families
  must be approved before they take a child (plejefamiliebekendtgørelsen § 2; source:
  elov.dk/plejefamiliebekendtgorelsen/paragraf/2).
- What level of needs each kind takes (almen: light to moderate needs; forstærket:
  moderate to severe; specialiseret: severe) follows the descriptions of the
  socialtilsyn and Socialstyrelsen (sources: tilsynmidt.silkeborg.dk/Plejefamilier/
  Typologier; vidensportal.dk/boern-og-unge/plejefamilier/definition) — practice, not
  a paragraph of the law: the law leaves the match to the caseworker's judgement, so
  a placement below the child's level is allowed with recorded reasons.
- The network first: the municipality shall consider how family and network can be
  involved systematically, also in a placement (formerly SEL § 47; source: the
  minister's answer to SOU alm. del spm. 162, 11 January 2021). The provision's number
  in Barnets Lov has NOT been verified here; it is therefore not cited.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

# Levels of needs, lowest first.
LIGHT = "light"
MODERATE = "moderate"
SEVERE = "severe"
LEVEL_ORDER = {LIGHT: 1, MODERATE: 2, SEVERE: 3}

# The highest level of needs a current approval of each type is meant for
# (families.models.ApprovalType values). Network and specific approvals are for one
# named child: the approval itself says the family suits that child.
APPROVAL_LEVEL = {
    "almen": LIGHT,
    "forstaerket": MODERATE,
    "specialiseret": SEVERE,
    "kommunal": LIGHT,
    "netvaerk": SEVERE,
    "konkret": SEVERE,
}
CHILD_SPECIFIC_APPROVALS = ("netvaerk", "konkret")
GENERAL_APPROVALS = ("almen", "forstaerket", "specialiseret")

# Criterion names, in the order the matching page shows them.
PLACE = "place"
APPROVAL = "approval"
AGE = "age"
SIBLINGS = "siblings"
NEEDS = "needs"
LANGUAGE = "language"
SCHOOL = "school"
NETWORK = "network"
CRITERIA = (NETWORK, PLACE, APPROVAL, AGE, SIBLINGS, NEEDS, LANGUAGE, SCHOOL)

CRITERION_LABELS = {
    NETWORK: _("The child's network"),
    PLACE: _("Free place"),
    APPROVAL: _("Approval and level of needs"),
    AGE: _("Age"),
    SIBLINGS: _("Siblings together"),
    NEEDS: _("Special needs"),
    LANGUAGE: _("Language"),
    SCHOOL: _("School"),
}


def approval_covers(approval_type: str, level: str) -> bool:
    """Whether a family with this approval is meant for a child with this level."""
    highest = APPROVAL_LEVEL.get(approval_type)
    return highest is not None and LEVEL_ORDER[level] <= LEVEL_ORDER[highest]


@dataclass(frozen=True)
class ChildFacts:
    """What matching knows about the child (from the needs profile)."""

    age: int
    level: str
    places_needed: int = 1  # the child and the siblings to be placed together
    special_needs: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    school_city: str = ""  # the city of the school the child should keep; "" if none


@dataclass(frozen=True)
class FamilyFacts:
    """What matching knows about a family (approval, places, family profile)."""

    approval_type: str  # the best current approval for this child; "" if none
    free_places: int
    in_network: bool = False
    has_profile: bool = False
    age_min: int | None = None
    age_max: int | None = None
    takes_siblings: bool = False
    needs_taken: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    city: str = ""


@dataclass(frozen=True)
class Criterion:
    name: str
    met: bool | None  # None: not relevant or not known
    why: str

    @property
    def label(self):
        return CRITERION_LABELS[self.name]


def _lower(values) -> frozenset[str]:
    return frozenset(v.strip().lower() for v in values if v.strip())


def criteria_evaluate(child: ChildFacts, family: FamilyFacts) -> list[Criterion]:
    """Each criterion: met, not met or not relevant, and why (in words for the page)."""
    result = []
    if family.in_network:
        result.append(Criterion(NETWORK, True, str(_("The family is in the child's network."))))
    else:
        result.append(Criterion(NETWORK, None, str(_("The family is not in the child's network."))))
    if family.free_places >= child.places_needed:
        why = _("%(free)d free place(s), %(needed)d needed.")
        result.append(
            Criterion(
                PLACE, True, str(why) % {"free": family.free_places, "needed": child.places_needed}
            )
        )
    else:
        why = _("%(free)d free place(s), %(needed)d needed.")
        result.append(
            Criterion(
                PLACE, False, str(why) % {"free": family.free_places, "needed": child.places_needed}
            )
        )
    if not family.approval_type:
        result.append(Criterion(APPROVAL, False, str(_("No current approval for this child."))))
    elif approval_covers(family.approval_type, child.level):
        result.append(
            Criterion(APPROVAL, True, str(_("The approval covers the child's level of needs.")))
        )
    else:
        result.append(
            Criterion(
                APPROVAL,
                False,
                str(_("The approval is below the child's level of needs: reasons required.")),
            )
        )
    if not family.has_profile or family.age_min is None or family.age_max is None:
        result.append(Criterion(AGE, None, str(_("The family has no age range recorded."))))
    else:
        met = family.age_min <= child.age <= family.age_max
        why = _("The family takes children aged %(min)d–%(max)d; the child is %(age)d.")
        result.append(
            Criterion(
                AGE,
                met,
                str(why) % {"min": family.age_min, "max": family.age_max, "age": child.age},
            )
        )
    if child.places_needed <= 1:
        result.append(Criterion(SIBLINGS, None, str(_("No siblings to be placed together."))))
    elif family.takes_siblings:
        result.append(Criterion(SIBLINGS, True, str(_("The family takes siblings."))))
    else:
        result.append(Criterion(SIBLINGS, False, str(_("The family does not take siblings."))))
    if not child.special_needs:
        result.append(Criterion(NEEDS, None, str(_("No special needs recorded."))))
    else:
        missing = child.special_needs - family.needs_taken
        if missing:
            result.append(
                Criterion(NEEDS, False, str(_("The family does not take every special need.")))
            )
        else:
            result.append(
                Criterion(NEEDS, True, str(_("The family takes the child's special needs.")))
            )
    child_languages = _lower(child.languages)
    if not child_languages:
        result.append(Criterion(LANGUAGE, None, str(_("No language recorded for the child."))))
    elif child_languages & _lower(family.languages):
        result.append(Criterion(LANGUAGE, True, str(_("The family speaks the child's language."))))
    else:
        result.append(
            Criterion(LANGUAGE, False, str(_("The family does not speak the child's language.")))
        )
    if not child.school_city.strip():
        result.append(Criterion(SCHOOL, None, str(_("The child need not keep the school."))))
    elif child.school_city.strip().lower() == family.city.strip().lower():
        result.append(Criterion(SCHOOL, True, str(_("The family lives in the school's city."))))
    else:
        result.append(
            Criterion(SCHOOL, False, str(_("The family lives outside the school's city.")))
        )
    return result


def match_rank_key(criteria: list[Criterion], *, in_network: bool, years: int, name: str):
    """Network families first, then those meeting the most criteria and failing the
    fewest, then the most experienced; by name last, so the order is stable."""
    met = sum(1 for c in criteria if c.met is True)
    failed = sum(1 for c in criteria if c.met is False)
    return (not in_network, failed, -met, -years, name)


def decision_errors(
    *,
    approval_below_needs: bool,
    reasons: str,
    in_network: bool,
    network_explored: bool,
    outside_network_reason: str,
    siblings_split: bool,
    siblings_reason: str,
) -> dict[str, str]:
    """What a placement's decision record lacks, by field (empty: complete)."""
    errors = {}
    if approval_below_needs and not reasons.strip():
        errors["reasons"] = str(
            _(
                "The family's approval is below the child's level of needs: give the "
                "reasons for choosing it."
            )
        )
    if not in_network and not network_explored and not outside_network_reason.strip():
        errors["outside_network_reason"] = str(
            _(
                "The network has not been explored (no network map or network meeting is "
                "recorded): give the reason for placing outside the network."
            )
        )
    if siblings_split and not siblings_reason.strip():
        errors["siblings_reason"] = str(
            _("The siblings are to be placed together: give the reason for splitting them.")
        )
    return errors


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
