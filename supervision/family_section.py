"""The supervision section of a family's page and supervision's filters on the family
list (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from families.list_filters import FamilyListFilter
from families.sections import FamilySection, Window, history_page
from supervision.selectors import (
    FamilyStanding,
    enrolment_list_for_family,
    family_filter_basic_course,
    family_filter_intensive_support,
    family_filter_supervision,
    obligation_list_for_family,
    session_list_for_family,
    supervision_course_list_for_family,
)


def _actions_context(user, family) -> dict:
    return {
        "can_log_session": user.can("supervision.log"),
        "can_manage_courses": user.can("supervision.courses"),
    }


def _context(user, family, *, window: Window) -> dict:
    # The family's page lists a session's time, theme and supervisor, not who attended.
    sessions = session_list_for_family(user=user, family=family).prefetch_related(None)
    return {
        "supervision_sessions": history_page(sessions, window=window, section="supervision"),
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
    paged=True,
    label=_("Supervision and courses"),
    actions_context=_actions_context,
)


LIST_FILTERS = (
    FamilyListFilter(
        name="supervision",
        label=_("Supervision"),
        choices=[(FamilyStanding.OVERDUE, _("Overdue"))],
        apply=family_filter_supervision,
        order=10,
    ),
    FamilyListFilter(
        name="supervised",
        label=_("Supervision in the period"),
        choices=[
            (FamilyStanding.WITH_SESSION, _("Child placed, a session in the period")),
            (FamilyStanding.NONE_IN_PERIOD, _("Child placed, no session in the period")),
        ],
        apply=family_filter_supervision,
        drill_down=True,
        order=15,
    ),
    FamilyListFilter(
        name="intensive_support",
        label=_("Intensive support (network families)"),
        choices=[
            (FamilyStanding.IN_TIME, _("Started within 6 months")),
            (FamilyStanding.LATE, _("Not started within 6 months")),
        ],
        apply=family_filter_intensive_support,
        drill_down=True,
        order=20,
    ),
    FamilyListFilter(
        name="basic_course",
        label=_("Basic course (4 days)"),
        choices=[
            (FamilyStanding.OFFERED, _("Offered")),
            (FamilyStanding.NOT_OFFERED, _("Not offered")),
            (FamilyStanding.COMPLETED, _("Completed")),
            (FamilyStanding.NOT_COMPLETED, _("Not completed")),
        ],
        apply=family_filter_basic_course,
        drill_down=True,
        order=30,
    ),
)
