"""economics/services/fees.py: a fee per placed child in a generally approved family,
within the placement and one open at a time; renegotiations recorded while they go on
and concluded with their outcome and its reason; agreements carried over from the time
fees were per family, assigned to a child.

Every refused call is checked twice (``rejected()``): the ValidationError names the
offending field, and nothing at all was written (the change log included).
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError

from economics import services
from economics.models import FeeAgreement, FeeRenegotiation
from tests.economics.support import ALL, PLAIN, logs, rejected
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    FamilyFactory,
    FeeAgreementFactory,
    FeeUnitRateFactory,
    PlacementFactory,
    general_placement,
)

pytestmark = pytest.mark.django_db
D = Decimal


def _placement(home, **approval):
    """A child placed from 1 March 2025 in a family with ``approval`` (general by default)."""
    family = FamilyFactory(municipality=home)
    ApprovalFactory(family=family, **approval)
    return PlacementFactory(child=ChildFactory(municipality=home), family=family)


# --- agreements --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "approval",
    [
        pytest.param({}, id="almen"),
        pytest.param({"type": "forstaerket"}, id="forstaerket"),
        pytest.param({"type": "specialiseret"}, id="specialiseret"),
        pytest.param({"status": "suspended", "status_reason": "Tilsynssag"}, id="suspended"),
    ],
)
def test_a_fee_for_a_child_in_a_generally_approved_family(actor, home, approval):
    placement = _placement(home, **approval)
    agreement = services.fee_agreement_create(
        actor=actor,
        placement=placement,
        units=D("4.5"),
        valid_from=date(2025, 3, 1),
        note="Aftalt ved opstart",
    )
    agreement.refresh_from_db()
    assert (agreement.placement, agreement.family, agreement.units) == (
        placement,
        placement.family,
        D("4.50"),
    )
    assert (agreement.valid_from, agreement.valid_to, agreement.fixed_monthly_amount) == (
        date(2025, 3, 1),
        None,
        None,
    )
    entry = logs(agreement, "create").get()
    assert (entry.actor, entry.changes["units"], entry.municipality) == (actor, "4.5", home)


@pytest.mark.parametrize(
    "approval",
    [
        pytest.param(None, id="no-approval"),
        pytest.param({"status": "expired"}, id="general-expired"),
        pytest.param({"status": "under_assessment"}, id="under-assessment"),
        pytest.param("network", id="network-family-gets-no-fee"),
    ],
)
def test_no_fee_without_a_current_general_approval(actor, home, approval):
    family = FamilyFactory(municipality=home)
    child = ChildFactory(municipality=home)
    if approval == "network":
        ApprovalFactory(family=family, type="netvaerk", approving_body="municipality", child=child)
    elif approval is not None:
        ApprovalFactory(family=family, **approval)
    placement = PlacementFactory(child=child, family=family)
    with rejected(PLAIN):
        services.fee_agreement_create(
            actor=actor, placement=placement, units=D("2"), valid_from=date(2025, 3, 1)
        )


@pytest.mark.parametrize(
    ("placement_end", "fields", "field"),
    [
        pytest.param(None, {"units": D("0")}, "units", id="zero-units"),
        pytest.param(None, {"units": D("-1")}, "units", id="negative-units"),
        pytest.param(None, {"valid_to": date(2025, 2, 28)}, "valid_to", id="ends-before-start"),
        pytest.param(
            None, {"valid_from": date(2025, 2, 28)}, "valid_from", id="before-the-placement"
        ),
        pytest.param(
            date(2025, 8, 31), {"valid_to": None}, "valid_from", id="open-after-the-placement"
        ),
        pytest.param(
            date(2025, 8, 31),
            {"valid_to": date(2025, 9, 30)},
            "valid_from",
            id="past-the-placements-end",
        ),
        pytest.param(None, {"units": D("1.001")}, "units", id="three-decimals"),
    ],
)
def test_fee_agreement_rejections(actor, home, placement_end, fields, field):
    placement = _placement(home)
    if placement_end:
        placement.end_date, placement.end_reason = placement_end, "return_home"
        placement.save()
    data = {"units": D("4"), "valid_from": date(2025, 3, 1), "valid_to": None} | fields
    with rejected(field):
        services.fee_agreement_create(actor=actor, placement=placement, **data)


def test_a_second_open_agreement_for_the_child_is_refused(actor, home):
    agreement = FeeAgreementFactory(placement=_placement(home))
    with rejected(ALL) as info:
        services.fee_agreement_create(
            actor=actor, placement=agreement.placement, units=D("5"), valid_from=date(2025, 6, 1)
        )
    assert info.value.message_dict[ALL] == ["Barnet har allerede en løbende vederlagsaftale."]


def test_two_children_in_one_family_each_have_a_fee(actor, home):
    first = _placement(home)
    second = PlacementFactory(child=ChildFactory(municipality=home), family=first.family)
    for placement, units in ((first, D("3")), (second, D("5"))):
        services.fee_agreement_create(
            actor=actor, placement=placement, units=units, valid_from=date(2025, 3, 1)
        )
    assert sorted(first.family.fee_agreements.values_list("units", flat=True)) == [D("3"), D("5")]


def test_a_race_to_the_second_open_agreement_gets_the_constraint_message(actor, home, monkeypatch):
    agreement = FeeAgreementFactory(placement=_placement(home))
    monkeypatch.setattr(FeeAgreement, "validate_constraints", lambda self, **kwargs: None)
    with rejected(ALL) as info:
        services.fee_agreement_create(
            actor=actor, placement=agreement.placement, units=D("5"), valid_from=date(2025, 6, 1)
        )
    assert isinstance(info.value.__cause__, IntegrityError)
    assert info.value.message_dict[ALL] == ["Barnet har allerede en løbende vederlagsaftale."]


# --- renegotiations --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("result", "new_units"),
    [("raised", D("5")), ("raised", D("4.25")), ("lowered", D("3")), ("lowered", D("0.5"))],
)
def test_a_changed_fee_closes_the_agreement_and_opens_a_new_one(actor, result, new_units):
    agreement = FeeAgreementFactory()  # 4 units from 1 March 2025
    renegotiation = services.fee_renegotiation_record(
        actor=actor,
        agreement=agreement,
        date=date(2025, 7, 1),
        requested_by="family",
        reason="Barnets behov er øget.",
        result=result,
        outcome_reason="Skolen bekræfter behovet.",
        new_units=new_units,
        effective_from=date(2025, 8, 1),
    )
    agreement.refresh_from_db()
    new = renegotiation.new_agreement
    assert (agreement.units, agreement.valid_to) == (D("4.00"), date(2025, 7, 31))
    assert (new.placement, new.units, new.valid_from, new.valid_to) == (
        agreement.placement,
        new_units,
        date(2025, 8, 1),
        None,
    )
    saved = FeeRenegotiation.objects.get()
    assert (saved.result, saved.concluded_on, saved.outcome_reason) == (
        result,
        date(2025, 7, 1),
        "Skolen bekræfter behovet.",
    )
    assert logs(agreement, "update").get().changes == {"valid_to": [None, "2025-07-31"]}
    assert logs(new, "create").exists()
    assert logs(saved, "create").get().changes["reason"] == "Barnets behov er øget."


def test_a_new_fee_starts_on_the_renegotiation_date_unless_told(actor):
    agreement = FeeAgreementFactory()
    renegotiation = services.fee_renegotiation_record(
        actor=actor,
        agreement=agreement,
        date=date(2025, 7, 1),
        requested_by="municipality",
        reason="Årlig opfølgning",
        result="lowered",
        outcome_reason="Barnet klarer sig nu i almindelig skole.",
        new_units=D("3"),
    )
    assert renegotiation.new_agreement.valid_from == date(2025, 7, 1)


@pytest.mark.parametrize(
    ("result", "outcome_reason"),
    [("unchanged", "Behovet er uændret."), ("no_agreement", "Familien ønsker 6 enheder."),
     ("pending", "")],
)  # fmt: skip
def test_a_renegotiation_without_a_new_fee_keeps_the_agreement(actor, result, outcome_reason):
    agreement = FeeAgreementFactory()
    renegotiation = services.fee_renegotiation_record(
        actor=actor,
        agreement=agreement,
        date=date(2025, 7, 1),
        requested_by="family",
        reason="Ønske om højere vederlag",
        result=result,
        outcome_reason=outcome_reason,
    )
    agreement.refresh_from_db()
    assert (agreement.valid_to, renegotiation.new_agreement) == (None, None)
    assert renegotiation.concluded_on == (None if result == "pending" else date(2025, 7, 1))
    assert FeeAgreement.objects.count() == 1
    assert not logs(agreement, "update").exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        pytest.param({"result": "raised"}, "new_units", id="raised-without-units"),
        pytest.param({"result": "raised", "new_units": D("4")}, "new_units", id="raised-to-same"),
        pytest.param({"result": "raised", "new_units": D("3")}, "new_units", id="raised-lower"),
        pytest.param({"result": "lowered", "new_units": D("4")}, "new_units", id="lowered-same"),
        pytest.param({"result": "lowered", "new_units": D("5")}, "new_units", id="lowered-higher"),
        pytest.param({"result": "lowered", "new_units": D("0")}, "new_units", id="zero-units"),
        pytest.param(
            {"result": "raised", "new_units": D("5"), "effective_from": date(2025, 3, 1)},
            "effective_from",
            id="new-fee-on-the-old-ones-first-day",
        ),
        pytest.param({"date": date(2025, 2, 28)}, "date", id="before-the-agreement"),
        pytest.param({"reason": "  "}, "reason", id="no-reason"),
        pytest.param({"result": "unchanged", "outcome_reason": ""}, "outcome_reason",
                     id="concluded-without-a-reason"),
        pytest.param({"requested_by": "child"}, "requested_by", id="unknown-requester"),
        pytest.param({"result": "doubled", "outcome_reason": "x"}, "result", id="unknown-result"),
    ],
)  # fmt: skip
def test_renegotiation_rejections(actor, fields, field):
    agreement = FeeAgreementFactory()
    data = {
        "date": date(2025, 7, 1),
        "requested_by": "family",
        "reason": "Ønske om højere vederlag",
        "outcome_reason": "Aftalt på møde",
    } | fields
    with rejected(field):
        services.fee_renegotiation_record(actor=actor, agreement=agreement, **data)


def test_only_the_open_agreement_is_renegotiated(actor):
    agreement = FeeAgreementFactory()
    stale = FeeAgreement.objects.get(pk=agreement.pk)
    services.fee_renegotiation_record(
        actor=actor,
        agreement=agreement,
        date=date(2025, 7, 1),
        requested_by="family",
        reason="Første",
        result="raised",
        outcome_reason="Større behov",
        new_units=D("5"),
    )
    with rejected(PLAIN):
        services.fee_renegotiation_record(
            actor=actor, agreement=stale, date=date(2025, 9, 1), requested_by="family",
            reason="Anden",
        )  # fmt: skip


# --- concluding a renegotiation that went on ------------------------------------------------------
@pytest.fixture
def pending(actor):
    return services.fee_renegotiation_record(
        actor=actor,
        agreement=FeeAgreementFactory(),
        date=date(2025, 7, 1),
        requested_by="family",
        reason="Plejemor er gået ned i tid.",
    )


def test_a_pending_renegotiation_is_concluded_with_a_raise(actor, pending):
    services.fee_renegotiation_conclude(
        actor=actor,
        renegotiation=pending,
        concluded_on=date(2025, 8, 15),
        result="raised",
        outcome_reason="Barnet har brug for en voksen hjemme om eftermiddagen.",
        new_units=D("5"),
        effective_from=date(2025, 9, 1),
    )
    pending.refresh_from_db()
    old = pending.agreement
    old.refresh_from_db()
    assert (pending.result, pending.concluded_on, pending.reason) == (
        "raised",
        date(2025, 8, 15),
        "Plejemor er gået ned i tid.",
    )
    assert pending.outcome_reason.startswith("Barnet har brug")
    assert old.valid_to == date(2025, 8, 31)
    assert (pending.new_agreement.units, pending.new_agreement.valid_from) == (
        D("5.00"),
        date(2025, 9, 1),
    )
    assert set(logs(pending, "update").get().changes) == {
        "result",
        "concluded_on",
        "outcome_reason",
        "new_agreement",
    }


def test_a_pending_renegotiation_is_concluded_unchanged(actor, pending):
    services.fee_renegotiation_conclude(
        actor=actor,
        renegotiation=pending,
        concluded_on=date(2025, 8, 15),
        result="unchanged",
        outcome_reason="Behovet er dækket af aflastning.",
    )
    pending.refresh_from_db()
    assert (pending.result, pending.new_agreement, pending.agreement.valid_to) == (
        "unchanged",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        pytest.param({"result": "pending"}, "result", id="still-pending"),
        pytest.param({"outcome_reason": ""}, "outcome_reason", id="no-reason-for-the-outcome"),
        pytest.param({"concluded_on": date(2025, 6, 30)}, "concluded_on", id="before-asked"),
        pytest.param({"result": "raised"}, "new_units", id="raised-without-units"),
    ],
)
def test_concluding_rejections(actor, pending, fields, field):
    data = {
        "concluded_on": date(2025, 8, 15),
        "result": "unchanged",
        "outcome_reason": "Aftalt på møde",
    } | fields
    with rejected(field):
        services.fee_renegotiation_conclude(actor=actor, renegotiation=pending, **data)


def test_a_renegotiation_is_concluded_once(actor, pending):
    services.fee_renegotiation_conclude(
        actor=actor,
        renegotiation=pending,
        concluded_on=date(2025, 8, 15),
        result="no_agreement",
        outcome_reason="Familien fastholder sit krav.",
    )
    with rejected(PLAIN):
        services.fee_renegotiation_conclude(
            actor=actor,
            renegotiation=pending,
            concluded_on=date(2025, 8, 20),
            result="unchanged",
            outcome_reason="Igen",
        )


# --- agreements carried over from fees per family ------------------------------------------
def _carried_over(placement, **fields) -> FeeAgreement:
    return FeeAgreement.objects.create(
        family=placement.family,
        fixed_monthly_amount=D("20000.00"),
        legacy_level="4 vederlagsenheder",
        units=D("4"),
        valid_from=date(2025, 1, 1),
        needs_assignment="Flere børn var anbragt i familien i aftalens periode.",
        **fields,
    )


def test_a_carried_over_agreement_is_assigned_to_a_child(actor, home):
    placement = general_placement(home)  # placed from 1 March 2025
    agreement = _carried_over(placement)
    services.fee_agreement_assign(
        actor=actor, agreement=agreement, placement=placement, valid_from=date(2025, 3, 1)
    )
    agreement.refresh_from_db()
    assert (agreement.placement, agreement.valid_from, agreement.needs_assignment) == (
        placement,
        date(2025, 3, 1),
        "",
    )
    assert agreement.fixed_monthly_amount == D("20000.00")  # paid as agreed until renegotiated
    assert logs(agreement, "update").get().changes["needs_assignment"][1] == ""


@pytest.mark.parametrize(
    ("which", "valid_from", "field"),
    [
        pytest.param("other_family", date(2025, 3, 1), "placement", id="another-familys-child"),
        pytest.param("own", date(2025, 1, 1), "valid_from", id="before-the-placement"),
    ],
)
def test_assigning_rejections(actor, home, which, valid_from, field):
    placement = general_placement(home)
    agreement = _carried_over(placement)
    target = general_placement(home) if which == "other_family" else placement
    with rejected(field):
        services.fee_agreement_assign(
            actor=actor, agreement=agreement, placement=target, valid_from=valid_from
        )


def test_an_assigned_agreement_is_not_assigned_again(actor):
    agreement = FeeAgreementFactory()
    with rejected(PLAIN):
        services.fee_agreement_assign(
            actor=actor,
            agreement=agreement,
            placement=agreement.placement,
            valid_from=agreement.valid_from,
        )


def test_an_amount_agreed_per_family_is_compared_in_kroner_when_renegotiated(actor, home):
    """A carried-over agreement pays an amount; a raise must pay more than that amount
    with the year's fee unit, and a year without a unit is named."""
    placement = general_placement(home)
    agreement = _carried_over(placement)
    services.fee_agreement_assign(
        actor=actor, agreement=agreement, placement=placement, valid_from=date(2025, 3, 1)
    )
    data = {
        "date": date(2025, 7, 1),
        "requested_by": "family",
        "reason": "Højere vederlag",
        "result": "raised",
        "outcome_reason": "Aftalt",
    }
    with rejected("new_units") as info:
        services.fee_renegotiation_record(
            actor=actor, agreement=agreement, new_units=D("5"), **data
        )
    assert "2025" in info.value.message_dict["new_units"][0]
    FeeUnitRateFactory(year=2025)  # 4.694 kr. a unit a month
    with rejected("new_units") as info:  # 4 × 4.694 = 18.776 < 20.000
        services.fee_renegotiation_record(
            actor=actor, agreement=agreement, new_units=D("4"), **data
        )
    assert "20.000,00 kr." in info.value.message_dict["new_units"][0]
    renegotiation = services.fee_renegotiation_record(
        actor=actor, agreement=agreement, new_units=D("5"), **data
    )  # 5 × 4.694 = 23.470
    assert renegotiation.new_agreement.fixed_monthly_amount is None
