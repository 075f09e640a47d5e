"""Legal numbers and deadlines for children's cases, with their citations.

Barnets Lov (Act 721 of 14 June 2023) took over the child provisions of
Serviceloven (SEL) on 1 January 2024. The older SEL numbers are the ones the
sources (DOMAIN.md, seeds/) quote; both are kept here where a rule is cited.
"""

from django.utils.translation import gettext_lazy as _

# Statutory supervision (personligt tilsyn): the placing municipality visits each
# placed child at least twice a year and talks with the child alone (DOMAIN.md §2,
# "Statutory supervision visit"). Twice a year = at most half a year between visits;
# the first is due half a year after the placement started.
VISITS_PER_YEAR = 2
VISIT_INTERVAL_DAYS = 365 // VISITS_PER_YEAR  # 182

# The caseworker's worklist shows what falls due within this many days (practice).
WORKLIST_HORIZON_DAYS = 30

# A child turns adult at 18; a placement ends then unless continued as after-care.
ADULT_AGE = 18

# Change of placement (ændring af anbringelsessted): Ankestyrelsen's review of 57
# cases (seed 000) found that only 61 % were lawful; in 39 % one or more legal
# steps were skipped. The three steps the review checked, which must be recorded
# before the move is decided, unless an acute exception is recorded with its reason:
REVIEW_SKIPPED_SHARE = 39
STEP_REASONS = {
    "action_plan_revised_on": _(
        "The action plan must be revised before the move, so the new placement serves "
        "the goals set for the child (Barnets Lov; formerly SEL § 140)."
    ),
    "child_conversation_on": _(
        "The child must be heard in a conversation before the decision "
        "(børnesamtale; Barnets Lov; formerly SEL § 48)."
    ),
    "family_statement_on": _(
        "The foster family's statement must be obtained before the child is moved from it "
        "(Barnets Lov; formerly SEL § 68 b)."
    ),
}
