"""Legal numbers and deadlines for training and supervision of foster families,
with their citations.

Barnets Lov (lov nr. 721 af 13. juni 2023; consolidated as LBK nr. 282 af 17. marts 2025)
took over the child provisions of Serviceloven (SEL) on 1 January 2024; the foster-family
order is plejefamiliebekendtgørelsen (order 1489 of 6 December 2023). DOMAIN.md, "Course
and supervision".
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils.translation import gettext_lazy as _

# A network foster family must be OFFERED a basic course (grundkursus) of at least
# 4 full days when it is approved (plejefamiliebekendtgørelsen; DOMAIN.md).
NETWORK_BASIC_COURSE_MIN_DAYS = 4
NETWORK_BASIC_COURSE_CITATION = _(
    "A network family must be offered a basic course of at least 4 full days when "
    "approved (plejefamiliebekendtgørelsen)."
)

# A network family's support is intensive in the first year and must start within
# 6 months of the placement; where the child's situation argues against it (an
# exception recorded with its reason), the start-up course must be finished within
# 12 months (SEL § 66 c, stk. 2, as seed 002 cites it). STILL NOT VERIFIED (searched
# again 23.11.2026): neither the old text of SEL § 66 c, stk. 2, nor the provision of
# Barnets Lov or of BEK 1489/2023 that carries it was found in the public texts at hand
# (lovguiden.dk, elov.dk, danskelove.dk, socialjura.dk). These two texts therefore still
# name only the seed's former number; the report of issue 16 lists them as open.
INTENSIVE_SUPPORT_START_MONTHS = 6
INTENSIVE_SUPPORT_CITATION = _(
    "A network family's intensive support must start within 6 months of the placement "
    "(SEL § 66 c, stk. 2)."
)
START_UP_COURSE_MONTHS = 12
START_UP_COURSE_CITATION = _(
    "With a recorded exception, the start-up course must be completed within 12 months "
    "of the placement (SEL § 66 c, stk. 2)."
)

# Every foster family receives supervision for the whole placement: the placing
# municipality offers further training and supervision in line with the task
# (plejefamiliebekendtgørelsen § 5; formerly SEL § 66 c, stk. 1). Verified, with a
# caveat: elov.dk/plejefamiliebekendtgorelsen/paragraf/5, "§ 5 Efteruddannelse og
# supervision", says "Den kommunalbestyrelse, der træffer afgørelse om anbringelse, er
# forpligtet til at tilbyde efteruddannelse og supervision ... til almene plejefamilier,
# forstærkede plejefamilier og specialiserede plejefamilier, jf. lov om social service
# § 66 c, stk. 1", but elov.dk states that this page is built on the 2019 order (BEK nr.
# 522 af 30. april 2019). That the 2023 order (BEK 1489) kept the numbering is likely
# (its §§ 2 and 9 have the 2019 order's subjects, seen at elov.dk) but its § 5 was not
# seen. The Barnets Lov paragraph that replaced SEL § 66 c was NOT found, so none is
# named. (The old text's "Barnets Lov § 48" is not used: nothing found ties supervision
# to Barnets Lov § 48, and SEL § 48 was the conversation with the child.) The cadence
# is the municipality's own minimum (seed 001: a yearly plan, group supervision 3-4
# times a year): every third month unless the municipality sets another for a family
# type (supervision.SupervisionCadence).
DEFAULT_SUPERVISION_CADENCE_MONTHS = 3
SUPERVISION_CITATION = _(
    "Every foster family receives supervision during a placement "
    "(plejefamiliebekendtgørelsen § 5; formerly SEL § 66 c, stk. 1); "
    "the municipality's minimum cadence applies."
)

# A session lasts at most a working day and ends on the day it starts. This is the
# municipality's practice, not a provision of law (no statute bounds a session's
# length): 8 hours, the length of a course day (DOMAIN.md, "Course and supervision").
SESSION_MAX_MINUTES = 8 * 60


def session_length_problem(*, starts_at: datetime, duration_minutes: int | None) -> str | None:
    """Why a session of ``duration_minutes`` from ``starts_at`` (aware, judged in local
    time) cannot be recorded, or None. One that ends at midnight ends on its own day."""
    from django.utils import timezone

    if duration_minutes is None or duration_minutes <= 0:
        return _("The duration must be more than zero minutes.")
    if duration_minutes > SESSION_MAX_MINUTES:
        return _("A session lasts at most %(hours)d hours (a working day).") % {
            "hours": SESSION_MAX_MINUTES // 60
        }
    start = timezone.localtime(starts_at)
    last_moment = start + timedelta(minutes=duration_minutes) - timedelta(microseconds=1)
    if timezone.localtime(last_moment).date() != start.date():
        return _("A session ends on the day it starts.")
    return None


def intervals_overlap(
    first_start: datetime, first_minutes: int, second_start: datetime, second_minutes: int
) -> bool:
    """Whether two sessions share a moment; one ending as the other starts does not."""
    return first_start < second_start + timedelta(minutes=second_minutes) and (
        second_start < first_start + timedelta(minutes=first_minutes)
    )


def course_run_capacity_problem(capacity: int | None) -> str | None:
    """A course run has at least one place (the database refuses 0 as well; this names
    the field)."""
    if capacity is None or capacity < 1:
        return _("The capacity must be at least one.")
    return None


# An obligation shows as due this many days before its deadline (practice, not law).
DUE_SOON_DAYS = 30


# --- the obligations, computed from facts the selectors gather ------------------------


@dataclass(frozen=True)
class PlacementFacts:
    start_date: date
    network: bool = False
    exception: bool = False  # an IntensiveSupportException is recorded
    support_started_on: date | None = None  # first supervision on/after the start
    start_up_completed_on: date | None = None  # basic course attended, last day


@dataclass(frozen=True)
class FamilyFacts:
    network_approved_on: date | None = None
    basic_course_offered: bool = False
    placements: tuple[PlacementFacts, ...] = ()
    last_supervision_on: date | None = None
    cadence_months: int = DEFAULT_SUPERVISION_CADENCE_MONTHS


@dataclass(frozen=True)
class Obligation:
    code: str
    label: str
    due_on: date
    overdue: bool
    citation: str = field(default="", compare=False)


def _obligation(code, label, due_on, today, citation) -> Obligation | None:
    if today > due_on:
        return Obligation(code, str(label), due_on, True, str(citation))
    if today >= due_on - timedelta(days=DUE_SOON_DAYS):
        return Obligation(code, str(label), due_on, False, str(citation))
    return None


def obligations_from(facts: FamilyFacts, today: date) -> list[Obligation]:
    """The obligations due (within ``DUE_SOON_DAYS``) or overdue on ``today``."""
    found: list[Obligation | None] = []
    if facts.network_approved_on and not facts.basic_course_offered:
        found.append(
            _obligation(
                "basic_course_offer",
                _("Offer a basic course of at least 4 days"),
                facts.network_approved_on,
                today,
                NETWORK_BASIC_COURSE_CITATION,
            )
        )
    for placement in facts.placements:
        if not placement.network:
            continue
        if placement.exception:
            if placement.start_up_completed_on is None:
                found.append(
                    _obligation(
                        "start_up_course",
                        _("Start-up course to be completed"),
                        months_later(placement.start_date, START_UP_COURSE_MONTHS),
                        today,
                        START_UP_COURSE_CITATION,
                    )
                )
        elif placement.support_started_on is None:
            found.append(
                _obligation(
                    "intensive_support",
                    _("Intensive support to start"),
                    months_later(placement.start_date, INTENSIVE_SUPPORT_START_MONTHS),
                    today,
                    INTENSIVE_SUPPORT_CITATION,
                )
            )
    if facts.placements:
        found.append(
            _obligation(
                "supervision",
                _("Supervision"),
                supervision_due(
                    min(p.start_date for p in facts.placements),
                    facts.last_supervision_on,
                    facts.cadence_months,
                ),
                today,
                SUPERVISION_CITATION,
            )
        )
    return [o for o in found if o is not None]


def months_later(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clipped to the month's end (31 January
    plus one month is 28 or 29 February), as ``relativedelta`` and PostgreSQL's
    ``make_interval`` count; a twentieth of ``relativedelta``'s time, for the figures,
    which ask it for every family."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def supervision_due(first_start: date, last_session: date | None, cadence_months: int) -> date:
    """When a family's next supervision is due: the cadence after the last session, or
    after the first of its current placements began if that is later (or there was none);
    a month later clips to the month's end."""
    since = max(first_start, last_session) if last_session else first_start
    return months_later(since, cadence_months)


# The deadlines a session planned for a later day should not fall after.
SESSION_DEADLINE_CODES = ("intensive_support", "start_up_course", "supervision")


def deadlines_passed_before(facts: FamilyFacts, day: date) -> list[Obligation]:
    """The family's supervision deadlines, as the facts stand now, that will have passed
    when a session on ``day`` takes place: a warning for a planned session, never a
    refusal (a late session is better than none)."""
    return [
        obligation
        for obligation in obligations_from(facts, day)
        if obligation.overdue and obligation.code in SESSION_DEADLINE_CODES
    ]
