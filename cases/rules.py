"""Legal numbers and deadlines for children's cases, with their citations.

Barnets Lov (lov nr. 721 af 13. juni 2023; consolidated as LBK nr. 282 af 17. marts 2025)
took over the child provisions of Serviceloven (SEL) on 1 January 2024. The older SEL
numbers are the ones the sources (DOMAIN.md, seeds/) quote; both are kept here where a
rule is cited.
"""

from django.utils.translation import gettext_lazy as _

# Statutory supervision (personligt tilsyn): the placing municipality visits each
# placed child at least twice a year and talks with the child. Barnets Lov § 156, stk. 5
# (checked 23.11.2026 against LBK nr. 282 af 17/03/2025 at lovguiden.dk/loven/
# bekendtgørelse-af-barnets-lov/156): "Tilsynet efter stk. 1 skal omfatte mindst to
# årlige tilsynsbesøg på anbringelsesstedet, hvor kommunen taler med barnet eller den
# unge. Samtalen skal så vidt muligt finde sted uden tilstedeværelse af ansatte fra
# anbringelsesstedet." The law asks for a talk without the placement's staff "as far as
# possible": the app records a talk alone with the child (which meets it) or the reason
# why that was not possible. The former SEL number (SEL § 148, stk. 4, in an earlier
# version of this code) could NOT be verified: no source at hand (DOMAIN.md, the seeds,
# the public texts searched) gives it, the old SEL text of § 148 was not found, and
# today's SEL § 148 (LBK 155/2025, elov.dk/serviceloven/kapitel/26) no longer holds the
# child visits. A number from memory is not shown to users, so the citation names the
# current provision only until a reviewer finds the old one in a public text. Twice a year
# = at most half a year between visits; the first is due half a year after the
# placement started.
VISITS_PER_YEAR = 2
VISIT_INTERVAL_DAYS = 365 // VISITS_PER_YEAR  # 182
VISIT_CITATION = _("Barnets Lov § 156, stk. 5")


def visit_resets_deadline(*, spoken_alone: bool, not_alone_reason: str) -> bool:
    """A visit fulfils the duty, and so starts the next half year, only when the child
    was spoken with alone, or when the visit records why that was not possible ("så vidt
    muligt", § 156, stk. 5). Any other visit leaves the child due. The database side
    of the same rule is ``StatutoryVisitQuerySet.counting``."""
    return spoken_alone or bool(not_alone_reason.strip())


# The caseworker's worklist shows what falls due within this many days (practice).
WORKLIST_HORIZON_DAYS = 30

# A child turns adult at 18; a placement ends then unless continued as after-care.
ADULT_AGE = 18

# Change of placement (ændring af anbringelsessted): Ankestyrelsen's review of 57
# cases (seed 000) found that only 61 % were lawful; in 39 % one or more legal
# steps were skipped. The three steps the review checked, which must be recorded
# before the move is decided, unless an acute exception is recorded with its reason.
# Sources (checked 23.11.2026 against LBK nr. 282 af 17/03/2025, the consolidated
# Barnets Lov, at lovguiden.dk): the child's plan is "barnets plan, jf. § 91" (§ 98,
# stk. 5); the child's views are gathered by conversations before any decision (§ 5,
# stk. 3); the current placement's statement is obtained before a change of placement
# is decided (§ 98, stk. 2). Former numbers: SEL § 140 was the action plan (verified:
# § 140, stk. 1, "Kommunalbestyrelsen skal udarbejde en handleplan, inden der træffes
# afgørelse om foranstaltninger, jf. §§ 52, 76 og 76 a", quoted at barnetsjurist.dk/
# ?page_id=236; stk. 3 quoted at budalen.dk/handleplan). SEL § 48 was the conversation
# with the child (børnesamtale): confirmed only second-hand (boernesamtaler.dk cites
# "vejledningen til Servicelovens § 48" on børnesamtaler; ast.dk's page on the
# børnesamtale gives no number); the old § 48 text itself was not found. The former
# number of the placement's statement could not be verified (the old "§ 68 b" here was
# unverified), so none is named.
REVIEW_SKIPPED_SHARE = 39
STEP_REASONS = {
    "action_plan_revised_on": _(
        "The action plan must be revised before the move, so the new placement serves "
        "the goals set for the child (the child's plan, Barnets Lov § 91; formerly the "
        "action plan, SEL § 140)."
    ),
    "child_conversation_on": _(
        "The child must be heard in a conversation before the decision "
        "(børnesamtale; Barnets Lov § 5, stk. 3; formerly SEL § 48)."
    ),
    "family_statement_on": _(
        "The foster family's statement must be obtained before the child is moved from it "
        "(Barnets Lov § 98, stk. 2)."
    ),
}

# Contact with the birth parents and the network during a placement (samvær og
# kontakt): Barnets Lov §§ 103-107 (verified as the chapter's range in the ministry's
# "Vejledning om anbringelse (Delvejledning 4 af 6 til barnets lov)", kapitel 4, at
# regelrytter.dk, and as kapitel 12 "Samvær og kontakt, §§ 103-107" in themis.dk's
# table of contents of Barnets Lov). Formerly SEL § 71 (verified 23.11.2026: "Barnet
# eller den unge har ret til samvær og kontakt med forældre og netværk ... under
# anbringelsen uden for hjemmet", danskelove.dk/serviceloven/71).
CONTACT_CITATION = _("Barnets Lov §§ 103-107 (samvær og kontakt; formerly SEL § 71)")

# Information to the foster family at the start of a placement (issue 16, item 5; seed
# 003: foster families name missing information as a main cause of conflict). The
# checklist is practice, not a cited provision. Placements that began within this many
# days show missing items on the caseworker's worklist (older ones predate the log).
INFORMATION_LOOKBACK_DAYS = 365


def most_placed_at_once(periods, *, on) -> int:
    """The most children placed at the same time on ``on`` or any later day, of
    ``periods`` — (start, end) pairs, end None while open; a placement ends the day its
    end date falls (a move ends the old placement the day the new one starts, so the
    child is counted once). A new placement from ``on`` fits a family only when this is
    below the approved places: a placement recorded after the fact must also have fitted
    on the days since it began, when children who have since left were still there."""
    events = []
    for start, end in periods:
        if end is not None and end <= on:
            continue
        events.append((max(start, on), 1))
        if end is not None:
            events.append((end, -1))
    events.sort()  # on one day, an end (-1) before a start (+1)
    most = placed = 0
    for _day, change in events:
        placed += change
        most = max(most, placed)
    return most
