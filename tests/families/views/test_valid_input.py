"""The forms of the foster-family pages (families/views.py) with valid input: every
form saves through its service, goes back to the family page and writes the change
log, an edit's log with the values from before the edit.

Who may open which page is tests/test_permission_matrix.py's job; here a user who
may is logged in and the pages are used as a person would use them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils.html import escape as html_escape

from families.models import Approval, ConsultantAssignment, Family
from fostercare.audit.models import ChangeLog
from tests.factories import ApprovalFactory, FamilyMemberFactory, consultant_of
from tests.families.views.support import (
    CRITERIA,
    Request,
    World,
    approval_data,
    assessment_data,
    consultant_data,
    decision_data,
    family_data,
    member_data,
    network_data,
    new_family_data,
    page,
    pending_assessment,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Change:
    request: Request  # sets up what the page needs; returns (url, POST data)
    check: Callable[[World], Family]  # asserts what was saved; returns the family shown next
    logged: frozenset[tuple[str, str]]  # (model, action) of the change-log rows written


def _check_created(w: World) -> Family:
    family = Family.objects.get(name="Familien Kjær")
    assert family.municipality == w.home
    assert (family.street, family.postal_code, family.city) == ("Skovvej 12", "8240", "Risskov")
    assert family.phone == "22 33 44 55"
    assert family.languages == ["dansk", "engelsk"]
    assignment = ConsultantAssignment.objects.get(family=family)
    assert (assignment.consultant, assignment.starts_on, assignment.ends_on) == (
        w.me,
        date(2026, 3, 1),
        None,
    )
    return family


def _check_updated(w: World) -> Family:
    w.family.refresh_from_db()
    assert w.family.languages == ["dansk", "engelsk"]
    assert (w.family.street, w.family.district, w.family.email) == (
        "Skovvej 12",
        "Nord",
        "mortensen@example.dk",
    )
    assert w.family.phone == "22 33 44 55"
    return w.family


def _check_member_added(w: World) -> Family:
    member = w.family.members.get()
    assert (member.kind, member.full_name, member.cpr, member.occupation) == (
        "foster_parent",
        "Hanne Kjær",
        "010170-1234",
        "Pædagog",
    )
    return w.family


def _edit_member(w: World):
    member = FamilyMemberFactory(family=w.family, full_name="Hanne Kjær", cpr="010170-1234")
    url = page("member_edit", w.family, member_id=member.pk)
    return url, member_data(full_name="Hanne Kjær Mortensen", occupation="Lærer")


def _check_member_edited(w: World) -> Family:
    member = w.family.members.get()
    assert (member.full_name, member.occupation) == ("Hanne Kjær Mortensen", "Lærer")
    return w.family


def _remove_member(w: World):
    member = FamilyMemberFactory(family=w.family)
    return page("member_delete", w.family, member_id=member.pk), {}


def _check_member_removed(w: World) -> Family:
    assert not w.family.members.exists()
    return w.family


def _change_consultant(w: World):
    w.successor = consultant_of(w.home)
    return page("consultant", w.family), consultant_data(w.successor)


def _check_consultant_changed(w: World) -> Family:
    old, new = w.family.consultant_assignments.order_by("starts_on")
    assert (old.consultant, old.ends_on) == (w.me, date(2026, 3, 1))
    assert (new.consultant, new.starts_on, new.ends_on, new.reason) == (
        w.successor,
        date(2026, 3, 1),
        None,
        "Ny fordeling",
    )
    return w.family


def _check_general_approval(w: World) -> Family:
    approval = w.family.approvals.get()
    assert (approval.type, approval.approving_body, approval.status) == (
        "almen",
        "socialtilsyn",
        "approved",
    )
    assert (approval.decision_date, approval.valid_from, approval.valid_to) == (
        date(2025, 1, 15),
        date(2025, 2, 1),
        None,
    )
    assert (approval.capacity_full_time, approval.capacity_respite, approval.child) == (2, 1, None)
    return w.family


def _check_network_approval(w: World) -> Family:
    approval = w.family.approvals.get()
    assert (approval.type, approval.child, approval.approving_municipality) == (
        "netvaerk",
        w.child,
        w.home,
    )
    return w.family


def _edit_approval(w: World):
    approval = ApprovalFactory(family=w.family)
    data = approval_data(
        decision_date="2024-01-15",
        valid_from="2024-02-01",
        valid_to="2027-01-31",
        capacity_full_time="3",
    )
    return page("approval_edit", w.family, approval_id=approval.public_id), data


def _check_approval_edited(w: World) -> Family:
    approval = w.family.approvals.get()
    assert (approval.capacity_full_time, approval.valid_to) == (3, date(2027, 1, 31))
    return w.family


def _check_assessment(w: World) -> Family:
    assessment = w.family.assessments.get()
    assert assessment.child == w.child
    assert assessment.outcome == "pending"
    assert assessment.started_on == date(2026, 1, 5)
    assert assessment.alignment_meeting_on == date(2026, 2, 10)
    assert list(assessment.assessors.all()) == [w.me]
    assert {c.criterion: (c.rating, c.note) for c in assessment.criteria.all()} == {
        kind: (1 + i % 4, f"Note om {kind}") for i, kind in enumerate(CRITERIA)
    }
    assert [(c.description, c.start_by) for c in assessment.conditions.all()] == [
        ("Intensiv supervision det første år", date(2026, 12, 15))
    ]
    return w.family


def _continue_assessment(w: World):
    assessment = pending_assessment(w.family, child=w.child, assessors=[w.me])
    colleague = consultant_of(w.home, full_name="Lone Lund")
    data = assessment_data(
        w,
        criteria={"mentalising": ("4", "Bekymrende"), "limits": ("3", "")},
        conditions=[("Netværkssupervision", "2026-06-01", "2026-05-15")],
        assessors=[w.me.pk, colleague.pk],
        relation_rating="2",
        child_cpr="",  # disabled on an assessment in progress: the child stays
    )
    return page("assessment_edit", w.family, assessment_id=assessment.public_id), data


def _check_continued(w: World) -> Family:
    assessment = w.family.assessments.get()
    assert (assessment.child, assessment.relation_rating) == (w.child, 2)
    assert sorted(a.full_name for a in assessment.assessors.all()) == ["Lone Lund", "Rune Holm"]
    ratings = {c.criterion: (c.rating, c.note) for c in assessment.criteria.all()}
    assert len(ratings) == len(CRITERIA)
    assert ratings["mentalising"] == (4, "Bekymrende")
    assert ratings["limits"] == (3, "")
    assert [(c.description, c.start_by, c.started_on) for c in assessment.conditions.all()] == [
        ("Netværkssupervision", date(2026, 6, 1), date(2026, 5, 15))
    ]
    return w.family


def _reject(w: World):
    assessment = pending_assessment(w.family, child=w.child)
    url = page("assessment_decide", w.family, assessment_id=assessment.public_id)
    return url, decision_data(outcome="rejected", reason="Relationen er ikke stærk nok.")


def _check_rejected(w: World) -> Family:
    assessment = w.family.assessments.get()
    assert (assessment.outcome, assessment.approval) == ("rejected", None)
    assert not w.family.approvals.exists()
    return w.family


def _decide(w: World):
    assessment = pending_assessment(w.family, child=w.child)
    url = page("assessment_decide", w.family, assessment_id=assessment.public_id)
    return url, decision_data(valid_to="2028-01-31")


def _check_decided(w: World) -> Family:
    assessment = w.family.assessments.get()
    approval = Approval.objects.get(family=w.family, type="netvaerk")
    assert (assessment.outcome, assessment.decided_on, assessment.approval) == (
        "approved",
        date(2026, 2, 1),
        approval,
    )
    assert assessment.outcome_reason.startswith("Stærk og stabil relation")
    assert (approval.child, approval.status, approval.approving_body) == (
        w.child,
        "approved",
        "municipality",
    )
    assert (approval.valid_from, approval.valid_to) == (date(2026, 2, 1), date(2028, 1, 31))
    return w.family


def _logged(*pairs: str) -> frozenset[tuple[str, str]]:
    return frozenset(tuple(pair.split(":")) for pair in pairs)


CHANGES = [
    pytest.param(
        Change(
            lambda w: (page("create"), new_family_data(w)),
            _check_created,
            _logged("family:create", "consultantassignment:create"),
        ),
        id="create-family",
    ),
    pytest.param(
        Change(
            lambda w: (page("update", w.family), family_data()),
            _check_updated,
            _logged("family:update"),
        ),
        id="edit-family",
    ),
    pytest.param(
        Change(
            lambda w: (page("member_add", w.family), member_data()),
            _check_member_added,
            _logged("familymember:create"),
        ),
        id="add-member",
    ),
    pytest.param(
        Change(_edit_member, _check_member_edited, _logged("familymember:update")),
        id="edit-member",
    ),
    pytest.param(
        Change(_remove_member, _check_member_removed, _logged("familymember:delete")),
        id="remove-member",
    ),
    pytest.param(
        Change(
            _change_consultant,
            _check_consultant_changed,
            _logged("consultantassignment:update", "consultantassignment:create"),
        ),
        id="change-consultant",
    ),
    pytest.param(
        Change(
            lambda w: (page("approval_add", w.family), approval_data()),
            _check_general_approval,
            _logged("approval:create"),
        ),
        id="new-general-approval",
    ),
    pytest.param(
        Change(
            lambda w: (page("approval_add", w.family), network_data(child_cpr="1203154321")),
            _check_network_approval,
            _logged("approval:create"),
        ),
        id="new-network-approval-child-by-cpr",
    ),
    pytest.param(
        Change(_edit_approval, _check_approval_edited, _logged("approval:update")),
        id="edit-approval",
    ),
    pytest.param(
        Change(
            lambda w: (
                page("assessment_add", w.family),
                assessment_data(
                    w, conditions=[("Intensiv supervision det første år", "2026-12-15", "")]
                ),
            ),
            _check_assessment,
            _logged("networkassessment:create"),
        ),
        id="assessment-in-one-post",
    ),
    pytest.param(
        Change(_continue_assessment, _check_continued, _logged("networkassessment:update")),
        id="assessment-continued",
    ),
    pytest.param(
        Change(_decide, _check_decided, _logged("approval:create", "networkassessment:update")),
        id="assessment-decided-approved",
    ),
    pytest.param(
        Change(_reject, _check_rejected, _logged("networkassessment:update")),
        id="assessment-decided-rejected",
    ),
]


@pytest.mark.parametrize("change", CHANGES)
def test_valid_post_saves_and_goes_to_the_family_page(client, w, change):
    url, data = change.request(w)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    family = change.check(w)
    assert response.url == page("detail", family)
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize("change", CHANGES)
def test_every_successful_change_writes_the_change_log(client, w, change):
    url, data = change.request(w)
    last = ChangeLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert client.post(url, data).status_code == 302
    written = ChangeLog.objects.filter(pk__gt=last)
    assert {(e.content_type.model, e.action) for e in written} == change.logged
    assert {(e.actor, e.municipality) for e in written} == {(w.me, w.home)}


def test_change_log_of_an_edit_has_the_old_and_the_new_values(client, w):
    """The edit forms hand the service an instance the ModelForm has already changed;
    the log must still show the values from before the edit."""
    member = FamilyMemberFactory(family=w.family, full_name="Hanne Kjær", cpr="010170-1234")
    client.post(page("update", w.family), family_data(name="Familien Mortensen-Kjær"))
    client.post(
        page("member_edit", w.family, member_id=member.pk),
        member_data(full_name="Hanne Mortensen", cpr="020270-2345"),
    )

    def logged(instance):
        return ChangeLog.objects.get(
            content_type=ContentType.objects.get_for_model(instance),
            object_pk=str(instance.pk),
            action="update",
        ).changes

    family_changes = logged(w.family)
    assert family_changes["name"] == ["Familien Mortensen", "Familien Mortensen-Kjær"]
    assert family_changes["languages"] == [[], ["dansk", "engelsk"]]
    member_changes = logged(member)
    assert member_changes["full_name"] == ["Hanne Kjær", "Hanne Mortensen"]
    assert member_changes["cpr"] == ["010170-XXXX", "020270-XXXX"]  # masked in the log


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        pytest.param("member_add", lambda w: {}, id="member-add"),
        pytest.param(
            "member_edit",
            lambda w: {"member_id": FamilyMemberFactory(family=w.family, cpr="").pk},
            id="member-edit",
        ),
    ],
)
def test_member_cpr_typed_without_dash_is_saved_normalised(client, w, name, kwargs):
    response = client.post(page(name, w.family, **kwargs(w)), member_data(cpr="0101701234"))
    assert response.status_code == 302
    assert w.family.members.get().cpr == "010170-1234"


@pytest.mark.parametrize("change", CHANGES)
def test_every_successful_change_says_what_was_saved(client, w, change):
    """The page after a save names what was saved, in the status region base.html
    reads aloud (ServiceFormView)."""
    url, data = change.request(w)
    response = client.post(url, data, follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert len(shown) == 1
    assert shown[0].startswith(("Gemt: ", "Fjernet: "))  # "Fjernet": a member removed
    assert shown[0].endswith(str(change.check(w)))  # the family it was about
    assert 'role="status"' in response.content.decode()


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/plejefamilier/", "/plejefamilier/"),
        ("/boern/mine-sager/?side=2", "/boern/mine-sager/?side=2"),
        ("https://evil.example/", None),  # another site: the usual page
        ("//evil.example/", None),
        ("javascript:alert(1)", None),
    ],
)
def test_next_takes_the_user_back_where_they_came_from_if_it_is_on_this_site(
    client, w, next_url, lands_on
):
    url = page("member_add", w.family) + "?" + urlencode({"next": next_url})
    form = client.get(url)
    assert (f'name="next" value="{html_escape(next_url)}"' in form.content.decode()) == bool(
        lands_on
    )
    response = client.post(url, member_data())
    assert response.status_code == 302
    assert response.url == (lands_on or page("detail", w.family))
