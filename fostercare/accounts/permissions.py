"""Which role may do what: the one table the views, templates and tests read.

An action is ``"<area>.<verb>"``. Views declare the action they need
(``RoleRequiredMixin.permission``); navigation shows an entry only to roles that
may use it; ``tests/test_permission_matrix.py`` walks every URL with every role.
Later apps add their actions here, next to the ones they extend.
"""

from collections.abc import Iterable

from fostercare.accounts.models import Role

ALL_STAFF = frozenset(Role)
CASEWORKER = Role.CASEWORKER
CONSULTANT = Role.CONSULTANT
ON_CALL = Role.ON_CALL
MANAGER = Role.MANAGER
ADMIN = Role.ADMIN
SUPERVISOR = Role.SUPERVISOR

PERMISSIONS: dict[str, frozenset[Role]] = {
    # The shared kernel.
    "start.view": ALL_STAFF,
    "account.change_password": ALL_STAFF,
    "account.session": ALL_STAFF,  # "Stay logged in" before the idle timeout
    "calendar.view": ALL_STAFF,
    "admin.access": frozenset({ADMIN}),
    # Foster families (families/): on-call responders see the short family page only.
    "families.list": frozenset({CASEWORKER, CONSULTANT, ON_CALL, MANAGER}),
    "families.view": frozenset({CASEWORKER, CONSULTANT, MANAGER}),
    "families.edit": frozenset({CONSULTANT}),
    "families.mine": frozenset({CONSULTANT}),
    "families.stats": frozenset({MANAGER}),
    # Who looked at a family's or a child's record, and when (GDPR art. 15).
    "families.access_log": frozenset({MANAGER}),
    # Children's cases (cases/): caseworkers work on the municipality's children;
    # managers read all; consultants read children placed in their own families (the
    # selector limits which); on-call responders see first name and age only, through
    # the family page.
    "cases.list": frozenset({CASEWORKER, MANAGER}),
    "cases.view": frozenset({CASEWORKER, CONSULTANT, MANAGER}),
    "cases.edit": frozenset({CASEWORKER}),
    "cases.worklist": frozenset({CASEWORKER}),
    "cases.access_log": frozenset({MANAGER}),
    # Placement planning (planning/): the child's network map, network meetings and
    # family group conferences, the needs profile, matching and placing with a
    # decision record are the caseworker's; managers read them; a family's profile for
    # matching is kept by consultants.
    "planning.view": frozenset({CASEWORKER, MANAGER}),
    "planning.edit": frozenset({CASEWORKER}),
    "planning.family_profile": frozenset({CONSULTANT}),
    # Emergency hotline (hotline/): on-call responders register calls; the fixed
    # consultant follows up; managers see all calls, assign and record absences.
    "hotline.register": frozenset({ON_CALL, CONSULTANT}),
    "hotline.view": frozenset({CONSULTANT, MANAGER}),
    "hotline.followup": frozenset({CONSULTANT}),
    "hotline.reassign": frozenset({CONSULTANT, MANAGER}),
    "hotline.manage": frozenset({MANAGER}),
    # A consultant logs a contact a family made with them personally after hours
    # (support, issue 17): the same register, marked as the consultant's.
    "hotline.out_of_hours": frozenset({CONSULTANT}),
    # Reminders without recipient or refused by the mail server: managers follow up,
    # admins fix what is missing (an address, the fallback address, a manager).
    "hotline.deliveries": frozenset({MANAGER, ADMIN}),
    # Supervision and courses (supervision/): consultants and supervisors log sessions;
    # a supervisor (institution staff) sees only the sessions they supervise; notes are
    # for the family's consultant, the supervisor and managers (supervision.selectors);
    # caseworkers see that supervision happened.
    "supervision.log": frozenset({CONSULTANT, SUPERVISOR}),
    "supervision.view": frozenset({CASEWORKER, CONSULTANT, MANAGER, SUPERVISOR}),
    "supervision.supervise": frozenset({SUPERVISOR}),
    "supervision.courses": frozenset({CONSULTANT, MANAGER}),
    "supervision.exception": frozenset({CONSULTANT}),
    "supervision.yearplan": frozenset({CONSULTANT, MANAGER}),
    "supervision.coverage": frozenset({MANAGER}),
    # Economics (economics/): fees per child, network families' applications for other
    # costs and lost earnings, decisions and letters, the monthly payment list. The
    # roles that register applications decide them (deciding is its own action, so a
    # municipality can narrow it); managers read everything. Economics records are a
    # 404, not a 403, to everyone else (their views set ``not_found_if_denied``).
    "economics.view": frozenset({CASEWORKER, CONSULTANT, MANAGER}),
    "economics.register": frozenset({CASEWORKER, CONSULTANT}),
    "economics.decide": frozenset({CASEWORKER, CONSULTANT}),
    "economics.fees": frozenset({CONSULTANT}),
    "economics.payments": frozenset({CASEWORKER, CONSULTANT, MANAGER}),
    "economics.figures": frozenset({MANAGER}),
    # Managers' dashboards (fostercare.dashboard) and the lists behind their figures.
    # Every other role gets a 404 from the dashboard, not a 403 (the views set
    # ``not_found_if_denied``): the municipality's management figures are not theirs,
    # the menu does not offer them, and a page that is not yours does not exist for
    # you, as another municipality's records do not. Admins see the figures; the lists
    # behind them stay with the roles that may read those records. The list of
    # supervision sessions (no notes) is for consultants and managers.
    "dashboard.view": frozenset({MANAGER, ADMIN}),
    # Support around foster families (support/): consultants form network groups and
    # pair mentor families; supervisors see the groups they facilitate; managers read
    # all and see the coverage.
    "support.view": frozenset({CONSULTANT, MANAGER, SUPERVISOR}),
    "support.manage": frozenset({CONSULTANT}),
    "support.coverage": frozenset({MANAGER}),
    "supervision.sessions": frozenset({CONSULTANT, MANAGER}),
}


def role_may(role: str, action: str) -> bool:
    try:
        allowed = PERMISSIONS[action]
    except KeyError as exc:  # a typo in a view must fail loudly, not silently deny
        raise KeyError(f"Unknown action {action!r}; add it to PERMISSIONS.") from exc
    return role in allowed


def roles_for(action: str) -> frozenset[Role]:
    return PERMISSIONS[action]


def actions_for(role: str) -> Iterable[str]:
    return sorted(action for action, roles in PERMISSIONS.items() if role in roles)
