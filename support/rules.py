"""Rules of the support around foster families: conditions that must start, network
groups and mentor families, with where each comes from.

Most of these numbers are practice the municipality chooses, not law; each says so.

- A network family (Barnets Lov § 43, stk. 1, nr. 4, formerly SEL § 66, stk. 1, nr. 4;
  plejefamiliebekendtgørelsen, BEK nr. 1489 af 6. december 2023, § 9) is approved for one
  child; the approval can depend on support that must actually start. Ankestyrelsen's
  study of network families (seed 002, chapter on preventing breakdowns, "Nogle gange er
  der ventetid på supplerende støtte"): "I nogle tilfælde er godkendelsen af
  netværksplejefamilien betinget af, at der iværksættes forskellige former for støtte.
  Hvis støtten ikke kan iværksættes med det samme, falder netværksanbringelsen til
  jorden."
- Network groups and mentor families: Socialstyrelsen's description of the cooperation
  model (seed 001, "3. Netværk blandt plejefamilier").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

# --- conditions that must start ------------------------------------------------------
# A condition shows as due this many days before its start date (practice, not law:
# two weeks leave time to chase the supporting service before the date passes).
CONDITION_DUE_SOON_DAYS = 14
CONDITION_CITATION = _(
    "A network family's approval can depend on support that must start; when it comes "
    "late, network placements fall apart (Ankestyrelsen's study of network families; "
    "Barnets Lov § 43, stk. 1, nr. 4, formerly SEL § 66, stk. 1, nr. 4)."
)


class ConditionState(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"  # not started, the start date within CONDITION_DUE_SOON_DAYS
    OVERDUE = "overdue"  # not started, the start date passed
    STARTED = "started"  # started on or before the start date
    STARTED_LATE = "started_late"


def condition_state(*, start_by: date, started_on: date | None, today: date) -> ConditionState:
    """Where a condition stands on ``today``. "Start by" the date: starting on the
    date itself is on time; the day after, it is overdue."""
    if started_on is not None:
        return ConditionState.STARTED if started_on <= start_by else ConditionState.STARTED_LATE
    if today > start_by:
        return ConditionState.OVERDUE
    if today >= start_by - timedelta(days=CONDITION_DUE_SOON_DAYS):
        return ConditionState.DUE
    return ConditionState.UPCOMING


def condition_overdue_from(start_by: date) -> date:
    """The first day a condition not started is overdue: the day after its date."""
    return start_by + timedelta(days=1)


def condition_reminder_day(start_by: date, *, working_day_on_or_after) -> date:
    """The working day the consultant and the manager are reminded: the day it falls
    overdue, or the next working day when that is a weekend or a holiday
    (``working_day_on_or_after``: the municipality's calendar, fostercare/workdays)."""
    return working_day_on_or_after(condition_overdue_from(start_by))


# --- network groups ---------------------------------------------------------------------
# Seed 001: "En netværksgruppe mellem plejefamilier kan eksempelvis bestå af 4-6
# plejefamilier, som mødes med en fast kadence, fx en gang om måneden." An example, so
# a size outside it is a warning, not a refusal.
GROUP_MIN_FAMILIES = 4
GROUP_MAX_FAMILIES = 6
GROUP_SIZE_CITATION = _(
    "Socialstyrelsen's cooperation model suggests network groups of 4-6 foster families "
    "meeting at a fixed cadence, e.g. monthly (a recommendation, not law)."
)


def group_size_warning(member_count: int) -> str:
    """A warning when a group has fewer than 4 or more than 6 families; empty if not."""
    if GROUP_MIN_FAMILIES <= member_count <= GROUP_MAX_FAMILIES:
        return ""
    return str(
        _("The group has %(count)s families; 4-6 are recommended.") % {"count": member_count}
    )


# --- mentor families --------------------------------------------------------------------
# Seed 001: "Kommunen kan fastsætte, at en plejefamilie skal have et vist antal års
# erfaring som plejefamilie, fx minimum tre år, for at kunne rådgive nye plejefamilier.
# Mentorrollen kan også forudsætte, at plejefamilien har været igennem et uddannelses-
# og supervisionsforløb." The municipality's choice (an example in the seed, not law):
# three years since the first general approval, the basic course completed and
# supervision received.
MENTOR_MIN_YEARS = 3
MENTOR_CITATION = _(
    "A mentor family has at least 3 years as a foster family, has completed the basic "
    "course and has received supervision (Socialstyrelsen's cooperation model; the "
    "municipality's own requirement, not law)."
)


@dataclass(frozen=True)
class MentorFacts:
    first_general_approval: date | None  # valid_from of the family's first general approval
    basic_course_completed: bool
    supervision_received: bool


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...]  # what is missing, in words; empty when eligible
    years_from: date | None  # the day the family has 3 years of experience


def mentor_eligibility(facts: MentorFacts, *, today: date) -> Eligibility:
    """Whether a family may be a mentor on ``today``, and why not. Three years since
    the first general approval: on the third anniversary of its first day it is."""
    reasons = []
    years_from = None
    if facts.first_general_approval is None:
        reasons.append(str(_("No general approval.")))
    else:
        years_from = facts.first_general_approval + relativedelta(years=MENTOR_MIN_YEARS)
        if today < years_from:
            reasons.append(
                str(
                    _("Less than %(years)s years since the first general approval.")
                    % {"years": MENTOR_MIN_YEARS}
                )
            )
    if not facts.basic_course_completed:
        reasons.append(str(_("The basic course is not completed.")))
    if not facts.supervision_received:
        reasons.append(str(_("No supervision received.")))
    return Eligibility(eligible=not reasons, reasons=tuple(reasons), years_from=years_from)


# "Near a family" (issue 17): the same or a neighbouring postal area. Danish postal
# codes are numbered by district, so codes that share the first two digits lie in the
# same or a neighbouring area (7100 Vejle, 7120 Vejle Ø, 7130 Juelsminde; 2100
# København Ø, 2150 Nordhavn). A simplification, named as such on the search page;
# the same postal code is listed first.
NEAR_PREFIX_DIGITS = 2


def postal_area_prefix(postal_code: str) -> str:
    """The part of a postal code the neighbouring areas share."""
    return postal_code[:NEAR_PREFIX_DIGITS]
