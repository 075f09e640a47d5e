"""The pages of a family's records (families/views.py): the id of another family's
member, approval or assessment under our family is a 404, never a
cross-family edit.
"""

import pytest

from tests.factories import ApprovalFactory, FamilyMemberFactory
from tests.families.services.support import db_state
from tests.families.views.support import (
    World,
    approval_data,
    assessment_data,
    decision_data,
    member_data,
    page,
    pending_assessment,
)

pytestmark = pytest.mark.django_db


def _neighbours_member(w: World) -> dict:
    return {"member_id": FamilyMemberFactory(family=w.other).pk}


def _neighbours_approval(w: World) -> dict:
    return {"approval_id": ApprovalFactory(family=w.other).public_id}


def _neighbours_assessment(w: World) -> dict:
    return {"assessment_id": pending_assessment(w.other).public_id}


CROSS_FAMILY = [
    pytest.param("member_edit", _neighbours_member, member_data, id="member-edit"),
    pytest.param("member_delete", _neighbours_member, dict, id="member-delete"),
    pytest.param(
        "approval_edit",
        _neighbours_approval,
        lambda: approval_data(capacity_full_time="9"),
        id="approval-edit",
    ),
    pytest.param("assessment_edit", _neighbours_assessment, None, id="assessment-edit"),
    pytest.param(
        "assessment_decide", _neighbours_assessment, decision_data, id="assessment-decide"
    ),
]


CROSS_FAMILY_REQUESTS = [
    pytest.param(*param.values, method, id=f"{param.id}-{method}")
    for param in CROSS_FAMILY
    for method in ("get", "post")
    if not (param.values[0] == "member_delete" and method == "get")  # POST only
]


@pytest.mark.parametrize(("name", "record", "data", "method"), CROSS_FAMILY_REQUESTS)
def test_another_familys_record_under_our_family_is_404(client, w, name, record, data, method):
    url = page(name, w.family, **record(w))
    body = data() if data else assessment_data(w)
    before = db_state()
    response = client.get(url) if method == "get" else client.post(url, body)
    assert response.status_code == 404
    assert db_state() == before


@pytest.mark.parametrize(("name", "record", "data"), CROSS_FAMILY)
def test_the_same_record_under_its_own_family_is_found(client, w, name, record, data):
    """The control for the 404s above: the URLs differ only in the family."""
    kwargs = record(w)
    method = client.post if name == "member_delete" else client.get
    assert method(page(name, w.other, **kwargs)).status_code in (200, 302)
