"""The family forms and personal data: CPR numbers shown masked (a correction is typed
in full), every opened form written to the access log, and a tampered or inflated
assessment form answered with a form error, never a 500 or a huge page."""

from datetime import date

import pytest

from families.forms import MAX_CONDITIONS
from families.models import FamilyMember
from families.services import network_assessment_start
from fostercare.audit.models import AccessLog
from tests.factories import ApprovalFactory, FamilyMemberFactory
from tests.families.services.support import db_state
from tests.families.views.support import (
    CHILD_CPR,
    CRITERIA,
    assessment_data,
    management,
    member_data,
    network_data,
    page,
    text,
)

pytestmark = pytest.mark.django_db

MASKED_CHILD_CPR = "120315-XXXX"


def _assessment(w):
    return network_assessment_start(
        actor=w.me,
        family=w.family,
        child=w.child,
        assessors=[w.me],
        relation_to_child="Moster",
        relation_rating=1,
        started_on=date(2026, 1, 5),
    )


def _assessment_url(w, assessment) -> str:
    return page("assessment_edit", w.family, assessment_id=assessment.public_id)


def _network_approval(w):
    return ApprovalFactory(
        family=w.family,
        type="netvaerk",
        approving_body="municipality",
        capacity_full_time=1,
        capacity_respite=0,
        child=w.child,
    )


# --- CPR numbers in forms (F1) ----------------------------------------------------------------
def test_member_form_shows_the_cpr_number_masked(client, w):
    member = FamilyMemberFactory(family=w.family, cpr="010170-1234")
    body = text(client.get(page("member_edit", w.family, member_id=member.pk)))
    assert "010170-XXXX" in body
    assert "1234" not in body


def test_leaving_the_masked_member_cpr_keeps_the_number(client, w):
    member = FamilyMemberFactory(family=w.family, cpr="010170-1234")
    url = page("member_edit", w.family, member_id=member.pk)
    response = client.post(url, member_data(cpr="010170-XXXX", occupation="Lærer"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.cpr, member.occupation) == ("010170-1234", "Lærer")


@pytest.mark.parametrize("typed", ["0201701235", "020170 1235", "02.01.70-1235"])
def test_typing_a_new_member_cpr_replaces_it(client, w, typed):
    member = FamilyMemberFactory(family=w.family, cpr="010170-1234")
    url = page("member_edit", w.family, member_id=member.pk)
    assert client.post(url, member_data(cpr=typed)).status_code == 302
    assert FamilyMember.objects.get(pk=member.pk).cpr == "020170-1235"


def test_a_half_masked_member_cpr_is_a_form_error(client, w):
    member = FamilyMemberFactory(family=w.family, cpr="010170-1234")
    url = page("member_edit", w.family, member_id=member.pk)
    before = db_state()
    response = client.post(url, member_data(cpr="020170-XXXX"))
    assert response.status_code == 200
    assert response.context["form"].errors["cpr"]
    assert db_state() == before


def test_approval_form_shows_the_childs_cpr_masked_and_keeps_the_child(client, w):
    approval = _network_approval(w)
    url = page("approval_edit", w.family, approval_id=approval.public_id)
    body = text(client.get(url))
    assert MASKED_CHILD_CPR in body
    assert CHILD_CPR not in body
    data = network_data(child_cpr=MASKED_CHILD_CPR, valid_from="2024-02-01", status_reason="x")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    approval.refresh_from_db()
    assert approval.child == w.child


def test_assessment_form_shows_the_childs_cpr_masked(client, w):
    body = text(client.get(_assessment_url(w, _assessment(w))))
    assert MASKED_CHILD_CPR in body
    assert CHILD_CPR not in body
    assert CHILD_CPR.replace("-", "") not in body


# --- every opened form is a look at personal data ------------------------------------------
def test_opening_an_edit_form_writes_the_access_log(client, w):
    member = FamilyMemberFactory(family=w.family)
    url = page("member_edit", w.family, member_id=member.pk)
    client.get(url)
    logged = {(r.content_type.model, r.object_pk) for r in AccessLog.objects.filter(path=url)}
    assert logged == {("family", str(w.family.pk)), ("familymember", str(member.pk))}


def test_opening_the_assessment_form_logs_the_child_too(client, w):
    assessment = _assessment(w)
    client.get(_assessment_url(w, assessment))
    logged = {r.content_type.model for r in AccessLog.objects.all()}
    assert {"family", "networkassessment", "child"} <= logged


def test_a_rejected_post_writes_no_access_log(client, w):
    client.post(page("member_add", w.family), {})
    assert not AccessLog.objects.exists()


# --- tampered and inflated assessment forms (F6, F7) ---------------------------------------
@pytest.mark.parametrize("criterion", ["not-a-criterion", "", "<script>", "9" * 500])
def test_a_tampered_criterion_row_is_not_a_500(client, w, criterion):
    data = assessment_data(w, relation_rating="")  # an error elsewhere: the page re-renders
    data["criteria-3-criterion"] = criterion
    before = db_state()
    response = client.post(page("assessment_add", w.family), data)
    assert response.status_code == 200
    assert db_state() == before


def test_the_criterion_of_a_row_is_the_servers_whatever_is_posted(client, w):
    data = assessment_data(w)
    data["criteria-0-criterion"] = CRITERIA[1]  # posted as a duplicate of row 1
    response = client.post(page("assessment_add", w.family), data)
    assert response.status_code == 302
    assessment = w.family.assessments.get()
    saved = sorted(assessment.criteria.values_list("criterion", flat=True))
    assert saved == sorted(CRITERIA)


@pytest.mark.parametrize("total", [len(CRITERIA) + 1, 1000, 10**6, "x"])
def test_an_inflated_criteria_count_is_a_form_error_on_a_small_page(client, w, total):
    data = assessment_data(w) | {"criteria-TOTAL_FORMS": str(total)}
    before = db_state()
    response = client.post(page("assessment_add", w.family), data)
    assert response.status_code == 200
    assert len(response.content) < 200_000
    assert response.context["criteria"].non_form_errors()
    assert db_state() == before


def test_a_negative_criteria_count_is_no_rows_not_a_500(client, w):
    """Fewer rows than rendered is the same as ratings left empty: allowed."""
    data = assessment_data(w) | {"criteria-TOTAL_FORMS": "-5"}
    assert client.post(page("assessment_add", w.family), data).status_code == 302
    assert not w.family.assessments.get().criteria.exists()


def test_an_inflated_conditions_count_is_a_form_error(client, w):
    data = assessment_data(w) | management("conditions", 100_000, 0)
    before = db_state()
    response = client.post(page("assessment_add", w.family), data)
    assert response.status_code == 200
    assert len(response.content) < 200_000
    assert len(response.context["conditions"].forms) <= MAX_CONDITIONS
    assert response.context["conditions"].non_form_errors()
    assert db_state() == before
