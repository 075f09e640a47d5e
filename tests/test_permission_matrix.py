"""Every URL × every role × an outsider from another municipality.

Each app adds its pages to ``ROUTES``. A route names the action from
``fostercare.accounts.permissions.PERMISSIONS`` its view requires; the expected
status for each role follows from that table, so the table and the views cannot
drift apart. For pages about one record, ``make_kwargs`` builds a record in the
home municipality and returns the URL kwargs; a user of another municipality whose
role would be allowed must then get a 404 (the record does not exist for them).
Where what a role may see depends on the record (a consultant reads only children
placed in their own families), the route sets ``for_user`` and ``make_kwargs`` also
gets the user, to build the record that user may see.
``test_every_url_is_in_the_matrix`` fails when a new page is not listed here.
The managers' dashboard answers 404, not 403, to roles without the action
(``denied=404``); pages that moved there redirect (``allowed=302``).

The admin has a matrix of its own (at the end): for every model registered in the
admin, its list, add page and the change pages of a record of the user's own
municipality and of another, with every role and a superuser.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases.models import Placement
from economics import services as economics_services
from economics.models import FeeRenegotiation
from families.services import network_assessment_start
from fostercare.accounts.models import Role
from fostercare.accounts.permissions import roles_for
from fostercare.dashboard.themes import THEMES
from planning.models import NetworkPerson
from supervision.models import SupervisionCourse
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    CourseRunFactory,
    FamilyFactory,
    FamilyMemberFactory,
    FeeAgreementFactory,
    FollowUpFactory,
    PlacementChangeFactory,
    PlacementFactory,
    SupervisionSessionFactory,
    UserFactory,
    general_placement,
    municipality,
    network_placement,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Route:
    url_name: str
    permission: str
    make_kwargs: Callable[..., dict] | None = None  # (home municipality) -> URL kwargs
    method: str = "get"
    for_user: bool = False  # make_kwargs(home, user): the record depends on the user
    static_kwargs: dict | None = None  # URL kwargs that name no record (a dashboard page)
    denied: int = 403  # what a role without the action gets
    allowed: int | None = None  # what a role with it gets, if not the method's usual

    def kwargs(self, home, user) -> dict:
        if self.static_kwargs is not None:
            return self.static_kwargs
        if not self.make_kwargs:
            return {}
        return self.make_kwargs(home, user) if self.for_user else self.make_kwargs(home)

    def __str__(self) -> str:
        return self.url_name + (f"[{self.static_kwargs['slug']}]" if self.static_kwargs else "")


# --- records in the home municipality, for pages about one record ------------------
def _family(home) -> dict:
    return {"public_id": FamilyFactory(municipality=home).public_id}


def _shared_family(home) -> dict:
    """A generally approved family of another municipality (Silkeborg) where a child of
    ``home`` lives: the basic record the placing municipality sees (issue 16)."""
    family = ApprovalFactory(family=FamilyFactory(municipality=municipality("740"))).family
    PlacementFactory(child=ChildFactory(municipality=home), family=family)
    return {"public_id": family.public_id}


def _member(home) -> dict:
    member = FamilyMemberFactory(family=FamilyFactory(municipality=home))
    return {"public_id": member.family.public_id, "member_id": member.pk}


def _approval(home) -> dict:
    approval = ApprovalFactory(family=FamilyFactory(municipality=home))
    return {"public_id": approval.family.public_id, "approval_id": approval.public_id}


def _assessment(home) -> dict:
    family = FamilyFactory(municipality=home)
    consultant = family.consultant_assignments.get().consultant
    assessment = network_assessment_start(
        actor=consultant,
        family=family,
        child=ChildFactory(municipality=home),
        assessors=[consultant],
        relation_to_child="Mormor",
        relation_rating=1,
        started_on=date(2026, 1, 5),
    )
    return {"public_id": family.public_id, "assessment_id": assessment.public_id}


def _call(home) -> dict:
    follow_up = FollowUpFactory(call__family=FamilyFactory(municipality=home))
    return {"public_id": follow_up.call.public_id}


def _placed_child(home, user=None) -> Placement:
    """A child placed full time in a family; a consultant is made its fixed consultant."""
    consultant = user if user is not None and user.role == Role.CONSULTANT else None
    family = FamilyFactory(municipality=home, consultant=consultant)
    ApprovalFactory(family=family)
    return PlacementFactory(child=ChildFactory(municipality=home), family=family)


def _child(home, user=None) -> dict:
    return {"public_id": _placed_child(home, user).child.public_id}


def _placement(home) -> dict:
    placement = _placed_child(home)
    return {"public_id": placement.child.public_id, "placement_id": placement.public_id}


def _change(home) -> dict:
    change = PlacementChangeFactory(from_placement=_placed_child(home))
    return {"public_id": change.child.public_id, "change_id": change.public_id}


def _network_person(home) -> dict:
    placement = _placed_child(home)
    person = NetworkPerson.objects.create(
        child=placement.child,
        name="Bente Holm",
        relation="Mormor",
        recorded_by=UserFactory(role=Role.CASEWORKER, municipality=home),
    )
    return {"public_id": placement.child.public_id, "person_id": person.public_id}


def _session(home, user=None) -> dict:
    """A session of the home municipality; a supervisor is made its supervisor and a
    consultant the family's fixed consultant (the ones who may read its notes)."""
    ours = user is not None and user.municipality_id == home.pk
    consultant = user if ours and user.role == Role.CONSULTANT else None
    extra = {"supervisor": user} if ours and user.role == Role.SUPERVISOR else {}
    family = FamilyFactory(municipality=home, consultant=consultant)
    session = SupervisionSessionFactory(municipality=home, families=[family], **extra)
    return {"public_id": session.public_id}


def _network_group(home, user=None) -> dict:
    """A group of the home municipality; a supervisor of it is made its facilitator."""
    from support.models import NetworkGroup, NetworkGroupMember

    ours = user is not None and user.municipality_id == home.pk
    facilitator = user if ours and user.role == Role.SUPERVISOR else None
    group = NetworkGroup.objects.create(
        municipality=home,
        name="Netværk Nord",
        consultant=UserFactory(role=Role.CONSULTANT, municipality=home),
        facilitator=facilitator,
        started_on=date(2025, 1, 1),
    )
    NetworkGroupMember.objects.create(
        group=group, family=FamilyFactory(municipality=home), joined_on=date(2025, 1, 1)
    )
    return {"public_id": group.public_id}


def _mentor_pairing(home, user=None) -> dict:
    """A pairing of the home municipality; a supervisor facilitates the mentee's group."""
    from support.models import MentorPairing, NetworkGroup, NetworkGroupMember

    mentee = FamilyFactory(municipality=home)
    pairing = MentorPairing.objects.create(
        municipality=home,
        mentor=FamilyFactory(municipality=home),
        mentee=mentee,
        purpose="Ny netværksplejefamilie",
        started_on=date(2025, 1, 1),
        created_by=UserFactory(role=Role.CONSULTANT, municipality=home),
    )
    if user is not None and user.municipality_id == home.pk and user.role == Role.SUPERVISOR:
        group = NetworkGroup.objects.create(
            municipality=home,
            name="Netværk Syd",
            consultant=UserFactory(role=Role.CONSULTANT, municipality=home),
            facilitator=user,
            started_on=date(2025, 1, 1),
        )
        NetworkGroupMember.objects.create(group=group, family=mentee, joined_on=date(2025, 1, 1))
    return {"public_id": pairing.public_id}


def _development_goal(home) -> dict:
    from support.models import DevelopmentGoal

    goal = DevelopmentGoal.objects.create(
        municipality=home,
        family=FamilyFactory(municipality=home),
        goal="Trygge rammer",
        set_by="together",
        set_on=date(2026, 1, 5),
        review_on=date(2026, 6, 1),
        recorded_by=UserFactory(role=Role.CONSULTANT, municipality=home),
    )
    return {"public_id": goal.public_id}


def _supervision_course(home) -> dict:
    family = FamilyFactory(municipality=home)
    course = SupervisionCourse.objects.create(
        family=family,
        kind="individual",
        external_supervisor="Ekstern supervisor",
        goal="Mål",
        planned_sessions=5,
        session_minutes=90,
        starts_on=date(2025, 9, 1),
    )
    return {"public_id": family.public_id, "course_id": course.public_id}


def _run(home) -> dict:
    return {"public_id": CourseRunFactory(course_kind__municipality=home).public_id}


def _network_family(home) -> dict:
    return {"public_id": network_placement(home).family.public_id}


def _application(home, *, decided: bool = False):
    placement = network_placement(home)
    consultant = placement.family.consultant_assignments.get().consultant
    application = economics_services.expense_application_register(
        actor=consultant,
        placement=placement,
        kind="other_costs",
        received_on=date(2026, 1, 5),
        category="leisure",
        description="Fodboldstøvler og kontingent",
        amount_applied=Decimal("1200.00"),
        agreed_beforehand=True,
        agreed_on=date(2026, 1, 2),
    )
    if decided:
        economics_services.expense_decision_record(
            actor=consultant,
            application=application,
            outcome="full",
            reasons="Aftalt på forhånd; inden for de 20.000 kr.",
            decided_on=date(2026, 1, 9),
        )
    return application


def _undecided(home) -> dict:
    return {"public_id": _application(home).public_id}


def _decided(home) -> dict:
    return {"public_id": _application(home, decided=True).public_id}


def _decision(home) -> dict:
    return {"public_id": _application(home, decided=True).decision.public_id}


def _general_placement(home) -> dict:
    return {"public_id": general_placement(home).public_id}


def _fee_agreement(home) -> dict:
    return {"public_id": FeeAgreementFactory(placement=general_placement(home)).public_id}


def _renegotiation(home) -> dict:
    agreement = FeeAgreementFactory(placement=general_placement(home))
    renegotiation = FeeRenegotiation.objects.create(
        agreement=agreement, date=date(2025, 9, 1), requested_by="family", reason="Større behov"
    )
    return {"public_id": renegotiation.public_id}


HIDDEN = 404  # economics records do not exist for roles that may not read them

ROUTES: list[Route] = [
    Route("dashboard:start", "start.view"),
    Route("accounts:password_change", "account.change_password"),
    Route("accounts:session_keep_alive", "account.session", method="post", allowed=204),
    Route("workdays:calendar", "calendar.view"),
    Route("families:picker", "families.list"),
    Route("families:placeable_picker", "cases.edit"),
    Route("families:list", "families.list"),
    Route("families:create", "families.edit"),
    Route("dashboard:my_families", "families.mine"),
    Route("families:stats", "families.stats", allowed=302),
    Route("families:detail", "families.list", _family),
    Route("families:shared", "families.view", _shared_family),
    Route("families:access_log", "families.access_log", _family),
    Route("families:update", "families.edit", _family),
    Route("families:consultant", "families.edit", _family),
    Route("families:member_add", "families.edit", _family),
    Route("families:member_edit", "families.edit", _member),
    Route("families:member_delete", "families.edit", _member, method="post"),
    Route("families:approval_add", "families.edit", _family),
    Route("families:approval_edit", "families.edit", _approval),
    Route("families:assessment_add", "families.edit", _family),
    Route("families:assessment_edit", "families.edit", _assessment),
    Route("families:assessment_decide", "families.edit", _assessment),
    Route("cases:list", "cases.list"),
    Route("cases:worklist", "cases.worklist"),
    Route("cases:placements", "cases.list"),
    Route("cases:changes", "cases.list"),
    Route("cases:create", "cases.edit"),
    Route("cases:detail", "cases.view", _child, for_user=True),
    Route("cases:access_log", "cases.access_log", _child),
    Route("cases:update", "cases.edit", _child),
    Route("cases:caseworker", "cases.edit", _child),
    Route("cases:placement_end", "cases.edit", _placement),
    Route("cases:visit_add", "cases.edit", _child),
    Route("cases:contact_add", "cases.edit", _child),
    Route("cases:information_add", "cases.edit", _child),
    Route("cases:action_plan_add", "cases.edit", _child),
    Route("cases:change_add", "cases.edit", _child),
    Route("cases:change", "cases.edit", _change),
    Route("cases:change_complete", "cases.edit", _change),
    Route("cases:change_update", "cases.edit", _change),
    Route("cases:change_cancel", "cases.edit", _change),
    Route("hotline:register", "hotline.register"),
    Route("hotline:register_unknown", "hotline.register"),
    Route("hotline:register_family", "hotline.register", _family),
    Route("hotline:my_calls", "hotline.register"),
    Route("hotline:inbox", "hotline.followup"),
    Route("hotline:call_detail", "hotline.view", _call),
    Route("hotline:follow_up_done", "hotline.followup", _call),
    Route("hotline:follow_up_reassign", "hotline.reassign", _call),
    Route("hotline:call_list", "hotline.manage"),
    Route("hotline:stats", "hotline.manage", allowed=302),
    Route("hotline:follow_ups", "hotline.manage"),
    Route("hotline:unassigned", "hotline.manage"),
    Route("hotline:deliveries", "hotline.deliveries"),
    Route("hotline:absences", "hotline.manage"),
    Route("hotline:absence_add", "hotline.manage"),
    Route("supervision:session_add", "supervision.log"),
    Route("supervision:session_family_picker", "supervision.log"),
    Route("supervision:session_member_picker", "supervision.log"),
    Route("supervision:enrol_member_picker", "supervision.courses"),
    Route("supervision:session_detail", "supervision.view", _session, for_user=True),
    Route("supervision:session_notes", "supervision.log", _session, for_user=True),
    Route("supervision:course_add", "supervision.courses", _family),
    Route("supervision:course_extend", "supervision.courses", _supervision_course),
    Route("supervision:exception_add", "supervision.exception", _family),
    Route("supervision:supervisor_home", "supervision.supervise"),
    Route("supervision:courses", "supervision.courses"),
    Route("supervision:course_kind_add", "supervision.courses"),
    Route("supervision:run_add", "supervision.courses"),
    Route("supervision:run_detail", "supervision.courses", _run),
    Route("supervision:enrol", "supervision.courses", _run),
    Route("supervision:attendance", "supervision.courses", _run, method="post"),
    Route("supervision:year_plan", "supervision.yearplan"),
    Route("supervision:coverage", "supervision.coverage", allowed=302),
    Route("supervision:sessions", "supervision.sessions"),
    Route("dashboard:overview", "dashboard.view", denied=404),
    *(
        Route("dashboard:theme", "dashboard.view", static_kwargs={"slug": theme.slug}, denied=404)
        for theme in THEMES
    ),
    Route("economics:worklist", "economics.decide"),
    Route("economics:payment_list", "economics.payments"),
    Route("economics:figures", "economics.figures"),
    Route("economics:cost_application_add", "economics.register", _network_family, denied=HIDDEN),
    Route(
        "economics:lost_earnings_application_add",
        "economics.register",
        _network_family,
        denied=HIDDEN,
    ),
    Route("economics:application", "economics.view", _decided, denied=HIDDEN),
    Route("economics:decide", "economics.decide", _undecided, denied=HIDDEN),
    Route("economics:payment_record", "economics.register", _decided, denied=HIDDEN),
    Route("economics:letter", "economics.view", _decision, denied=HIDDEN),
    Route("economics:letter_pdf", "economics.view", _decision, denied=HIDDEN),
    Route("economics:fee_add", "economics.fees", _general_placement, denied=HIDDEN),
    Route("economics:fee_assign", "economics.fees", _fee_agreement, denied=HIDDEN),
    Route("economics:fee_renegotiate", "economics.fees", _fee_agreement, denied=HIDDEN),
    Route("economics:fee_conclude", "economics.fees", _renegotiation, denied=HIDDEN),
    Route("planning:network", "planning.view", _child),
    Route("planning:person_add", "planning.edit", _child),
    Route("planning:person_edit", "planning.edit", _network_person),
    Route("planning:meeting_add", "planning.edit", _child),
    Route("planning:needs", "planning.edit", _child),
    Route("planning:matching", "planning.view", _child),
    Route("planning:place", "planning.edit", _child),
    Route("planning:family_profile", "planning.family_profile", _family),
]

ROUTES += [
    Route("support:groups", "support.view"),
    Route("support:group_create", "support.manage"),
    Route("support:group_detail", "support.view", _network_group, for_user=True),
    Route("support:member_add", "support.manage", _network_group, for_user=True),
    Route("support:group_state", "support.manage", _network_group, for_user=True),
    Route("support:meeting_add", "support.manage", _network_group, for_user=True),
    Route("support:mentor_search", "support.manage", _family),
    Route("support:pairing_create", "support.manage", _family),
    Route("support:pairing_detail", "support.view", _mentor_pairing, for_user=True),
    Route("support:check_in_add", "support.manage", _mentor_pairing, for_user=True),
    Route("support:coverage", "support.coverage"),
    Route("support:goal_create", "support.manage", _family),
    Route("support:goal_review", "support.manage", _development_goal),
    Route("hotline:out_of_hours_contact", "hotline.out_of_hours"),
]

# Pages everyone may open without logging in, or that only accept POST.
PUBLIC_OR_POST_ONLY = {
    "accounts:login",
    "accounts:logout",
    "set_language",
    "health",
    "health_workers",
}
ALLOWED_STATUS = {"get": 200, "post": 302}


def _url(route: Route, home, user=None) -> str:
    return reverse(route.url_name, kwargs=route.kwargs(home, user))


@pytest.mark.parametrize("route", ROUTES, ids=str)
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_role_gets_what_the_table_says(client, home, route, role):
    user = UserFactory(role=role, municipality=home)
    url = _url(route, home, user)
    client.force_login(user)
    response = getattr(client, route.method)(url)
    allowed = route.allowed or ALLOWED_STATUS[route.method]
    expected = allowed if role in roles_for(route.permission) else route.denied
    assert response.status_code == expected


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_anonymous_is_sent_to_login(client, home, route):
    response = getattr(client, route.method)(_url(route, home))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("route", [r for r in ROUTES if r.make_kwargs], ids=str)
def test_outsider_gets_404(client, home, other_municipality, route):
    allowed_role = sorted(roles_for(route.permission))[0]
    outsider = UserFactory(role=allowed_role, municipality=other_municipality)
    url = _url(route, home, outsider)
    client.force_login(outsider)
    assert getattr(client, route.method)(url).status_code == 404


def _named_urls(patterns, namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # the admin has its own permission model (tests/accounts/test_admin.py)
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _named_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_the_matrix():
    listed = {route.url_name for route in ROUTES} | PUBLIC_OR_POST_ONLY
    assert _named_urls(get_resolver().url_patterns) - listed == set()


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.ON_CALL], ids=str)
def test_child_page_is_404_to_a_consultant_whose_family_does_not_host_the_child(client, home, role):
    """Consultants read children placed in their own families only; the child of
    another family of the same municipality does not exist for them."""
    url = _url(Route("cases:detail", "cases.view", _child, for_user=True), home)
    client.force_login(UserFactory(role=Role.CONSULTANT, municipality=home))
    assert client.get(url).status_code == 404


# --- the admin ----------------------------------------------------------------------------
# Who gets in: a municipality's administrator (the admin role, staff) and a superuser.
# Every other role is not staff and is sent to the admin's log-in page.
SUPERUSER = "superuser"
ADMIN_ROLES = [*Role, SUPERUSER]


def _admin_world(municipality) -> None:
    """One record of every model registered in the admin, in ``municipality``."""
    from axes.models import AccessAttempt, AccessFailureLog
    from axes.models import AccessLog as AxesAccessLog

    from cases.models import ActionPlan, CaseworkerAssignment, StatutoryVisit
    from economics.models import EconomicsSettings, FeeRenegotiation
    from fostercare.audit.services import log_access, log_change
    from hotline.models import ConsultantAbsence, HotlineSettings, Notification
    from supervision.models import IntensiveSupportException, SupervisionCadence
    from tests.factories import (
        BoardAndLodgingRateFactory,
        CalendarSettingsFactory,
        FeeAgreementFactory,
        FeeUnitRateFactory,
        OfficeClosureFactory,
    )

    staff = UserFactory(role=Role.CONSULTANT, municipality=municipality)
    colleague = UserFactory(role=Role.CONSULTANT, municipality=municipality)
    placement = _placed_child(municipality)
    child, family = placement.child, placement.family
    FamilyMemberFactory(family=family)
    _assessment(municipality)
    agreement = FeeAgreementFactory(placement=placement)
    FeeRenegotiation.objects.create(
        agreement=agreement, date=date(2025, 2, 1), requested_by="family", reason="Flere opgaver"
    )
    EconomicsSettings.objects.create(municipality=municipality)
    HotlineSettings.objects.create(municipality=municipality)
    BoardAndLodgingRateFactory()
    FeeUnitRateFactory()
    _application(municipality, decided=True)  # an application, its decision and letter
    PlacementChangeFactory(from_placement=placement)
    CaseworkerAssignment.objects.create(child=child, caseworker=staff, starts_on=date(2025, 1, 1))
    ActionPlan.objects.create(
        child=child, adopted_on=date(2025, 3, 1), goals="Mål", next_review_on=date(2025, 9, 1),
        created_by=staff,
    )  # fmt: skip
    StatutoryVisit.objects.create(child=child, visited_on=date(2025, 4, 1), visitor=staff)
    FollowUpFactory(call__family=family)
    ConsultantAbsence.objects.create(
        municipality=municipality, consultant=staff, starts_on=date(2026, 7, 1),
        ends_on=date(2026, 7, 20), substitute=colleague, created_by=colleague,
    )  # fmt: skip
    Notification.objects.create(user=staff, text="Ny opfølgning")
    CourseRunFactory(course_kind__municipality=municipality)
    SupervisionCadence.objects.create(municipality=municipality, family_type="almen", months=3)
    _supervision_course(municipality)
    IntensiveSupportException.objects.create(
        placement=placement, reason="Ingen ledig supervisor", recorded_on=date(2025, 3, 10)
    )
    SupervisionSessionFactory(municipality=municipality, families=[family])
    CalendarSettingsFactory(municipality=municipality)
    OfficeClosureFactory(municipality=municipality, date=date(2026, 12, 28))
    log_change(actor=staff, instance=family, action="create")
    log_access(user=staff, instance=family)
    login = {"username": staff.email, "user_agent": "test", "http_accept": "*/*", "path_info": "/"}
    AccessAttempt.objects.create(**login, get_data="", post_data="", failures_since_start=1)
    AxesAccessLog.objects.create(**login)
    AccessFailureLog.objects.create(**login)


def _admin_record(model_admin, municipality):
    """A record of ``municipality`` through the admin's own scoping."""
    from economics.admin import NationalTableAdmin
    from fostercare.accounts.models import User

    model = model_admin.model
    if model._meta.label == "accounts.Municipality":
        return municipality
    if isinstance(model_admin, NationalTableAdmin):  # national: every admin reads the rows
        return model.objects.order_by("pk").first()
    field = getattr(model_admin, "municipality_field", "")
    if field:
        rows = model.objects.filter(**{f"{field}_id": municipality.pk})
    else:  # django-axes' records: by the user's e-mail
        emails = User.objects.filter(municipality=municipality).values("email")
        rows = model.objects.filter(username__in=emails)
    record = rows.order_by("pk").first()
    assert record is not None, f"add a {model._meta.label} row to _admin_world"
    return record


def _admin_user(role, home):
    if role == SUPERUSER:
        return UserFactory(role=Role.ADMIN, municipality=home, is_superuser=True)
    return UserFactory(role=role, municipality=home)


def _admin_may_add(model_admin, user) -> bool:
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return model_admin.has_add_permission(request)


@pytest.mark.parametrize("role", ADMIN_ROLES, ids=str)
def test_admin_pages_per_role(client, home, other_municipality, role):
    """Each model's list, add page, own record and another municipality's record."""
    from django.contrib import admin

    _admin_world(home)
    _admin_world(other_municipality)
    user = _admin_user(role, home)
    client.force_login(user)
    staff = role in (Role.ADMIN, SUPERUSER)
    wrong = []
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        name = f"admin:{meta.app_label}_{meta.model_name}"
        ours = _admin_record(model_admin, home)
        theirs = _admin_record(model_admin, other_municipality)
        national = ours == theirs and meta.label != "accounts.Municipality"
        expected = {
            reverse(f"{name}_changelist"): 200,
            reverse(f"{name}_add"): 200 if _admin_may_add(model_admin, user) else 403,
            reverse(f"{name}_change", args=[ours.pk]): 200,
            # Another municipality's record does not exist for its administrator: the
            # admin sends them back to its index; a superuser sees every municipality.
            reverse(f"{name}_change", args=[theirs.pk]): 200
            if role == SUPERUSER or national
            else 302,
        }
        for url, status in expected.items():
            got = client.get(url)
            if not staff:
                status = 302
                if got.status_code == 302 and not got.url.startswith(reverse("admin:login")):
                    wrong.append((url, "redirected elsewhere", got.url))
                    continue
            if got.status_code != status:
                wrong.append((url, status, got.status_code))
            elif status == 302 and staff:
                assert got.url == reverse("admin:index"), url
    assert wrong == []


def test_admin_pages_send_anonymous_users_to_log_in(client, home):
    from django.contrib import admin

    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
