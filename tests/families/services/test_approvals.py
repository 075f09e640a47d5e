"""families/services/approvals.py: creating and editing approvals (types, approving
bodies, the legacy types abolished on 1 July 2019, at most one current general
approval a family) and expiring those whose period has ended, as DOMAIN.md §2
describes them.

Every rejected call is checked twice (``rejected()`` in support.py): the
ValidationError names the offending field, and the database (every table the
services write, the change log included) is exactly as it was before the call.
"""

from datetime import date, datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction

from families import services
from families.models import Approval
from fostercare.audit.models import ChangeLog
from tests.factories import ApprovalFactory, FamilyFactory
from tests.families.services.support import ALL, CPH, logs, rejected

pytestmark = pytest.mark.django_db


# --- approvals -----------------------------------------------------------------------------
CHILD = "<child of the municipality>"
FOREIGN_CHILD = "<child of another municipality>"

GRANTED = {
    "decision_date": date(2025, 1, 10),
    "valid_from": date(2025, 2, 1),
    "status": "approved",
}
GENERAL = {"type": "almen", "approving_body": "socialtilsyn", "capacity_full_time": 2} | GRANTED
NETWORK = {
    "type": "netvaerk",
    "approving_body": "municipality",
    "capacity_full_time": 1,
    "child": CHILD,
} | GRANTED
SPECIFIC = NETWORK | {"type": "konkret", "decision_date": date(2018, 5, 1)}
MUNICIPAL = {"type": "kommunal", "approving_body": "municipality", "capacity_full_time": 1} | (
    GRANTED | {"decision_date": date(2018, 5, 1), "valid_from": date(2018, 6, 1)}
)


def resolve(fields: dict, world) -> dict:
    markers = {CHILD: world.child, FOREIGN_CHILD: world.foreign_child}
    return {
        name: markers.get(value, value) if isinstance(value, str) else value
        for name, value in fields.items()
    }


@pytest.mark.parametrize(
    ("fields", "approving_municipality"),
    [
        pytest.param(GENERAL, None, id="almen"),
        pytest.param(GENERAL | {"type": "forstaerket"}, None, id="forstaerket"),
        pytest.param(
            GENERAL | {"type": "specialiseret", "valid_to": date(2027, 1, 31)},
            None,
            id="specialiseret-with-end",
        ),
        pytest.param(NETWORK, "home", id="network-gets-approving-municipality"),
        pytest.param(
            SPECIFIC | {"decision_date": date(2019, 6, 30)},
            "home",
            id="konkret-decided-day-before-cutoff",
        ),
        pytest.param(SPECIFIC, "home", id="konkret-2018"),
        pytest.param(
            MUNICIPAL | {"decision_date": date(2019, 6, 30)},
            "home",
            id="kommunal-day-before-cutoff",
        ),
        pytest.param(MUNICIPAL, "home", id="kommunal-2018"),
        pytest.param(
            {"type": "almen", "approving_body": "socialtilsyn"},
            None,
            id="almen-under-assessment-without-dates",
        ),
        pytest.param(
            GENERAL | {"status": "suspended", "status_reason": "Tilsynssag"},
            None,
            id="suspended-with-reason",
        ),
        pytest.param(
            GENERAL | {"status": "terminated", "status_reason": "Ophørt"},
            None,
            id="terminated-with-reason",
        ),
        pytest.param(GENERAL | {"valid_to": date(2025, 2, 1)}, None, id="one-day-period"),
    ],
)
def test_approval_create_accepts(actor, family, home, world, fields, approving_municipality):
    approval = services.approval_create(actor=actor, family=family, **resolve(fields, world))

    approval.refresh_from_db()
    assert approval.family == family
    assert approval.type == fields["type"]
    assert approval.approving_municipality == (home if approving_municipality else None)
    assert approval.child == (world.child if fields.get("child") else None)
    entry = logs(approval, "create").get()
    assert entry.actor == actor
    assert entry.changes["type"] == fields["type"]
    assert entry.municipality == home


def test_approval_create_keeps_a_given_approving_municipality(
    actor, family, world, other_municipality
):
    approval = services.approval_create(
        actor=actor,
        family=family,
        **resolve(NETWORK | {"approving_municipality": other_municipality}, world),
    )
    assert approval.approving_municipality == other_municipality


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        # legacy types were abolished on 1 July 2019
        pytest.param(
            SPECIFIC | {"decision_date": date(2019, 7, 1)}, "type", id="konkret-on-cutoff"
        ),
        pytest.param(SPECIFIC | {"decision_date": date(2024, 3, 1)}, "type", id="konkret-2024"),
        pytest.param(
            MUNICIPAL | {"decision_date": date(2019, 7, 1), "valid_from": date(2019, 7, 1)},
            "type",
            id="kommunal-on-cutoff",
        ),
        pytest.param(
            MUNICIPAL | {"decision_date": date(2020, 1, 1), "valid_from": date(2020, 1, 1)},
            "type",
            id="kommunal-2020",
        ),
        pytest.param(
            SPECIFIC | {"decision_date": None, "valid_from": None, "status": "under_assessment"},
            "type",
            id="konkret-without-decision-date",
        ),
        pytest.param(
            MUNICIPAL | {"decision_date": None, "valid_from": None, "status": "under_assessment"},
            "type",
            id="kommunal-without-decision-date",
        ),
        # a named child for network and specific approvals only
        pytest.param(NETWORK | {"child": None}, "child", id="network-without-child"),
        pytest.param(SPECIFIC | {"child": None}, "child", id="konkret-without-child"),
        pytest.param(GENERAL | {"child": CHILD}, "child", id="almen-with-child"),
        pytest.param(
            GENERAL | {"type": "specialiseret", "child": CHILD},
            "child",
            id="specialiseret-with-child",
        ),
        pytest.param(MUNICIPAL | {"child": CHILD}, "child", id="kommunal-with-child"),
        pytest.param(
            NETWORK | {"child": FOREIGN_CHILD}, "child", id="network-child-of-other-municipality"
        ),
        pytest.param(
            SPECIFIC | {"child": FOREIGN_CHILD}, "child", id="konkret-child-of-other-municipality"
        ),
        # approving bodies
        pytest.param(
            GENERAL | {"approving_body": "municipality"},
            "approving_body",
            id="almen-by-municipality",
        ),
        pytest.param(
            GENERAL | {"type": "forstaerket", "approving_body": "municipality"},
            "approving_body",
            id="forstaerket-by-municipality",
        ),
        pytest.param(
            NETWORK | {"approving_body": "socialtilsyn"},
            "approving_body",
            id="network-by-socialtilsyn",
        ),
        pytest.param(GENERAL | {"approving_body": "kommunen"}, "approving_body", id="unknown-body"),
        # periods and status
        pytest.param(GENERAL | {"valid_to": date(2025, 1, 31)}, ALL, id="ends-before-it-starts"),
        pytest.param(
            GENERAL | {"status": "suspended"}, "status_reason", id="suspended-without-reason"
        ),
        pytest.param(
            GENERAL | {"status": "terminated", "status_reason": "   "},
            "status_reason",
            id="terminated-blank-reason",
        ),
        pytest.param(GENERAL | {"decision_date": None}, ALL, id="approved-without-decision-date"),
        pytest.param(GENERAL | {"valid_from": None}, ALL, id="approved-without-start"),
        pytest.param(GENERAL | {"status": "granted"}, "status", id="unknown-status"),
        pytest.param(GENERAL | {"type": "plejefamilie"}, "type", id="unknown-type"),
    ],
)
def test_approval_create_rejections(actor, family, world, fields, field):
    with rejected(field):
        services.approval_create(actor=actor, family=family, **resolve(fields, world))
    assert not Approval.objects.exists()


@pytest.mark.parametrize(
    ("existing", "new", "accepted"),
    [
        pytest.param({"status": "approved"}, GENERAL, False, id="approved-almen-blocks-almen"),
        pytest.param(
            {"status": "approved"},
            GENERAL | {"type": "specialiseret"},
            False,
            id="approved-almen-blocks-specialiseret",
        ),
        pytest.param(
            {"status": "suspended", "status_reason": "Sag"},
            GENERAL,
            False,
            id="suspended-almen-blocks",
        ),
        pytest.param(
            {"type": "forstaerket", "status": "approved"},
            GENERAL | {"status": "suspended", "status_reason": "x"},
            False,
            id="blocks-new-suspended",
        ),
        pytest.param(
            {"status": "expired", "valid_to": date(2025, 1, 31)},
            GENERAL,
            True,
            id="expired-plus-new-current",
        ),
        pytest.param(
            {"status": "terminated", "status_reason": "Ophørt"},
            GENERAL,
            True,
            id="terminated-plus-new-current",
        ),
        pytest.param(
            {"status": "under_assessment", "decision_date": None, "valid_from": None},
            GENERAL,
            True,
            id="under-assessment-plus-current",
        ),
        pytest.param(
            {"status": "approved"},
            GENERAL | {"status": "under_assessment"},
            True,
            id="current-plus-new-under-assessment",
        ),
        pytest.param({"status": "approved"}, NETWORK, True, id="current-general-plus-network"),
        pytest.param(
            {"status": "approved"},
            GENERAL | {"status": "expired"},
            True,
            id="current-plus-old-expired",
        ),
    ],
)
def test_only_one_current_general_approval_per_family(
    actor, family, world, existing, new, accepted
):
    ApprovalFactory(family=family, **existing)
    if accepted:
        services.approval_create(actor=actor, family=family, **resolve(new, world))
        assert family.approvals.count() == 2
    else:
        with rejected("type"):
            services.approval_create(actor=actor, family=family, **resolve(new, world))
        assert family.approvals.count() == 1


@pytest.mark.parametrize("status", ["approved", "suspended"])
def test_one_current_general_approval_is_also_a_database_constraint(family, status):
    ApprovalFactory(family=family, type="forstaerket")
    second = Approval(
        family=family,
        type="almen",
        approving_body="socialtilsyn",
        decision_date=date(2025, 5, 1),
        valid_from=date(2025, 5, 1),
        status=status,
        status_reason="Sag",
    )
    with pytest.raises(IntegrityError) as info, transaction.atomic():
        second.save()
    assert info.value.__cause__.diag.constraint_name == "family_one_current_general_approval"
    assert family.approvals.count() == 1


def test_two_families_each_hold_a_current_general_approval():
    ApprovalFactory()
    ApprovalFactory()
    assert Approval.objects.filter(status="approved").count() == 2


# --- approval_update -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "change", "expected"),
    [
        pytest.param(
            SPECIFIC,
            {"capacity_full_time": 2},
            {"capacity_full_time": 2},
            id="legacy-konkret-other-field",
        ),
        pytest.param(
            MUNICIPAL,
            {"valid_to": date(2026, 1, 1)},
            {"valid_to": date(2026, 1, 1)},
            id="legacy-kommunal-end-date",
        ),
        pytest.param(
            MUNICIPAL,
            {"decision_date": date(2019, 1, 2)},
            {"decision_date": date(2019, 1, 2)},
            id="legacy-redated-before-cutoff",
        ),
        pytest.param(
            GENERAL,
            {"status": "suspended", "status_reason": "Tilsyn"},
            {"status": "suspended"},
            id="suspend",
        ),
        pytest.param(
            GENERAL, {"type": "forstaerket"}, {"type": "forstaerket"}, id="change-general-type"
        ),
        pytest.param(
            NETWORK,
            {"approving_municipality": None},
            {"approving_municipality_id": "home"},
            id="network-municipality-refilled",
        ),
    ],
)
def test_approval_update_accepts(actor, family, home, world, start, change, expected):
    approval = services.approval_create(actor=actor, family=family, **resolve(start, world))
    updated = services.approval_update(actor=actor, approval=approval, **change)

    updated.refresh_from_db()
    for name, value in expected.items():
        assert getattr(updated, name) == (home.pk if value == "home" else value)
    # A change is logged; an edit that ends where it started (the approving
    # municipality filled in again) changes nothing and logs nothing.
    assert [e.actor for e in logs(approval, "update")] == (
        [] if change == {"approving_municipality": None} else [actor]
    )


def test_approval_update_logs_old_and_new_values(actor, family):
    approval = ApprovalFactory(family=family, capacity_full_time=2)
    services.approval_update(actor=actor, approval=approval, capacity_full_time=3)
    assert logs(approval, "update").get().changes == {"capacity_full_time": [2, 3]}


@pytest.mark.parametrize(
    ("start", "change", "field"),
    [
        pytest.param(
            SPECIFIC, {"decision_date": date(2019, 8, 1)}, "type", id="legacy-redated-after-cutoff"
        ),
        pytest.param(
            MUNICIPAL,
            {"decision_date": None, "status": "under_assessment"},
            "type",
            id="legacy-decision-date-removed",
        ),
        pytest.param(
            GENERAL,
            {"type": "kommunal", "approving_body": "municipality"},
            "type",
            id="general-turned-legacy",
        ),
        pytest.param(
            GENERAL, {"status": "suspended"}, "status_reason", id="suspend-without-reason"
        ),
        pytest.param(GENERAL, {"valid_to": date(2025, 1, 1)}, ALL, id="end-before-start"),
        pytest.param(GENERAL, {"child": CHILD}, "child", id="general-gets-child"),
        pytest.param(NETWORK, {"child": None}, "child", id="network-loses-child"),
        pytest.param(
            NETWORK,
            {"approving_body": "socialtilsyn"},
            "approving_body",
            id="network-by-socialtilsyn",
        ),
    ],
)
def test_approval_update_rejections(actor, family, world, start, change, field):
    approval = services.approval_create(actor=actor, family=family, **resolve(start, world))
    with rejected(field):
        services.approval_update(actor=actor, approval=approval, **resolve(change, world))


def test_approval_update_cannot_revive_a_second_current_general(actor, family):
    ApprovalFactory(family=family)
    old = ApprovalFactory(family=family, status="expired", valid_from=date(2020, 1, 1))
    with rejected("type"):
        services.approval_update(actor=actor, approval=old, status="approved")


# --- approvals_expire_due ------------------------------------------------------------------
TODAY = date(2025, 6, 15)


@pytest.mark.parametrize(
    ("status", "valid_to", "expired"),
    [
        pytest.param("approved", date(2025, 6, 14), True, id="approved-ended-yesterday"),
        pytest.param("suspended", date(2025, 6, 14), True, id="suspended-ended-yesterday"),
        pytest.param("approved", date(2024, 1, 31), True, id="approved-ended-long-ago"),
        pytest.param("approved", date(2025, 6, 15), False, id="ends-today"),
        pytest.param("approved", date(2025, 12, 31), False, id="ends-later"),
        pytest.param("approved", None, False, id="open-ended"),
        pytest.param("terminated", date(2025, 1, 1), False, id="terminated"),
        pytest.param("expired", date(2025, 1, 1), False, id="already-expired"),
        pytest.param("under_assessment", date(2025, 1, 1), False, id="under-assessment"),
    ],
)
def test_approvals_expire_due(family, status, valid_to, expired):
    approval = ApprovalFactory(
        family=family,
        status=status,
        status_reason="Sag" if status in ("suspended", "terminated") else "",
        valid_from=date(2024, 1, 1),
        valid_to=valid_to,
    )
    before = ChangeLog.objects.count()

    count = services.approvals_expire_due(today=TODAY)

    approval.refresh_from_db()
    assert count == (1 if expired else 0)
    assert approval.status == ("expired" if expired else status)
    if expired:
        entry = logs(approval, "update").get()
        assert entry.actor is None
        assert entry.actor_repr == "system"
        assert entry.municipality == family.municipality
        assert entry.changes["status"] == [status, "expired"]
        assert "status_reason" in entry.changes
        assert approval.status_reason
    else:
        assert ChangeLog.objects.count() == before


def test_approvals_expire_due_counts_every_municipality_once(home, other_municipality):
    due = [
        ApprovalFactory(family=FamilyFactory(municipality=home), valid_to=date(2025, 5, 31)),
        ApprovalFactory(family=FamilyFactory(municipality=home), valid_to=date(2025, 6, 1)),
        ApprovalFactory(
            family=FamilyFactory(municipality=other_municipality), valid_to=date(2025, 3, 1)
        ),
    ]
    kept = ApprovalFactory(family=FamilyFactory(municipality=home), valid_to=date(2025, 6, 15))

    assert services.approvals_expire_due(today=TODAY) == 3
    assert services.approvals_expire_due(today=TODAY) == 0
    assert set(Approval.objects.filter(status="expired")) == set(due)
    kept.refresh_from_db()
    assert kept.status == "approved"
    assert ChangeLog.objects.filter(action="update", actor__isnull=True).count() == 3
    assert {e.municipality_id for e in ChangeLog.objects.all()} == {
        home.pk,
        other_municipality.pk,
    }


@time_machine.travel(datetime(2025, 6, 15, 0, 30, tzinfo=CPH), tick=False)
def test_approvals_expire_due_uses_the_local_date_by_default(family):
    yesterday = ApprovalFactory(family=family, valid_to=date(2025, 6, 14))
    other = ApprovalFactory(family=FamilyFactory(), valid_to=date(2025, 6, 15))
    assert services.approvals_expire_due() == 1
    yesterday.refresh_from_db()
    other.refresh_from_db()
    assert (yesterday.status, other.status) == ("expired", "approved")


def test_expired_approval_frees_the_family_for_a_new_general_one(actor, family):
    ApprovalFactory(family=family, valid_to=date(2025, 6, 1))
    services.approvals_expire_due(today=TODAY)
    new = services.approval_create(actor=actor, family=family, **(GENERAL | {"valid_from": TODAY}))
    assert set(family.approvals.values_list("status", flat=True)) == {"expired", "approved"}
    assert new.status == "approved"
