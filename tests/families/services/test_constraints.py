"""The database constraints of families/models.py, with the services bypassed: each
one holds in PostgreSQL on its own and is also checked by full_clean(), which the
services rely on for the friendly message; the table names every constraint of the
app.
"""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import UniqueConstraint

from families.models import (
    Approval,
    AssessmentCriterion,
    ConsultantAssignment,
    Family,
    FamilyMember,
    NetworkAssessment,
)
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    ConsultantAssignmentFactory,
    FamilyFactory,
    NetworkAssessmentFactory,
    consultant_of,
)
from tests.families.services.support import db_state

pytestmark = pytest.mark.django_db


# --- every database constraint, when the services are bypassed ------------------------------
def _second_open_assignment(w):
    return ConsultantAssignment(
        family=w.family, consultant=consultant_of(w.family.municipality), starts_on=date(2025, 1, 1)
    )


def _approval(w, **fields):
    data = {
        "family": w.family,
        "type": "almen",
        "approving_body": "socialtilsyn",
        "status": "under_assessment",
    } | fields
    return Approval(**data)


CONSTRAINTS = [
    (
        "family_postal_code_four_digits",
        lambda w: Family(
            municipality=w.family.municipality,
            name="F",
            street="S",
            postal_code="12",
            city="C",
            phone="1",
        ),
    ),
    (
        "member_own_child_has_birth_year",
        lambda w: FamilyMember(family=w.family, kind="own_child", full_name="Barn"),
    ),
    (
        "member_cpr_format",
        lambda w: FamilyMember(
            family=w.family, kind="foster_parent", full_name="V", cpr="0101801234"
        ),
    ),
    ("family_one_current_consultant", _second_open_assignment),
    (
        "consultant_assignment_dates_ordered",
        lambda w: ConsultantAssignmentFactory.build(
            family=w.family,
            consultant=w.consultant,
            starts_on=date(2025, 2, 1),
            ends_on=date(2025, 1, 31),
        ),
    ),
    ("approval_child_only_for_child_specific_types", lambda w: _approval(w, child=w.child)),
    (
        "approval_child_only_for_child_specific_types",
        lambda w: _approval(w, type="netvaerk", approving_body="municipality"),
    ),
    (
        "approval_legacy_only_before_2019_07_01",
        lambda w: _approval(
            w, type="kommunal", approving_body="municipality", decision_date=date(2019, 7, 1)
        ),
    ),
    (
        "approval_valid_to_after_from",
        lambda w: _approval(w, valid_from=date(2025, 2, 1), valid_to=date(2025, 1, 31)),
    ),
    (
        "approval_granted_has_dates",
        lambda w: _approval(
            w,
            type="netvaerk",
            approving_body="municipality",
            child=w.child,
            status="approved",
            decision_date=date(2025, 1, 1),
        ),
    ),
    (
        "approval_granted_has_dates",
        lambda w: _approval(
            w,
            type="netvaerk",
            approving_body="municipality",
            child=w.child,
            status="suspended",
            valid_from=date(2025, 1, 1),
        ),
    ),
    (
        "family_one_current_general_approval",
        lambda w: _approval(
            w, status="approved", decision_date=date(2025, 1, 1), valid_from=date(2025, 1, 1)
        ),
    ),
    (
        "assessment_decided_has_date",
        lambda w: NetworkAssessment(
            family=w.family,
            child=w.child,
            relation_to_child="R",
            relation_rating=1,
            started_on=date(2025, 3, 1),
            outcome="rejected",
        ),
    ),
    (
        "assessment_decided_after_started",
        lambda w: NetworkAssessment(
            family=w.family,
            child=w.child,
            relation_to_child="R",
            relation_rating=1,
            started_on=date(2025, 3, 1),
            outcome="rejected",
            decided_on=date(2025, 2, 28),
        ),
    ),
    (
        "assessment_criterion_once",
        lambda w: AssessmentCriterion(assessment=w.assessment, criterion="home"),
    ),
]


@pytest.fixture
def populated(home):
    """A family with a current consultant, a current general approval and an
    assessment with one criterion."""
    family = FamilyFactory(municipality=home)
    ApprovalFactory(family=family)
    assessment = NetworkAssessmentFactory(family=family)
    AssessmentCriterion.objects.create(assessment=assessment, criterion="home", rating=2)
    return SimpleNamespace(
        family=family,
        consultant=family.consultant_assignments.get().consultant,
        child=ChildFactory(municipality=home),
        assessment=assessment,
    )


@pytest.mark.parametrize(
    ("name", "build"),
    [pytest.param(name, build, id=f"{name}-{i}") for i, (name, build) in enumerate(CONSTRAINTS)],
)
def test_database_constraint_holds_without_the_services(populated, name, build):
    instance = build(populated)
    before = db_state()
    with pytest.raises(IntegrityError) as info, transaction.atomic():
        instance.save()
    assert info.value.__cause__.diag.constraint_name == name
    assert db_state() == before


@pytest.mark.parametrize(
    ("name", "build"),
    [pytest.param(name, build, id=f"{name}-{i}") for i, (name, build) in enumerate(CONSTRAINTS)],
)
def test_every_constraint_is_also_checked_by_full_clean(populated, name, build):
    """validated_save() relies on full_clean() for the friendly message."""
    instance = build(populated)
    constraint = next(c for c in type(instance)._meta.constraints if c.name == name)
    with pytest.raises(ValidationError) as info:
        instance.full_clean()
    if isinstance(constraint, UniqueConstraint) and constraint.condition is None:
        # Django words unconditional unique constraints on fields as "… already exists"
        expected = instance.unique_error_message(type(instance), constraint.fields).messages[0]
    else:
        expected = str(constraint.get_violation_error_message())
    assert expected in info.value.messages


def test_constraint_table_covers_every_constraint_of_the_app():
    from django.apps import apps

    declared = {
        constraint.name
        for model in apps.get_app_config("families").get_models()
        for constraint in model._meta.constraints
    }
    assert declared == {name for name, _ in CONSTRAINTS}
