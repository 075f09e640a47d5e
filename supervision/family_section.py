"""The supervision section of a family's page (registered in ``apps.py``)."""

from families.sections import FamilySection
from supervision.selectors import (
    enrolment_list_for_family,
    obligation_list_for_family,
    session_list_for_family,
    supervision_course_list_for_family,
)


def _context(user, family) -> dict:
    return {
        "supervision_sessions": session_list_for_family(user=user, family=family),
        "supervision_courses": list(supervision_course_list_for_family(user=user, family=family)),
        "enrolments": list(enrolment_list_for_family(user=user, family=family)),
        "obligations": obligation_list_for_family(family),
        "can_log_session": user.can("supervision.log"),
        "can_manage_courses": user.can("supervision.courses"),
        "can_record_exception": user.can("supervision.exception"),
    }


SECTION = FamilySection(
    name="supervision",
    template="supervision/_family_section.html",
    actions_template="supervision/_family_actions.html",
    context=_context,
    order=10,
)
