"""The admin and personal data (fostercare.audit.admin.TenantAdmin): a municipality's
administrator sees CPR numbers masked and no confidential notes; every list and
record the admin shows is access-logged, a superuser's reads included; choices of
another municipality are refused and never named."""

import pytest
from django.urls import reverse

from fostercare.accounts.models import Role
from fostercare.audit.models import AccessLog
from supervision.models import SupervisionSession
from tests.factories import (
    ChildFactory,
    CourseRunFactory,
    FamilyFactory,
    FamilyMemberFactory,
    SupervisionSessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOTES = "Plejemor fortalte om barnets mareridt efter samvær."
AGREEMENTS = "Ny samværsplan drøftes med rådgiver."


@pytest.fixture
def superuser(home):
    return UserFactory(role=Role.ADMIN, municipality=home, is_superuser=True)


@pytest.fixture
def child(home):
    return ChildFactory(municipality=home, cpr="120315-4321", needs="Angst om natten")


@pytest.fixture
def session(home):
    return SupervisionSessionFactory(
        municipality=home, families=[FamilyFactory(municipality=home)], notes=NOTES,
        agreements=AGREEMENTS,
    )  # fmt: skip


def _session_data(client, session) -> dict:
    """The session's admin form as the page sends it back."""
    form = client.get(_change(session)).context["adminform"].form
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    return data | {
        "starts_at_0": session.starts_at.date().isoformat(),
        "starts_at_1": "10:00",
        "families": ",".join(str(f.pk) for f in session.families.all()),
        "members": "",
    }


def _change(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


# --- F2: CPR masked, confidential text left out -----------------------------------------
def test_municipal_admin_sees_the_childs_cpr_masked_and_not_its_needs(client, admin_user, child):
    client.force_login(admin_user)
    body = client.get(_change(child)).content.decode()
    assert "120315-XXXX" in body
    assert "4321" not in body
    assert "Angst om natten" not in body


def test_municipal_admin_sees_no_supervision_notes(client, admin_user, session):
    client.force_login(admin_user)
    body = client.get(_change(session)).content.decode()
    assert session.theme in body
    assert NOTES not in body
    assert AGREEMENTS not in body


def test_municipal_admin_cannot_search_the_notes(client, admin_user, session):
    client.force_login(admin_user)
    url = reverse("admin:supervision_supervisionsession_changelist")
    response = client.get(url, {"q": "mareridt"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_saving_a_session_in_the_admin_keeps_its_notes(client, admin_user, session):
    client.force_login(admin_user)
    data = _session_data(client, session) | {
        "theme": "Nyt tema",
    }
    response = client.post(_change(session), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    session.refresh_from_db()
    assert (session.theme, session.notes, session.agreements) == ("Nyt tema", NOTES, AGREEMENTS)


def test_member_cpr_is_masked_and_kept_when_left_masked(client, admin_user, home):
    member = FamilyMemberFactory(family=FamilyFactory(municipality=home), cpr="010170-1234")
    client.force_login(admin_user)
    form = client.get(_change(member)).context["adminform"].form
    assert form.initial["cpr"] == "010170-XXXX"
    data = {
        "family": member.family_id,
        "kind": member.kind,
        "full_name": "Hanne Kjær",
        "cpr": "010170-XXXX",
        "birth_year": "",
        "phone": "",
        "occupation": "",
    }
    assert client.post(_change(member), data).status_code == 302
    member.refresh_from_db()
    assert (member.full_name, member.cpr) == ("Hanne Kjær", "010170-1234")


def test_a_superuser_sees_the_notes_and_the_read_is_logged(client, superuser, session, child):
    client.force_login(superuser)
    assert NOTES in client.get(_change(session)).content.decode()
    client.get(_change(child))
    logged = {(r.content_type.model, r.object_pk, r.user_id) for r in AccessLog.objects.all()}
    assert ("supervisionsession", str(session.pk), superuser.pk) in logged
    assert ("child", str(child.pk), superuser.pk) in logged


# --- F3: the admin's lists and records are access-logged ----------------------------------
def test_an_admin_list_is_logged_with_the_records_on_the_page(client, admin_user, home):
    children = [ChildFactory(municipality=home) for _ in range(3)]
    client.force_login(admin_user)
    client.get(reverse("admin:cases_child_changelist"), {"q": "a"})
    client.get(reverse("admin:cases_child_changelist"))
    search, listing = AccessLog.objects.order_by("pk")
    assert (search.action, search.details["filters"]) == ("search", {"q": "a"})
    assert listing.action == "list"
    assert sorted(listing.object_pks) == sorted(str(c.pk) for c in children)
    assert listing.details["rows"] == 3


def test_reference_data_in_the_admin_is_not_access_logged(client, admin_user):
    client.force_login(admin_user)
    client.get(reverse("admin:workdays_officeclosure_changelist"))
    assert not AccessLog.objects.exists()


# --- F5: another municipality's course run -------------------------------------------------
def test_a_session_refuses_another_municipalitys_course_run_and_does_not_name_it(
    client, admin_user, session, other_municipality
):
    theirs = CourseRunFactory(course_kind__municipality=other_municipality)
    theirs.course_kind.name = "Odenses hemmelige kursus"
    theirs.course_kind.save()
    client.force_login(admin_user)
    data = _session_data(client, session) | {
        "run": theirs.pk,
    }
    response = client.post(_change(session), data)
    assert response.status_code == 200
    assert "run" in response.context["adminform"].form.errors
    assert "Odenses hemmelige kursus" not in response.content.decode()
    assert SupervisionSession.objects.get(pk=session.pk).run is None


def test_a_session_accepts_its_own_municipalitys_course_run(client, admin_user, session, home):
    ours = CourseRunFactory(course_kind__municipality=home)
    client.force_login(admin_user)
    data = _session_data(client, session) | {
        "run": ours.pk,
    }
    assert client.post(_change(session), data).status_code == 302
    assert SupervisionSession.objects.get(pk=session.pk).run == ours
