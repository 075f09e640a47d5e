"""families/services/assessments.py: a network-family assessment started, continued
and decided once; an approved one grants the network approval, as DOMAIN.md §2
describes it.

Every rejected call is checked twice (``rejected()`` in support.py): the
ValidationError names the offending field, and the database (every table the
services write, the change log included) is exactly as it was before the call.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from families import services
from families.models import (
    Approval,
    ApprovalStatus,
    AssessmentCondition,
    AssessmentCriterion,
    NetworkAssessment,
    Rating,
)
from families.services import ConditionInput, CriterionInput
from tests.factories import FamilyFactory, NetworkAssessmentFactory, consultant_of
from tests.families.services.support import ALL, PLAIN, logs, rejected

pytestmark = pytest.mark.django_db


# --- network-family assessment -------------------------------------------------------------
ASSESSMENT = {
    "relation_to_child": "Moster; tæt kontakt hver uge.",
    "relation_rating": Rating.STRONG,
    "started_on": date(2025, 3, 1),
}
CRITERIA = [
    CriterionInput("mentalising", Rating.STRONG, "Kan sætte sig i barnets sted."),
    CriterionInput("home", Rating.CONCERN, "Mangler et værelse."),
    CriterionInput("limits", None, ""),
]
CONDITIONS = [
    ConditionInput("Netværksgruppe", date(2025, 9, 1)),
    ConditionInput("Grundkursus, 4 dage", date(2025, 8, 1), date(2025, 4, 1)),
]


@pytest.mark.parametrize("assessor_count", [1, 2])
def test_assessment_start_saves_assessors_criteria_conditions_and_audit(
    actor, family, home, world, assessor_count
):
    assessors = [consultant_of(home) for _ in range(assessor_count)]
    assessment = services.network_assessment_start(
        actor=actor,
        family=family,
        child=world.child,
        assessors=assessors,
        criteria=CRITERIA,
        conditions=CONDITIONS,
        **ASSESSMENT,
    )

    assessment.refresh_from_db()
    assert assessment.outcome == "pending"
    assert (assessment.family, assessment.child) == (family, world.child)
    assert set(assessment.assessors.all()) == set(assessors)
    assert {(c.criterion, c.rating, c.note) for c in assessment.criteria.all()} == {
        ("mentalising", 1, "Kan sætte sig i barnets sted."),
        ("home", 3, "Mangler et værelse."),
        ("limits", None, ""),
    }
    assert [(c.description, c.start_by, c.started_on) for c in assessment.conditions.all()] == [
        ("Grundkursus, 4 dage", date(2025, 8, 1), date(2025, 4, 1)),
        ("Netværksgruppe", date(2025, 9, 1), None),
    ]
    entry = logs(assessment, "create").get()
    assert entry.actor == actor
    assert sorted(entry.changes["assessors"]) == sorted(a.pk for a in assessors)
    assert entry.changes["criteria"]["home"] == [3, "Mangler et værelse."]
    assert entry.changes["conditions"] == [
        ["Netværksgruppe", "2025-09-01"],
        ["Grundkursus, 4 dage", "2025-08-01"],
    ]
    assert not Approval.objects.exists()


@pytest.mark.parametrize(
    ("case", "field"),
    [
        pytest.param("no-assessors", "assessors", id="no-assessors"),
        pytest.param("three-assessors", "assessors", id="three-assessors"),
        pytest.param("foreign-assessor", "assessors", id="assessor-of-other-municipality"),
        pytest.param("foreign-child", "child", id="child-of-other-municipality"),
        pytest.param("unknown-criterion", "criteria", id="unknown-criterion"),
        pytest.param(
            "condition-started-early", "conditions", id="support-started-before-assessment"
        ),
        pytest.param("bad-rating", "relation_rating", id="relation-rating-out-of-range"),
        pytest.param("no-relation", "relation_to_child", id="no-relation-described"),
        pytest.param("no-start", "started_on", id="no-start-date"),
    ],
)
def test_assessment_start_rejections(actor, family, home, other_municipality, world, case, field):
    assessors = [consultant_of(home)]
    child = world.child
    criteria, conditions, fields = list(CRITERIA), list(CONDITIONS), dict(ASSESSMENT)
    if case == "no-assessors":
        assessors = []
    elif case == "three-assessors":
        assessors = [consultant_of(home) for _ in range(3)]
    elif case == "foreign-assessor":
        assessors = [consultant_of(home), consultant_of(other_municipality)]
    elif case == "foreign-child":
        child = world.foreign_child
    elif case == "unknown-criterion":
        criteria.append(CriterionInput("horoscope", Rating.STRONG))
    elif case == "condition-started-early":
        conditions.append(ConditionInput("Supervision", date(2025, 6, 1), date(2025, 2, 28)))
    elif case == "bad-rating":
        fields["relation_rating"] = 7
    elif case == "no-relation":
        fields["relation_to_child"] = ""
    elif case == "no-start":
        fields["started_on"] = None

    with rejected(field):
        services.network_assessment_start(
            actor=actor,
            family=family,
            child=child,
            assessors=assessors,
            criteria=criteria,
            conditions=conditions,
            **fields,
        )


def test_assessment_update_changes_fields_criteria_conditions(actor, home):
    assessment = NetworkAssessmentFactory(family=FamilyFactory(municipality=home))
    AssessmentCriterion.objects.create(assessment=assessment, criterion="home", rating=3)
    AssessmentCondition.objects.create(
        assessment=assessment, description="Gammel betingelse", start_by=date(2025, 5, 1)
    )
    assessors = [consultant_of(home), consultant_of(home)]

    services.network_assessment_update(
        actor=actor,
        assessment=assessment,
        assessors=assessors,
        criteria=[CriterionInput("home", Rating.ADEQUATE, "Værelse ordnet.")],
        conditions=[ConditionInput("Ny betingelse", date(2025, 10, 1))],
        relation_rating=Rating.ADEQUATE,
        alignment_notes="Samvær hver anden weekend.",
    )

    assessment.refresh_from_db()
    assert assessment.relation_rating == Rating.ADEQUATE
    assert assessment.alignment_notes == "Samvær hver anden weekend."
    assert set(assessment.assessors.all()) == set(assessors)
    criterion = assessment.criteria.get()
    assert (criterion.rating, criterion.note) == (2, "Værelse ordnet.")
    assert list(assessment.conditions.values_list("description", flat=True)) == ["Ny betingelse"]
    entry = logs(assessment, "update").get()
    assert entry.changes["relation_rating"] == [1, 2]
    assert entry.changes["criteria"] == [{"home": [3, ""]}, {"home": [2, "Værelse ordnet."]}]


@pytest.mark.parametrize(
    ("assessors", "field"),
    [
        pytest.param(0, "assessors", id="no-assessors"),
        pytest.param(3, "assessors", id="three-assessors"),
    ],
)
def test_assessment_update_checks_assessors(actor, home, assessors, field):
    assessment = NetworkAssessmentFactory(family=FamilyFactory(municipality=home))
    with rejected(field):
        services.network_assessment_update(
            actor=actor,
            assessment=assessment,
            assessors=[consultant_of(home) for _ in range(assessors)],
            relation_rating=Rating.CONCERN,
        )


@pytest.mark.parametrize("outcome", ["approved", "rejected", "withdrawn"])
def test_assessment_update_rejected_after_decision(actor, home, outcome):
    assessment = NetworkAssessmentFactory(family=FamilyFactory(municipality=home))
    services.network_assessment_decide(
        actor=actor,
        assessment=assessment,
        outcome=outcome,
        reason="Begrundelse",
        decided_on=date(2025, 4, 1),
    )
    assessment.refresh_from_db()
    with rejected(PLAIN):
        services.network_assessment_update(
            actor=actor,
            assessment=assessment,
            assessors=[consultant_of(home)],
            relation_rating=Rating.SERIOUS,
        )


def test_assessment_update_with_a_stale_instance_cannot_undo_a_decision(actor, home):
    assessment = NetworkAssessmentFactory(family=FamilyFactory(municipality=home))
    loaded_by_the_edit_form = NetworkAssessment.objects.get(pk=assessment.pk)
    services.network_assessment_decide(
        actor=actor,
        assessment=assessment,
        outcome="approved",
        reason="Stærk relation",
        decided_on=date(2025, 4, 1),
    )
    with pytest.raises(ValidationError):
        services.network_assessment_update(
            actor=actor,
            assessment=loaded_by_the_edit_form,
            assessors=[consultant_of(home)],
            relation_rating=Rating.SERIOUS,
        )
    assessment.refresh_from_db()
    assert assessment.outcome == "approved"
    assert assessment.approval is not None


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "expected_from"),
    [
        pytest.param(None, None, date(2025, 4, 10), id="valid-from-decision"),
        pytest.param(date(2025, 5, 1), date(2026, 4, 30), date(2025, 5, 1), id="explicit-period"),
    ],
)
def test_assessment_decide_approved_grants_network_approval(
    actor, home, valid_from, valid_to, expected_from
):
    assessment = NetworkAssessmentFactory(family=FamilyFactory(municipality=home))

    decided = services.network_assessment_decide(
        actor=actor,
        assessment=assessment,
        outcome="approved",
        reason="  Stærk relation; betingelser aftalt.  ",
        decided_on=date(2025, 4, 10),
        valid_from=valid_from,
        valid_to=valid_to,
    )

    assessment.refresh_from_db()
    assert decided.pk == assessment.pk
    assert assessment.outcome == "approved"
    assert assessment.outcome_reason == "Stærk relation; betingelser aftalt."
    assert assessment.decided_on == date(2025, 4, 10)
    approval = assessment.approval
    assert approval == Approval.objects.get()
    assert (approval.family, approval.child) == (assessment.family, assessment.child)
    assert approval.type == "netvaerk"
    assert approval.status == ApprovalStatus.APPROVED
    assert approval.approving_body == "municipality"
    assert approval.approving_municipality == home
    assert (approval.capacity_full_time, approval.capacity_respite) == (1, 0)
    assert approval.decision_date == date(2025, 4, 10)
    assert (approval.valid_from, approval.valid_to) == (expected_from, valid_to)
    assert logs(approval, "create").get().actor == actor
    update = logs(assessment, "update").get()
    assert update.changes["outcome"] == ["pending", "approved"]
    assert update.changes["approval"] == [None, approval.pk]


@pytest.mark.parametrize("outcome", ["rejected", "withdrawn"])
def test_assessment_decide_without_approval(actor, home, outcome):
    assessment = NetworkAssessmentFactory(family=FamilyFactory(municipality=home))
    services.network_assessment_decide(
        actor=actor,
        assessment=assessment,
        outcome=outcome,
        reason="Familien trak sig",
        decided_on=date(2025, 4, 10),
    )
    assessment.refresh_from_db()
    assert (assessment.outcome, assessment.approval) == (outcome, None)
    assert assessment.outcome_reason == "Familien trak sig"
    assert not Approval.objects.exists()
    assert logs(assessment, "update").get().changes["outcome"] == ["pending", outcome]


@pytest.mark.parametrize(
    ("outcome", "reason", "decided_on", "valid_to", "field"),
    [
        pytest.param(
            "rejected", "", date(2025, 4, 1), None, "reason", id="rejected-without-reason"
        ),
        pytest.param(
            "withdrawn", "  ", date(2025, 4, 1), None, "reason", id="withdrawn-blank-reason"
        ),
        pytest.param(
            "approved", "", date(2025, 4, 1), None, "reason", id="approved-without-reason"
        ),
        pytest.param(
            "pending", "Venter", date(2025, 4, 1), None, "outcome", id="pending-is-no-decision"
        ),
        pytest.param("maybe", "Hm", date(2025, 4, 1), None, "outcome", id="unknown-outcome"),
        pytest.param(
            "approved", "Ok", date(2025, 2, 1), None, ALL, id="approved-before-assessment-started"
        ),
        pytest.param(
            "rejected", "Nej", date(2025, 2, 1), None, ALL, id="rejected-before-assessment-started"
        ),
        pytest.param(
            "approved",
            "Ok",
            date(2025, 4, 1),
            date(2025, 3, 31),
            ALL,
            id="approval-ends-before-start",
        ),
    ],
)
def test_assessment_decide_rejections(actor, home, outcome, reason, decided_on, valid_to, field):
    assessment = NetworkAssessmentFactory(family=FamilyFactory(municipality=home))
    with rejected(field):
        services.network_assessment_decide(
            actor=actor,
            assessment=assessment,
            outcome=outcome,
            reason=reason,
            decided_on=decided_on,
            valid_to=valid_to,
        )
    assessment.refresh_from_db()
    assert (assessment.outcome, assessment.approval) == ("pending", None)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("approved", "approved"),
        ("approved", "rejected"),
        ("rejected", "approved"),
        ("withdrawn", "withdrawn"),
    ],
)
def test_assessment_cannot_be_decided_twice(actor, home, first, second):
    assessment = NetworkAssessmentFactory(family=FamilyFactory(municipality=home))
    services.network_assessment_decide(
        actor=actor,
        assessment=assessment,
        outcome=first,
        reason="Første",
        decided_on=date(2025, 4, 1),
    )
    with rejected(PLAIN):
        services.network_assessment_decide(
            actor=actor,
            assessment=assessment,
            outcome=second,
            reason="Anden",
            decided_on=date(2025, 5, 1),
        )
    assert Approval.objects.count() == (1 if first == "approved" else 0)
