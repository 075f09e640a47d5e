"""The demo data (``seed_demo``) tells realistic, lawful histories in every app, and
running it twice adds nothing twice.

Loading the demo takes long (half a minute), so it is loaded once for the module
(twice, to see the second time add nothing) in a transaction of its own that is rolled
back when the module is done; each test still runs in a savepoint of its own inside it,
so what one test changes (a login, a page view logged) is gone before the next.
"""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    Child,
    ContactArrangement,
    InformationGiven,
    Placement,
    PlacementChange,
    StatutoryVisit,
)
from cases.selectors import case_worklist
from economics.models import (
    BoardAndLodgingRate,
    DecisionLetter,
    ExpenseApplication,
    ExpenseDecision,
    FeeAgreement,
    FeeRenegotiation,
    FeeUnitRate,
)
from economics.rules import UNDOCUMENTED_YEARLY_CAP
from economics.selectors import (
    expense_application_figures,
    expense_application_late_count,
    payment_list,
)
from families.selectors import family_list
from fostercare.accounts.models import Role, User
from fostercare.dashboard.themes import THEMES
from planning.models import FamilyProfile, NeedsProfile, NetworkMeeting, NetworkPerson
from planning.selectors import matching_list, needs_profile_for
from supervision.models import CourseRun, Enrolment, SupervisionSession
from support.models import MentorPairing, NetworkGroup
from support.selectors import support_coverage_figures

# One worker runs them all (``make test``: ``--dist loadgroup``), so the demo is loaded once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]

# What the second run must leave as the first did.
COUNTED = (ExpenseApplication, FeeAgreement, SupervisionSession, Placement, StatutoryVisit)


class Demo:
    """What the two runs of ``seed_demo`` printed and counted."""

    def __init__(self):
        self.first_output = ""
        self.first_counts: dict[str, int] = {}
        self.second_counts: dict[str, int] = {}


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    demo = Demo()
    outer = transaction.atomic()
    # As every test has it (tests/conftest.py): fast password hashing, no kept figures.
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            DASHBOARD_FIGURES_CACHE_SECONDS=0,
        ),
    ):
        outer.__enter__()
        try:
            out = io.StringIO()
            call_command("seed_demo", stdout=out)
            demo.first_output = out.getvalue()
            demo.first_counts = _counts()
            call_command("seed_demo", stdout=io.StringIO())  # twice adds nothing twice
            demo.second_counts = _counts()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield demo
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def test_seed_demo_twice_adds_nothing_twice(demo):
    assert demo.second_counts == demo.first_counts
    assert all(demo.first_counts.values())


# --- cases ---------------------------------------------------------------------------
def test_seed_demo_builds_consistent_case_histories(demo):
    """Placements within the families' approvals, moves with their steps, a breakdown,
    visits (some overdue) and a worklist."""
    placements = Placement.objects.all()
    assert placements.filter(end_date__isnull=True, kind="doegnpleje").count() >= 20
    assert placements.filter(family__approvals__type="netvaerk").exists()
    assert placements.filter(end_reason="breakdown").exclude(breakdown_reasons=[]).exists()
    assert placements.filter(kind="aflastning").exists()
    changes = PlacementChange.objects.all()
    assert changes.filter(status="completed", acute_exception=False).exists()
    assert changes.filter(status="completed", acute_exception=True).exists()
    assert [c.missing_steps != [] for c in changes.filter(status="open")] == [True]
    assert changes.filter(status="cancelled").exclude(cancel_reason="").exists()
    assert StatutoryVisit.objects.count() >= 40
    assert InformationGiven.objects.filter(item="health").exists()
    assert "information" in {
        item.kind for item in case_worklist(user=User.objects.get(email="raadgiver@aarhus.example"))
    }
    contacts = ContactArrangement.objects.all()
    assert contacts.filter(ends_on__isnull=True, supervised=True).exists()
    assert contacts.filter(ends_on__isnull=False).exists()  # eased by a new decision
    visits = StatutoryVisit.objects.filter(spoken_alone=False)
    assert visits.exclude(not_alone_reason="").exists()  # counts, with its reason
    assert visits.filter(not_alone_reason="").exists()  # does not count
    caseworker = User.objects.get(email="raadgiver@aarhus.example")
    assert min(f.places_full_time for f in family_list(user=caseworker)) >= 0
    kinds = {item.kind for item in case_worklist(user=caseworker)}
    assert {"visit", "change"} <= kinds
    assert any(item.overdue for item in case_worklist(user=caseworker))


# --- dashboard -----------------------------------------------------------------------
def test_every_chart_shows_something_for_the_demo_manager(demo, client):
    """Every dashboard chart has something real to show."""
    client.force_login(User.objects.get(email="leder@aarhus.example"))
    today = timezone.localdate()
    period = {
        "period": "custom",
        "date_from": (today - timedelta(days=364)).isoformat(),
        "date_to": today.isoformat(),
    }
    empty = []
    for theme in THEMES:
        response = client.get(reverse("dashboard:theme", kwargs={"slug": theme.slug}), period)
        for section in response.context["sections"]:
            for chart in section.charts:
                if not any(row.now.number for row in chart.rows):
                    empty.append(chart.key)
            for figure in section.figures:
                if figure.now.number is None:
                    empty.append(figure.key)
    assert empty == []


# --- economics -----------------------------------------------------------------------
def test_seed_demo_builds_a_year_of_economics(demo):
    """A year of network families' applications and decisions (some late, one refused,
    some waiting), lost earnings, fees per child with renegotiations, an agreement
    waiting for a child, and rates for the years after 2024 that say they are demo
    rates — the published ones untouched."""
    today = timezone.localdate()
    published = BoardAndLodgingRate.objects.filter(year__lte=2024)
    assert not published.filter(is_demo=True).exists()
    assert set(
        BoardAndLodgingRate.objects.filter(year__gt=2024).values_list("is_demo", flat=True)
    ) == {True}
    assert BoardAndLodgingRate.objects.filter(year=today.year).exists()
    assert FeeUnitRate.objects.get(year=2023).is_demo is False
    assert FeeUnitRate.objects.get(year=today.year).is_demo is True

    decisions = ExpenseDecision.objects.all()
    assert decisions.filter(outcome="refused").exists()
    assert decisions.filter(outcome="partial").exists()
    assert decisions.filter(rule="undocumented").exists()
    assert decisions.filter(rule="documented").exists()
    assert decisions.filter(rule="lost_earnings").exists()
    assert DecisionLetter.objects.count() == decisions.count()
    assert ExpenseApplication.objects.filter(decision__isnull=True).exists()
    for child_year in (
        decisions.filter(rule="undocumented")
        .values("application__placement__child", "decided_on__year")
        .distinct()
    ):
        used = sum(
            d.amount
            for d in decisions.filter(
                rule="undocumented",
                application__placement__child=child_year["application__placement__child"],
                decided_on__year=child_year["decided_on__year"],
            )
        )
        assert used <= UNDOCUMENTED_YEARLY_CAP

    assert FeeAgreement.objects.filter(placement__isnull=True).exclude(needs_assignment="").exists()
    assert FeeRenegotiation.objects.filter(result="pending").exists()
    assert FeeRenegotiation.objects.filter(result="raised").exists()

    manager = User.objects.get(email="leder@aarhus.example")
    figures = expense_application_figures(
        user=manager, since=today.replace(year=today.year - 1), until=today
    )
    assert figures["within_deadline"] < figures["decided"]  # some were decided late
    assert figures["pending_late"] >= 1
    consultant = User.objects.get(email="konsulent@aarhus.example")
    assert expense_application_late_count(user=consultant) >= 1
    month = payment_list(user=manager, year=today.year, month=today.month)
    assert not month.missing
    totals = month.totals
    assert totals["board"] > 0 and totals["fee"] > 0 and totals["lost_earnings"] > 0
    assert totals["total"] > Decimal("0")


# --- planning ------------------------------------------------------------------------
def test_seed_demo_plans_placements_in_two_municipalities(demo):
    """The demo shows planning in two municipalities, kept apart."""
    assert FamilyProfile.objects.count() >= 10
    codes = set(NeedsProfile.objects.values_list("child__municipality__code", flat=True))
    assert codes == {"751", "461"}
    assert NetworkMeeting.objects.filter(kind="family_group_conference").count() >= 2
    assert NetworkPerson.objects.exclude(possible_carer="not_assessed").exists()
    caseworker = User.objects.get(email="raadgiver@aarhus.example")
    child = Child.objects.filter(municipality__code="751", needs_profile__isnull=False).first()
    matches = matching_list(user=caseworker, child=child, profile=needs_profile_for(child=child))
    assert matches
    assert all(m.family.municipality.code == "751" for m in matches)


def test_seed_demo_places_an_odense_child_with_an_aarhus_family(demo, client):
    """A placement across municipalities (issue 16): Odense places a child with a
    generally approved Aarhus family, with its decision, contact arrangement and the
    information given; Aarhus sees the place taken and not the child."""
    placement = Placement.objects.select_related("child", "family").get(
        child__municipality__code="461", family__municipality__code="751"
    )
    assert placement.decision.reasons
    assert ContactArrangement.objects.filter(child=placement.child).exists()
    assert InformationGiven.objects.filter(placement=placement).count() == 3
    client.force_login(User.objects.get(email="konsulent@aarhus.example"))
    page = client.get(
        reverse("families:detail", kwargs={"public_id": placement.family.public_id})
    ).content.decode()
    assert 'data-testid="places-elsewhere"' in page
    assert placement.child.last_name not in page


# --- supervision ---------------------------------------------------------------------
def test_seed_demo_builds_a_year_of_supervision(demo):
    """A year of supervision and courses, and a supervisor login."""
    supervisor = User.objects.get(email="supervisor@aarhus.example")
    assert supervisor.role == Role.SUPERVISOR
    assert "supervisor@aarhus.example" in demo.first_output
    sessions = SupervisionSession.objects.filter(supervisor=supervisor)
    first, last = sessions.order_by("starts_at").first(), sessions.order_by("starts_at").last()
    assert (last.starts_at - first.starts_at).days >= 330
    assert sessions.filter(starts_at__gt=timezone.now()).exists()  # upcoming
    assert any(s.families.count() > 1 for s in sessions)  # group sessions
    assert Enrolment.objects.filter(attended=True, run__course_kind__category="basic").exists()
    assert CourseRun.objects.filter(starts_on__gt=timezone.localdate()).exists()


# --- support -------------------------------------------------------------------------
def test_seed_demo_builds_the_support(demo, client):
    """A group of five with meetings, a mentor pairing, an overdue condition on the demo
    consultant's My families."""
    group = NetworkGroup.objects.get()
    assert group.members.count() == 5
    assert group.meetings.count() == 6
    assert MentorPairing.objects.count() == 1
    manager = User.objects.get(email="leder@aarhus.example")
    reviews = support_coverage_figures(user=manager)["reviews"]
    assert (reviews["on_time"], reviews["late"], reviews["not_reviewed"]) == (1, 1, 1)
    consultant = User.objects.get(email="konsulent@aarhus.example")
    client.force_login(consultant)
    page = client.get(reverse("dashboard:my_families")).content.decode()
    assert "Overskredet" in page
    assert "Familiebehandling i hjemmet" in page
