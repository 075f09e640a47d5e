"""The hotline history on a family's page, a sub-page of its own (registered in
``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from families.sections import FamilySection, Window, history_page
from hotline.models import Outcome, Topic
from hotline.selectors import call_list_for_family

ROW_FIELDS = (
    "public_id", "called_at", "topic", "child_safety_at_risk",
    "follow_up__call_id", "follow_up__done_at", "follow_up__due_at", "follow_up__outcome",
)  # fmt: skip


def _context(user, family, *, window: Window) -> dict:
    # Only what a row shows: a history of hundreds of calls builds no more objects.
    rows = (
        call_list_for_family(user=user, family=family)
        .select_related(None)
        .select_related("follow_up")
        .only(*ROW_FIELDS)
    )
    calls = history_page(rows, window=window, section="hotline")
    # The labels translated once, not per row (``get_topic_display`` translates every
    # choice on each call: most of the time of a history of hundreds of calls).
    topics = {value: str(label) for value, label in Topic.choices}
    outcomes = {value: str(label) for value, label in Outcome.choices}
    for call in calls:
        call.topic_label = topics.get(call.topic, call.topic)
        follow_up = getattr(call, "follow_up", None)
        if follow_up is not None:
            follow_up.outcome_label = outcomes.get(follow_up.outcome, follow_up.outcome)
    return {"hotline_calls": calls}


SECTION = FamilySection(
    name="hotline",
    template="hotline/_family_section.html",
    context=_context,
    order=20,
    paged=True,
    label=_("Emergency hotline"),
)
