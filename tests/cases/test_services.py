"""The rules of children's cases (cases/services.py, cases/models.py), as DOMAIN.md §2
states them. Every rejected call is checked twice: the ValidationError
names the rule, and nothing at all was written (the change log included)."""

from contextlib import contextmanager
from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from cases import services
from cases.models import (
    ActionPlan,
    CaseworkerAssignment,
    Child,
    Placement,
    PlacementChange,
    StatutoryVisit,
    next_visit_due,
)
from cases.selectors import caseworker_change_figures, child_list_in_family
from families import services as family_services
from families.models import Approval
from families.selectors import family_basic, family_list
from fostercare.accounts.models import Role
from fostercare.audit.models import ChangeLog
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    FamilyFactory,
    PlacementChangeFactory,
    PlacementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ALL = NON_FIELD_ERRORS
PLAIN = None
TRACKED = (
    Child, CaseworkerAssignment, Placement, PlacementChange, ActionPlan, StatutoryVisit,
    Approval, ChangeLog,
)  # fmt: skip
PLACE = {
    "kind": "doegnpleje",
    "legal_basis": "Barnets Lov § 46",
    "consent": "with",
    "start_date": date(2026, 3, 1),
}


def db_state() -> dict:
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in TRACKED}


@contextmanager
def rejected(field: str | None, words: str = ""):
    before = db_state()
    with pytest.raises(ValidationError) as info:
        yield info
    if field is PLAIN:
        assert not hasattr(info.value, "error_dict"), info.value
    else:
        assert field in info.value.message_dict, info.value.message_dict
    assert words in " ".join(info.value.messages), info.value.messages
    assert db_state() == before


def general_family(home, full_time=2, respite=1):
    return ApprovalFactory(
        family=FamilyFactory(municipality=home),
        capacity_full_time=full_time,
        capacity_respite=respite,
    ).family


def network_family(home, child):
    return ApprovalFactory(
        family=FamilyFactory(municipality=home),
        type="netvaerk",
        approving_body="municipality",
        approving_municipality=home,
        child=child,
        capacity_full_time=1,
        capacity_respite=0,
    ).family


# --- registering a child ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("cpr", "field", "words"),
    [
        ("120315-432", "cpr", "ti cifre"),
        ("320115-4321", "cpr", "gyldig dato"),
        ("abcdef-ghij", "cpr", "ti cifre"),
    ],
)
def test_child_create_refuses_an_invalid_cpr(caseworker, cpr, field, words):
    with rejected(field, words):
        services.child_create(actor=caseworker, first_name="Emma", last_name="Holm", cpr=cpr)


def test_child_create_derives_birth_date_and_assigns_the_caseworker(caseworker):
    child = services.child_create(
        actor=caseworker, first_name=" Emma ", last_name="Holm", cpr="1203154321", school="Skolen"
    )
    assert (child.first_name, child.cpr, child.birth_date) == (
        "Emma",
        "120315-4321",
        date(2015, 3, 12),
    )
    assert child.caseworker_assignments.get().caseworker == caseworker
    assert ChangeLog.objects.filter(action="create").count() == 2


# --- placements ------------------------------------------------------------------------
def _ok(home, child):
    return general_family(home), {}


def _second_full_time(home, child):
    PlacementFactory(child=child, family=general_family(home))
    return general_family(home), {}


def _emergency_beside_full_time(home, child):
    PlacementFactory(child=child, family=general_family(home))
    return general_family(home), {"kind": "akut"}


def _respite_beside_full_time(home, child):
    PlacementFactory(child=child, family=general_family(home))
    return general_family(home, respite=1), {"kind": "aflastning"}


def _full(home, child):
    family = general_family(home, full_time=1)
    PlacementFactory(family=family, child=ChildFactory(municipality=home))
    return family, {}


def _full_since_the_start(home, child):
    """A placement recorded after the fact: the one place was taken on the start day by a
    child who has left since."""
    family = general_family(home, full_time=1)
    PlacementFactory(
        family=family,
        child=ChildFactory(municipality=home),
        start_date=date(2025, 1, 1),
        end_date=date(2026, 3, 15),
        end_reason="return_home",
    )
    return family, {}


def _respite_full(home, child):
    return general_family(home, respite=0), {"kind": "aflastning"}


def _network_for_this_child(home, child):
    return network_family(home, child), {}


def _network_for_another_child(home, child):
    return network_family(home, ChildFactory(municipality=home)), {}


def _no_current_approval(home, child):
    family = FamilyFactory(municipality=home)
    ApprovalFactory(family=family, status="expired", valid_to=date(2025, 1, 31))
    return family, {}


def _other_municipality(home, child):
    """A generally approved family of another municipality (issue 16: allowed)."""
    return general_family(home.__class__.objects.get(code="461")), {}


def _other_municipality_network(home, child):
    """Another municipality's network family: not generally approved, refused."""
    other = home.__class__.objects.get(code="461")
    return network_family(other, ChildFactory(municipality=other)), {}


def _planned_end_before_start(home, child):
    return general_family(home), {"planned_end": date(2026, 2, 1)}


@pytest.mark.parametrize(
    ("setup", "field", "words"),
    [
        pytest.param(_ok, None, "", id="general-family-with-a-place"),
        pytest.param(_network_for_this_child, None, "", id="network-family-for-this-child"),
        pytest.param(_respite_beside_full_time, None, "", id="respite-beside-full-time"),
        pytest.param(_second_full_time, ALL, "kun have én", id="second-full-time"),
        pytest.param(_emergency_beside_full_time, ALL, "kun have én", id="emergency-counts"),
        pytest.param(_full, "family", "flere børn end", id="over-capacity"),
        pytest.param(
            _full_since_the_start, "family", "flere børn end", id="over-capacity-after-the-fact"
        ),
        pytest.param(_respite_full, "family", "flere børn end", id="respite-over-capacity"),
        pytest.param(
            _network_for_another_child, "family", "netværksgodkendelse", id="network-other-child"
        ),
        pytest.param(_no_current_approval, "family", "ingen gældende", id="no-approval"),
        pytest.param(_other_municipality, None, "", id="other-municipality-general"),
        pytest.param(
            _other_municipality_network, "family", "generel godkendelse", id="other-municipality"
        ),
        pytest.param(_planned_end_before_start, ALL, "planlagte", id="planned-end-first"),
    ],
)
def test_placement_create_rules(home, other_municipality, caseworker, setup, field, words):
    child = ChildFactory(municipality=home)
    family, extra = setup(home, child)
    if field is None and not words:
        placement = services.placement_create(
            actor=caseworker, child=child, family=family, **(PLACE | extra)
        )
        assert placement.is_active
        assert ChangeLog.objects.filter(object_pk=str(placement.pk), action="create").exists()
        return
    with rejected(field, words):
        services.placement_create(actor=caseworker, child=child, family=family, **(PLACE | extra))


def test_the_database_refuses_a_second_active_full_time_placement(home):
    child = ChildFactory(municipality=home)
    PlacementFactory(child=child)
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            child=child, family=general_family(home), **(PLACE | {"kind": "akut"})
        )


@pytest.mark.parametrize(
    ("end_reason", "reasons", "end_date", "field"),
    [
        ("breakdown", ["poor_match"], date(2026, 5, 1), None),
        ("return_home", [], date(2026, 5, 1), None),
        ("breakdown", [], date(2026, 5, 1), "breakdown_reasons"),
        ("return_home", ["poor_match"], date(2026, 5, 1), "breakdown_reasons"),
        ("return_home", [], date(2026, 2, 1), ALL),  # before the start
        ("return_home", [], date(2099, 1, 1), "end_date"),  # in the future
    ],
)
def test_placement_end_rules(home, caseworker, end_reason, reasons, end_date, field):
    placement = PlacementFactory(child=ChildFactory(municipality=home), start_date=date(2026, 3, 1))
    kwargs = {"end_date": end_date, "end_reason": end_reason, "breakdown_reasons": reasons}
    if field is None:
        services.placement_end(actor=caseworker, placement=placement, **kwargs)
        placement.refresh_from_db()
        assert (placement.end_date, placement.breakdown_reasons) == (end_date, reasons)
        return
    with rejected(field):
        services.placement_end(actor=caseworker, placement=placement, **kwargs)


# --- change of placement ---------------------------------------------------------------
STEPS = {
    "action_plan_revised_on": date(2026, 4, 1),
    "child_conversation_on": date(2026, 4, 2),
    "family_statement_on": date(2026, 4, 3),
}


@pytest.fixture
def change(home):
    old = PlacementFactory(
        child=ChildFactory(municipality=home),
        family=general_family(home),
        start_date=date(2025, 1, 1),
    )
    return PlacementChangeFactory(from_placement=old, to_family=general_family(home))


@pytest.mark.parametrize(
    ("steps", "missing"),
    [
        pytest.param({}, "handleplan", id="no-steps"),
        pytest.param(STEPS | {"action_plan_revised_on": None}, "handleplan", id="no-plan"),
        pytest.param(STEPS | {"child_conversation_on": None}, "samtale", id="no-conversation"),
        pytest.param(STEPS | {"family_statement_on": None}, "udtalelse", id="no-statement"),
        pytest.param(
            {"acute_exception": True, "acute_reason": ""}, "handleplan", id="acute-without-reason"
        ),
    ],
)
def test_a_change_cannot_be_completed_with_a_step_missing(caseworker, change, steps, missing):
    PlacementChange.objects.filter(pk=change.pk).update(**steps)
    change.refresh_from_db()
    with rejected(PLAIN, missing) as info:
        services.placement_change_complete(
            actor=caseworker, change=change, moved_on=date(2026, 5, 1)
        )
    assert "39 %" in info.value.messages[0]


@pytest.mark.parametrize(
    "steps",
    [
        pytest.param(STEPS, id="all-three-steps"),
        pytest.param({"acute_exception": True, "acute_reason": "Vold i hjemmet"}, id="acute"),
    ],
)
def test_completing_a_change_ends_the_old_placement_and_starts_the_new(caseworker, change, steps):
    services.placement_change_record_steps(actor=caseworker, change=change, **steps)
    new = services.placement_change_complete(
        actor=caseworker, change=change, moved_on=date(2026, 5, 1)
    )
    change.refresh_from_db()
    old = change.from_placement
    assert (old.end_date, old.end_reason) == (date(2026, 5, 1), "moved")
    assert (new.family, new.start_date, new.is_active) == (change.to_family, date(2026, 5, 1), True)
    assert (change.status, change.new_placement) == ("completed", new)
    assert ChangeLog.objects.filter(object_pk=str(change.pk), action="update").count() == 2


def test_a_change_into_a_full_family_leaves_the_old_placement_untouched(home, caseworker, change):
    full = general_family(home, full_time=1)
    PlacementFactory(family=full, child=ChildFactory(municipality=home))
    PlacementChange.objects.filter(pk=change.pk).update(to_family=full, **STEPS)
    change.refresh_from_db()
    with rejected("family", "flere børn end"):
        services.placement_change_complete(
            actor=caseworker, change=change, moved_on=date(2026, 5, 1)
        )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"acute_exception": True, "acute_reason": " "}, "acute_reason"),
        ({"child_conversation_on": date(2099, 1, 1)}, "child_conversation_on"),
    ],
)
def test_record_steps_rules(caseworker, change, fields, field):
    with rejected(field):
        services.placement_change_record_steps(actor=caseworker, change=change, **fields)


def test_the_database_refuses_a_completed_change_without_steps(change):
    new = PlacementFactory(child=ChildFactory(municipality=change.child.municipality))
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementChange.objects.filter(pk=change.pk).update(
            status="completed", completed_on=date(2026, 5, 1), new_placement=new
        )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"old_end_reason": "breakdown"}, "breakdown_reasons"),
        ({"breakdown_reasons": ["poor_match"]}, "breakdown_reasons"),
    ],
)
def test_change_start_rules(home, caseworker, kwargs, field):
    child = ChildFactory(municipality=home)
    PlacementFactory(child=child, family=general_family(home))
    fields = {
        "kind": "doegnpleje", "legal_basis": "§ 46", "consent": "with",
        "planned_move_on": date(2026, 6, 1), "reason": "Sammenbrud", "initiated_by": "child",
    }  # fmt: skip
    to_family = general_family(home)
    with rejected(field):
        services.placement_change_start(
            actor=caseworker, child=child, to_family=to_family, **(fields | kwargs)
        )


def test_change_start_needs_an_active_full_time_placement(home, caseworker):
    child, to_family = ChildFactory(municipality=home), general_family(home)
    with rejected(PLAIN, "ingen aktiv"):
        services.placement_change_start(
            actor=caseworker,
            child=child,
            to_family=to_family,
            kind="doegnpleje",
            legal_basis="§ 46",
            consent="with",
            planned_move_on=date(2026, 6, 1),
            reason="x",
            initiated_by="child",
        )


# --- caseworker ------------------------------------------------------------------------
def test_changing_caseworker_is_one_action_and_counts_per_year(home, caseworker, manager):
    child = services.child_create(actor=caseworker, first_name="A", last_name="B", cpr="0101150000")
    PlacementFactory(child=child, start_date=date(2025, 1, 1))
    other = UserFactory(role=Role.CASEWORKER, municipality=home)
    services.caseworker_change(
        actor=manager, child=child, caseworker=other, starts_on=date(2026, 12, 1), reason="Orlov"
    )
    history = list(child.caseworker_assignments.order_by("starts_on"))
    assert [(a.caseworker, a.ends_on) for a in history] == [
        (caseworker, date(2026, 12, 1)),
        (other, None),
    ]
    figure = caseworker_change_figures(
        user=manager, since=date(2026, 1, 1), until=date(2026, 12, 31)
    )
    assert (figure["children"], figure["changes"], figure["per_child_per_year"]) == (1, 1, 1.0)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"caseworker": "same"}, "caseworker"),
        ({"caseworker": "consultant"}, "caseworker"),
        ({"starts_on": date(2000, 1, 1)}, "starts_on"),
    ],
)
def test_caseworker_change_rules(home, caseworker, kwargs, field):
    child = services.child_create(actor=caseworker, first_name="A", last_name="B", cpr="0101150000")
    who = {
        "same": caseworker,
        "consultant": UserFactory(role=Role.CONSULTANT, municipality=home),
    }.get(kwargs.pop("caseworker", ""), UserFactory(role=Role.CASEWORKER, municipality=home))
    fields = {"starts_on": date(2026, 12, 1), "reason": "Orlov"} | kwargs
    with rejected(field):
        services.caseworker_change(actor=caseworker, child=child, caseworker=who, **fields)


def test_a_childs_first_caseworker_needs_no_reason(home, manager):
    # The same rule as for a family's consultant: a reason only when someone is replaced.
    child = services.child_create(actor=manager, first_name="A", last_name="B", cpr="0101150000")
    first = UserFactory(role=Role.CASEWORKER, municipality=home)
    services.caseworker_change(
        actor=manager, child=child, caseworker=first, starts_on=date(2026, 12, 1), reason=""
    )
    assert child.caseworker_assignments.get().caseworker == first


# --- visits and the action plan -------------------------------------------------------
@pytest.mark.parametrize(
    ("last_visit", "placed_since", "due"),
    [
        (None, None, None),
        (None, date(2026, 1, 1), date(2026, 7, 2)),
        (date(2026, 3, 1), date(2025, 1, 1), date(2026, 8, 30)),
    ],
)
def test_next_visit_is_due_half_a_year_later(last_visit, placed_since, due):
    assert next_visit_due(last_visit, placed_since) == due


@pytest.mark.parametrize(
    ("visited_on", "field"),
    [(date(2026, 4, 1), None), (date(2026, 2, 1), "visited_on"), (date(2099, 1, 1), "visited_on")],
)
def test_visit_record_rules(home, caseworker, visited_on, field):
    child = ChildFactory(municipality=home)
    PlacementFactory(child=child, start_date=date(2026, 3, 1))
    if field is None:
        visit = services.visit_record(
            actor=caseworker, child=child, visited_on=visited_on, spoken_alone=True
        )
        assert (visit.visitor, visit.spoken_alone) == (caseworker, True)
        return
    with rejected(field):
        services.visit_record(
            actor=caseworker, child=child, visited_on=visited_on, spoken_alone=True
        )


def test_action_plan_review_must_follow_adoption(home, caseworker):
    child = ChildFactory(municipality=home)
    with rejected(ALL, "efter, at planen er vedtaget"):
        services.action_plan_create(
            actor=caseworker, child=child, adopted_on=date(2026, 3, 1), goals="Skole",
            next_review_on=date(2026, 3, 1),
        )  # fmt: skip


# --- the families side -----------------------------------------------------------------
def test_family_list_shows_free_places(home, consultant):
    family = general_family(home, full_time=3)
    PlacementFactory(family=family, child=ChildFactory(municipality=home))
    PlacementFactory(family=family, child=ChildFactory(municipality=home), kind="aflastning")
    PlacementFactory(
        family=family,
        child=ChildFactory(municipality=home),
        end_date=date(2026, 4, 1),
        end_reason="return_home",
    )
    assert family_list(user=consultant).get(pk=family.pk).places_full_time == 2


def test_family_basic_shows_first_names_and_ages_only(home, on_call):
    family = general_family(home)
    PlacementFactory(
        family=family, child=ChildFactory(municipality=home, first_name="Emma", cpr="120315-4321")
    )
    children = child_list_in_family(
        user=on_call, family=family_basic(user=on_call, public_id=family.public_id)
    )
    assert [(c["first_name"], set(c)) for c in children] == [
        ("Emma", {"first_name", "age", "kind", "contact"})  # contact: the current samvær
    ]
    assert children[0]["contact"] is None


@pytest.mark.parametrize(
    ("capacity", "field"),
    [(3, None), (2, None), (1, "capacity_full_time"), (0, "capacity_full_time")],
)
def test_approval_cannot_be_cut_below_the_children_placed(home, consultant, capacity, field):
    family = general_family(home, full_time=3)
    approval = family.approvals.get()
    for _n in range(2):
        PlacementFactory(family=family, child=ChildFactory(municipality=home))
    if field is None:
        family_services.approval_update(
            actor=consultant, approval=approval, capacity_full_time=capacity
        )
        return
    with rejected(field, "placeret i familien"):
        family_services.approval_update(
            actor=consultant, approval=approval, capacity_full_time=capacity
        )
