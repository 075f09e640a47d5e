"""Every look at a named child's or family's personal data is access-logged by one
mechanism (fostercare.audit.mixins.AccessLoggedMixin): pages, forms, lists and
searches that are not FilteredListViews; and a manager reads who looked at a child's
or a family's record, and when (GDPR art. 15)."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from cases.models import CaseworkerAssignment, Child
from families.models import Family
from fostercare.accounts.models import Role
from fostercare.audit.models import AccessLog
from fostercare.audit.selectors import access_log_for
from fostercare.audit.services import log_access, log_access_rows
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    CourseRunFactory,
    FamilyFactory,
    FamilyMemberFactory,
    FollowUpFactory,
    PlacementFactory,
    SupervisionSessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _shown(model) -> list[AccessLog]:
    return list(AccessLog.objects.filter(content_type=ContentType.objects.get_for_model(model)))


@pytest.fixture
def my_child(home, caseworker):
    child = ChildFactory(municipality=home, first_name="Emma")
    family = ApprovalFactory(family=FamilyFactory(municipality=home)).family
    PlacementFactory(child=child, family=family, start_date=date(2025, 3, 1))
    CaseworkerAssignment.objects.create(
        child=child, caseworker=caseworker, starts_on=date(2025, 1, 1)
    )
    return child


def test_the_worklist_logs_the_children_it_names(client, caseworker, my_child):
    client.force_login(caseworker)
    client.get(reverse("cases:worklist"))
    (row,) = _shown(Child)
    assert (row.action, row.object_pks, row.user) == ("list", [str(my_child.pk)], caseworker)


def test_an_edit_form_of_a_child_logs_the_child(client, caseworker, my_child):
    client.force_login(caseworker)
    url = reverse("cases:update", kwargs={"public_id": my_child.public_id})
    client.get(url)
    (row,) = _shown(Child)
    assert (row.action, row.object_pk, row.path) == ("view", str(my_child.pk), url)


def test_the_hotline_family_search_logs_the_query_and_the_families_found(client, on_call, home):
    family = FamilyFactory(municipality=home, name="Familien Juhl")
    FamilyFactory(municipality=home, name="Familien Berg")
    client.force_login(on_call)
    client.get(reverse("hotline:register"), {"q": "Juhl"})
    (row,) = _shown(Family)
    assert (row.action, row.object_pks) == ("search", [str(family.pk)])
    assert row.details["filters"] == {"q": "Juhl"}


def test_the_hotline_search_page_without_a_query_logs_nothing(client, on_call):
    client.force_login(on_call)
    client.get(reverse("hotline:register"))
    assert not AccessLog.objects.exists()


def test_the_inbox_logs_the_calls_and_their_families(client, home):
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home)
    family = FamilyFactory(municipality=home, consultant=consultant)
    follow_up = FollowUpFactory(call__family=family, owner=consultant)
    client.force_login(consultant)
    client.get(reverse("hotline:inbox"))
    assert [r.object_pks for r in _shown(Family)] == [[str(family.pk)]]
    assert {
        r.model for r in ContentType.objects.filter(pk__in=AccessLog.objects.values("content_type"))
    } == {
        "family",
        "hotlinecall",
    }
    assert (
        str(follow_up.call.pk)
        in AccessLog.objects.get(
            action="list", object_pks__len=1, content_type__model="hotlinecall"
        ).object_pks
    )


def test_the_supervisors_home_logs_the_families_of_the_sessions(client, home):
    supervisor = UserFactory(role=Role.SUPERVISOR, municipality=home)
    family = FamilyFactory(municipality=home)
    SupervisionSessionFactory(municipality=home, families=[family], supervisor=supervisor)
    client.force_login(supervisor)
    client.get(reverse("supervision:supervisor_home"))
    assert [r.object_pks for r in _shown(Family)] == [[str(family.pk)]]


def test_a_course_runs_page_logs_the_families_of_the_enrolled(client, home, consultant):
    from supervision.models import Enrolment

    run = CourseRunFactory(course_kind__municipality=home)
    member = FamilyMemberFactory(family=FamilyFactory(municipality=home))
    Enrolment.objects.create(run=run, member=member)
    client.force_login(consultant)
    client.get(reverse("supervision:run_detail", kwargs={"public_id": run.public_id}))
    assert [r.object_pks for r in _shown(Family)] == [[str(member.family_id)]]


def test_a_session_page_logs_the_session_and_its_families(client, home, manager):
    family = FamilyFactory(municipality=home)
    session = SupervisionSessionFactory(municipality=home, families=[family])
    client.force_login(manager)
    client.get(reverse("supervision:session_detail", kwargs={"public_id": session.public_id}))
    logged = {(r.content_type.model, r.object_pk) for r in AccessLog.objects.all()}
    assert logged == {("supervisionsession", str(session.pk)), ("family", str(family.pk))}


def test_a_page_that_fails_logs_nothing(client, caseworker, other_municipality):
    theirs = ChildFactory(municipality=other_municipality)
    client.force_login(caseworker)
    assert (
        client.get(reverse("cases:update", kwargs={"public_id": theirs.public_id})).status_code
        == 404
    )
    assert not AccessLog.objects.exists()


# --- who looked at a record (GDPR art. 15) ------------------------------------------------
def test_the_record_log_holds_its_pages_and_the_lists_it_was_among(home, caseworker, manager):
    child, other = ChildFactory(municipality=home), ChildFactory(municipality=home)
    log_access(user=caseworker, instance=child, path="/boern/x/")
    log_access(user=caseworker, instance=other, path="/boern/y/")
    log_access_rows(user=manager, model=Child, action="list", records=[other, child])
    log_access_rows(user=manager, model=Child, action="list", records=[other])
    log_access_rows(user=manager, model=Family, action="list", records=[child.pk])  # not a child
    rows = list(access_log_for(instance=child))
    assert [(r.user, r.action) for r in rows] == [(manager, "list"), (caseworker, "view")]


def test_a_manager_reads_who_looked_at_a_child(client, manager, caseworker, my_child):
    client.force_login(caseworker)
    client.get(reverse("cases:detail", kwargs={"public_id": my_child.public_id}))
    client.get(reverse("cases:worklist"))
    client.force_login(manager)
    detail = client.get(reverse("cases:detail", kwargs={"public_id": my_child.public_id}))
    url = reverse("cases:access_log", kwargs={"public_id": my_child.public_id})
    assert url in detail.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert [(r.user, r.action, r.path) for r in rows] == [
        (manager, "view", detail.request["PATH_INFO"]),
        (caseworker, "list", reverse("cases:worklist")),
        (caseworker, "view", detail.request["PATH_INFO"]),
    ]
    assert caseworker.full_name in response.content.decode()
    # Reading the log is a look at the record too (shown the next time).
    assert access_log_for(instance=my_child).first().path == url


def test_a_manager_reads_who_looked_at_a_family(client, manager, consultant, home):
    family = FamilyFactory(municipality=home, consultant=consultant)
    client.force_login(consultant)
    client.get(reverse("families:detail", kwargs={"public_id": family.public_id}))
    client.get(reverse("families:update", kwargs={"public_id": family.public_id}))
    client.force_login(manager)
    response = client.get(reverse("families:access_log", kwargs={"public_id": family.public_id}))
    rows = list(response.context["page"].object_list)
    assert [r.user for r in rows] == [consultant, consultant]
    assert (
        "Hvem har set oplysningerne"
        in client.get(
            reverse("families:detail", kwargs={"public_id": family.public_id})
        ).content.decode()
    )


def test_only_managers_see_the_link_to_the_record_log(client, caseworker, my_child):
    client.force_login(caseworker)
    body = client.get(reverse("cases:detail", kwargs={"public_id": my_child.public_id}))
    assert (
        reverse("cases:access_log", kwargs={"public_id": my_child.public_id})
        not in body.content.decode()
    )


def test_a_search_for_a_nul_character_is_logged_without_it(client, manager):
    """PostgreSQL's text and JSON cannot hold NUL: the log drops it, the page answers."""
    client.force_login(manager)
    response = client.get(reverse("families:list"), {"q": "før\x00efter"})
    assert response.status_code == 200
    assert AccessLog.objects.get().details["filters"]["q"] == "førefter"
