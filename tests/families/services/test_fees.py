"""families/services/fees.py: fee agreements, only for a family with a current general
approval and at most one open at a time, and renegotiations, which close the agreement
and open a new one when the fee changes, as DOMAIN.md §2 describes them.

Every rejected call is checked twice (``rejected()`` in support.py): the
ValidationError names the offending field, and the database (every table the
services write, the change log included) is exactly as it was before the call.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError

from families import services
from families.models import FeeAgreement, FeeRenegotiation
from tests.factories import ApprovalFactory, ChildFactory, FeeAgreementFactory
from tests.families.services.support import ALL, PLAIN, logs, rejected

pytestmark = pytest.mark.django_db


# --- fees ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "approval",
    [
        pytest.param({}, id="almen-approved"),
        pytest.param({"type": "forstaerket"}, id="forstaerket"),
        pytest.param({"type": "specialiseret"}, id="specialiseret"),
        pytest.param({"status": "suspended", "status_reason": "Sag"}, id="suspended-is-current"),
    ],
)
def test_fee_agreement_create_for_a_generally_approved_family(actor, family, approval):
    ApprovalFactory(family=family, **approval)
    agreement = services.fee_agreement_create(
        actor=actor,
        family=family,
        level="4 vederlag",
        monthly_amount=Decimal("21450.50"),
        valid_from=date(2025, 2, 1),
        note="Aftalt ved opstart",
    )
    agreement.refresh_from_db()
    assert (agreement.family, agreement.level, agreement.monthly_amount) == (
        family,
        "4 vederlag",
        Decimal("21450.50"),
    )
    assert (agreement.valid_from, agreement.valid_to) == (date(2025, 2, 1), None)
    entry = logs(agreement, "create").get()
    assert entry.changes["monthly_amount"] == "21450.50"
    assert entry.actor == actor


@pytest.mark.parametrize(
    "approvals",
    [
        pytest.param([], id="no-approval"),
        pytest.param(["network"], id="network-family-gets-no-fee"),
        pytest.param([{"status": "expired"}], id="general-expired"),
        pytest.param(
            [{"status": "terminated", "status_reason": "Ophørt"}], id="general-terminated"
        ),
        pytest.param([{"status": "under_assessment"}], id="general-under-assessment"),
        pytest.param(["network", {"status": "expired"}], id="network-plus-expired-general"),
        pytest.param(["kommunal"], id="legacy-municipal"),
    ],
)
def test_fee_agreement_refused_without_current_general_approval(actor, family, approvals):
    for spec in approvals:
        if spec == "network":
            ApprovalFactory(
                family=family,
                type="netvaerk",
                approving_body="municipality",
                child=ChildFactory(municipality=family.municipality),
            )
        elif spec == "kommunal":
            ApprovalFactory(
                family=family,
                type="kommunal",
                approving_body="municipality",
                decision_date=date(2018, 1, 1),
            )
        else:
            ApprovalFactory(family=family, **spec)
    with rejected(PLAIN):
        services.fee_agreement_create(
            actor=actor,
            family=family,
            level="2 vederlag",
            monthly_amount=Decimal("10000"),
            valid_from=date(2025, 2, 1),
        )


@pytest.mark.parametrize(
    ("existing", "fields", "field"),
    [
        pytest.param({}, {}, ALL, id="second-open-agreement"),
        pytest.param(None, {"monthly_amount": Decimal("-1.00")}, ALL, id="negative-amount"),
        pytest.param(None, {"valid_to": date(2025, 1, 31)}, ALL, id="ends-before-start"),
        pytest.param(None, {"level": ""}, "level", id="no-level"),
        pytest.param(
            None, {"monthly_amount": Decimal("1.001")}, "monthly_amount", id="three-decimals"
        ),
    ],
)
def test_fee_agreement_create_rejections(actor, family, existing, fields, field):
    ApprovalFactory(family=family)
    if existing is not None:
        FeeAgreementFactory(family=family, **existing)
    data = {
        "level": "4 vederlag",
        "monthly_amount": Decimal("20000"),
        "valid_from": date(2025, 2, 1),
    } | fields
    with rejected(field):
        services.fee_agreement_create(actor=actor, family=family, **data)


def test_fee_agreement_race_gets_the_constraint_message(actor, family, monkeypatch):
    """If a concurrent request saved an open agreement after full_clean() looked,
    validated_save() turns the IntegrityError into the constraint's message."""
    ApprovalFactory(family=family)
    FeeAgreementFactory(family=family)
    monkeypatch.setattr(FeeAgreement, "validate_constraints", lambda self, **kwargs: None)
    constraint = next(
        c for c in FeeAgreement._meta.constraints if c.name == "family_one_open_fee_agreement"
    )
    with rejected(ALL) as info:
        services.fee_agreement_create(
            actor=actor,
            family=family,
            level="5 vederlag",
            monthly_amount=Decimal("25000"),
            valid_from=date(2025, 6, 1),
        )
    assert isinstance(info.value.__cause__, IntegrityError)
    assert info.value.message_dict[ALL] == [str(constraint.get_violation_error_message())]


def test_fee_agreement_after_a_closed_one(actor, family):
    ApprovalFactory(family=family)
    FeeAgreementFactory(family=family, valid_from=date(2024, 1, 1), valid_to=date(2024, 12, 31))
    services.fee_agreement_create(
        actor=actor,
        family=family,
        level="5 vederlag",
        monthly_amount=Decimal("25000"),
        valid_from=date(2025, 1, 1),
    )
    assert family.fee_agreements.filter(valid_to__isnull=True).count() == 1
    assert family.fee_agreements.count() == 2


@pytest.mark.parametrize(
    ("result", "new_amount", "new_level", "expected_level"),
    [
        pytest.param(
            "raised", Decimal("22000.00"), "5 vederlag", "5 vederlag", id="raised-new-level"
        ),
        pytest.param(
            "raised", Decimal("20000.01"), "", "4 vederlag", id="raised-by-one-oere-same-level"
        ),
        pytest.param("lowered", Decimal("15000.00"), "3 vederlag", "3 vederlag", id="lowered"),
        pytest.param("lowered", Decimal("0.00"), "", "4 vederlag", id="lowered-to-zero"),
    ],
)
def test_renegotiation_changing_fee_closes_old_and_opens_new(
    actor, new_amount, new_level, expected_level, result
):
    agreement = FeeAgreementFactory()  # 20,000 from 2025-01-01
    renegotiation = services.fee_renegotiation_record(
        actor=actor,
        agreement=agreement,
        date=date(2025, 7, 1),
        requested_by="family",
        reason="Barnets behov er øget.",
        result=result,
        new_level=new_level,
        new_amount=new_amount,
    )

    agreement.refresh_from_db()
    assert agreement.valid_to == date(2025, 6, 30)
    assert agreement.monthly_amount == Decimal("20000.00")
    new = renegotiation.new_agreement
    new.refresh_from_db()
    assert (new.family, new.level, new.monthly_amount) == (
        agreement.family,
        expected_level,
        new_amount,
    )
    assert (new.valid_from, new.valid_to) == (date(2025, 7, 1), None)
    assert FeeAgreement.objects.filter(family=agreement.family, valid_to__isnull=True).get() == new
    saved = FeeRenegotiation.objects.get()
    assert (saved.agreement, saved.result, saved.new_agreement) == (agreement, result, new)
    assert logs(agreement, "update").get().changes == {"valid_to": [None, "2025-06-30"]}
    assert logs(new, "create").exists()
    assert logs(saved, "create").get().changes["result"] == result


@pytest.mark.parametrize(
    ("result", "new_amount"),
    [
        ("unchanged", None),
        ("unchanged", Decimal("99999")),
        ("no_agreement", None),
        ("pending", None),
    ],
)
def test_renegotiation_without_new_fee_keeps_the_agreement(actor, result, new_amount):
    agreement = FeeAgreementFactory()
    renegotiation = services.fee_renegotiation_record(
        actor=actor,
        agreement=agreement,
        date=date(2025, 7, 1),
        requested_by="municipality",
        reason="Årlig opfølgning",
        result=result,
        new_amount=new_amount,
    )
    agreement.refresh_from_db()
    assert agreement.valid_to is None
    assert agreement.monthly_amount == Decimal("20000.00")
    assert renegotiation.new_agreement is None
    assert FeeAgreement.objects.count() == 1
    assert FeeRenegotiation.objects.get().result == result
    assert not logs(agreement, "update").exists()
    assert logs(renegotiation, "create").exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        pytest.param(
            {"result": "raised", "new_amount": None}, "new_amount", id="raised-without-amount"
        ),
        pytest.param(
            {"result": "raised", "new_amount": Decimal("20000.00")},
            "new_amount",
            id="raised-to-same",
        ),
        pytest.param(
            {"result": "raised", "new_amount": Decimal("19000")},
            "new_amount",
            id="raised-but-lower",
        ),
        pytest.param(
            {"result": "lowered", "new_amount": None}, "new_amount", id="lowered-without-amount"
        ),
        pytest.param(
            {"result": "lowered", "new_amount": Decimal("20000")},
            "new_amount",
            id="lowered-to-same",
        ),
        pytest.param(
            {"result": "lowered", "new_amount": Decimal("21000")},
            "new_amount",
            id="lowered-but-higher",
        ),
        pytest.param(
            {"result": "lowered", "new_amount": Decimal("-100")}, ALL, id="lowered-below-zero"
        ),
        pytest.param(
            {"result": "raised", "new_amount": Decimal("21000"), "date": date(2025, 1, 1)},
            "date",
            id="new-fee-same-day-as-old",
        ),
        pytest.param(
            {"result": "unchanged", "date": date(2024, 12, 31)}, "date", id="before-the-agreement"
        ),
        pytest.param(
            {"result": "raised", "new_amount": Decimal("21000"), "date": date(2024, 12, 31)},
            "date",
            id="raised-before-the-agreement",
        ),
        pytest.param(
            {"result": "unchanged", "requested_by": "child"}, "requested_by", id="unknown-requester"
        ),
        pytest.param(
            {"result": "raised", "new_amount": Decimal("21000"), "requested_by": "child"},
            "requested_by",
            id="raised-unknown-requester",
        ),
        pytest.param({"result": "unchanged", "reason": ""}, "reason", id="no-reason"),
        pytest.param({"result": "doubled"}, "result", id="unknown-result"),
    ],
)
def test_renegotiation_rejections(actor, fields, field):
    agreement = FeeAgreementFactory()
    data = {
        "date": date(2025, 7, 1),
        "requested_by": "family",
        "reason": "Ønske om højere vederlag",
    } | fields
    with rejected(field):
        services.fee_renegotiation_record(actor=actor, agreement=agreement, **data)
    agreement.refresh_from_db()
    assert agreement.valid_to is None


@pytest.mark.parametrize("result", ["raised", "unchanged"])
def test_renegotiation_of_a_closed_agreement_is_refused(actor, result):
    agreement = FeeAgreementFactory()
    services.fee_renegotiation_record(
        actor=actor,
        agreement=agreement,
        date=date(2025, 7, 1),
        requested_by="family",
        reason="Første",
        result="raised",
        new_amount=Decimal("22000"),
    )
    agreement.refresh_from_db()
    with rejected(PLAIN):
        services.fee_renegotiation_record(
            actor=actor,
            agreement=agreement,
            date=date(2025, 9, 1),
            requested_by="family",
            reason="Anden",
            result=result,
            new_amount=Decimal("30000"),
        )


def test_renegotiation_on_a_stale_instance_uses_the_saved_row(actor):
    agreement = FeeAgreementFactory()
    stale = FeeAgreement.objects.get(pk=agreement.pk)
    services.fee_renegotiation_record(
        actor=actor,
        agreement=agreement,
        date=date(2025, 7, 1),
        requested_by="family",
        reason="Første",
        result="raised",
        new_amount=Decimal("22000"),
    )
    with rejected(PLAIN):
        services.fee_renegotiation_record(
            actor=actor,
            agreement=stale,
            date=date(2025, 9, 1),
            requested_by="family",
            reason="Anden",
            result="raised",
            new_amount=Decimal("30000"),
        )
