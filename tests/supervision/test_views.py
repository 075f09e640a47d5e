"""Supervision pages: logging a session from the family page, note confidentiality,
course administration and the obligation flags on "My families"."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from fostercare.accounts.models import Role
from fostercare.audit.models import AccessLog
from supervision.models import Enrolment, SupervisionSession
from tests.factories import (
    CourseKindFactory,
    CourseRunFactory,
    FamilyFactory,
    FamilyMemberFactory,
    SupervisionSessionFactory,
    UserFactory,
)
from tests.supervision.test_selectors import network_family

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(home):
    return UserFactory(role=Role.SUPERVISOR, municipality=home)


def test_family_page_links_to_logging_with_the_family_preselected(client, consultant, home):
    family = FamilyFactory(municipality=home, consultant=consultant)
    parent = FamilyMemberFactory(family=family)
    FamilyMemberFactory(family=family, kind="own_child", birth_year=2015)
    client.force_login(consultant)
    page = client.get(reverse("families:detail", kwargs={"public_id": family.public_id}))
    url = f"{reverse('supervision:session_add')}?familie={family.public_id}"
    assert url in page.content.decode()
    form = client.get(url).context["form"]
    assert list(form.initial["families"]) == [family]
    assert form.initial["members"] == [parent]


def test_a_group_session_with_several_families_in_one_form(client, consultant, supervisor, home):
    families = [FamilyFactory(municipality=home) for _ in range(3)]
    member = FamilyMemberFactory(family=families[1])
    client.force_login(consultant)
    response = client.post(
        reverse("supervision:session_add"),
        {
            "families": [f.pk for f in families],
            "members": [member.pk],
            "supervisor": supervisor.pk,
            "starts_at": "2025-09-02T10:00",
            "duration_minutes": 150,
            "location": "institution",
            "theme": "Samvær med forældre",
            "notes": "Fortroligt",
        },
    )
    session = SupervisionSession.objects.get()
    assert response.url == reverse(
        "supervision:session_detail", kwargs={"public_id": session.public_id}
    )
    assert set(session.families.all()) == set(families)
    assert list(session.members.all()) == [member]


def test_bad_session_shows_a_danish_message_and_saves_nothing(client, consultant, supervisor, home):
    family = FamilyFactory(municipality=home)
    client.force_login(consultant)
    response = client.post(
        reverse("supervision:session_add"),
        {
            "families": [family.pk],
            "supervisor": supervisor.pk,
            "starts_at": "2025-09-02T10:00",
            "duration_minutes": 0,
            "location": "home",
            "theme": "Samvær",
        },
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 200
    assert "Varigheden skal være mere end nul minutter" in response.content.decode()
    assert not SupervisionSession.objects.exists()


@pytest.mark.parametrize(
    ("role", "reads"),
    [
        (Role.CASEWORKER, False),
        (Role.MANAGER, True),
    ],
)
def test_session_page_shows_notes_only_to_those_who_may(client, home, make_user, role, reads):
    session = SupervisionSessionFactory(municipality=home, notes="Hemmelig note")
    client.force_login(make_user(role))
    response = client.get(
        reverse("supervision:session_detail", kwargs={"public_id": session.public_id})
    )
    assert response.status_code == 200
    assert ("Hemmelig note" in response.content.decode()) is reads
    assert session.theme in response.content.decode()  # that it happened is not secret
    assert AccessLog.objects.filter(object_pk=str(session.pk)).exists()


def test_family_consultant_reads_notes_another_consultant_does_not(client, home, consultant):
    family = FamilyFactory(municipality=home, consultant=consultant)
    session = SupervisionSessionFactory(municipality=home, families=[family], notes="Hemmelig")
    url = reverse("supervision:session_detail", kwargs={"public_id": session.public_id})
    client.force_login(consultant)
    assert "Hemmelig" in client.get(url).content.decode()
    client.force_login(UserFactory(role=Role.CONSULTANT, municipality=home))
    assert "Hemmelig" not in client.get(url).content.decode()
    notes_url = reverse("supervision:session_notes", kwargs={"public_id": session.public_id})
    assert client.get(notes_url).status_code == 404


def test_caseworker_sees_on_the_family_page_that_supervision_happened(client, home, caseworker):
    session = SupervisionSessionFactory(municipality=home, notes="Hemmelig")
    family = session.families.get()
    client.force_login(caseworker)
    page = client.get(
        reverse("families:detail", kwargs={"public_id": family.public_id}) + "?del=supervision"
    )
    content = page.content.decode()
    assert session.theme in content
    assert "Hemmelig" not in content


def test_supervisor_page_lists_only_their_sessions(client, home, supervisor):
    mine = SupervisionSessionFactory(municipality=home, supervisor=supervisor, theme="Min")
    SupervisionSessionFactory(municipality=home, theme="Andens")
    client.force_login(supervisor)
    content = client.get(reverse("supervision:supervisor_home")).content.decode()
    assert mine.theme in content
    assert "Andens" not in content


def test_supervisor_writes_notes(client, home, supervisor):
    session = SupervisionSessionFactory(municipality=home, supervisor=supervisor, notes="")
    client.force_login(supervisor)
    client.post(
        reverse("supervision:session_notes", kwargs={"public_id": session.public_id}),
        {"theme": session.theme, "notes": "Godt forløb", "agreements": "Ny aftale"},
    )
    session.refresh_from_db()
    assert (session.notes, session.agreements) == ("Godt forløb", "Ny aftale")


def test_enrolment_and_printable_attendance_list(client, home, consultant):
    run = CourseRunFactory(course_kind=CourseKindFactory(municipality=home), capacity=1)
    first, second = (FamilyMemberFactory(family=FamilyFactory(municipality=home)) for _ in "ab")
    client.force_login(consultant)
    enrol = reverse("supervision:enrol", kwargs={"public_id": run.public_id})
    client.post(enrol, {"member": first.pk, "status": "enrolled"})
    response = client.post(
        enrol, {"member": second.pk, "status": "enrolled"}, HTTP_ACCEPT_LANGUAGE="da"
    )
    assert "Kursusholdet er fuldt" in response.content.decode()
    assert Enrolment.objects.count() == 1
    detail = reverse("supervision:run_detail", kwargs={"public_id": run.public_id})
    printed = client.get(detail, {"print": 1}).content.decode()
    assert first.full_name in printed
    enrolment = Enrolment.objects.get()
    client.post(
        reverse("supervision:attendance", kwargs={"public_id": run.public_id}),
        {f"attended-{enrolment.pk}": "on"},
    )
    enrolment.refresh_from_db()
    assert enrolment.attended is True


def test_my_families_flags_obligations(client, home, consultant):
    family, _ = network_family(home)
    family.consultant_assignments.update(consultant=consultant)
    client.force_login(consultant)
    content = client.get(reverse("dashboard:my_families")).content.decode()
    assert "text-bg-danger" in content


def test_coverage_page_moved_to_the_dashboard(client, home, manager):
    network_family(home, placed_on=date(2025, 1, 1))
    client.force_login(manager)
    response = client.get(reverse("supervision:coverage"), follow=True)
    assert response.redirect_chain == [("/overblik/supervision/", 302)]
    coverage = next(
        f
        for s in response.context["sections"]
        for f in s.figures
        if f.key == "supervision.coverage"
    )
    assert coverage.now.whole == 1


def test_supervisor_logs_only_their_own_sessions_for_their_families(client, home, supervisor):
    theirs = SupervisionSessionFactory(municipality=home, supervisor=supervisor).families.get()
    FamilyFactory(municipality=home)  # a family they do not supervise
    client.force_login(supervisor)
    form = client.get(reverse("supervision:session_add")).context["form"]
    assert list(form.fields["families"].queryset) == [theirs]
    assert list(form.fields["supervisor"].queryset) == [supervisor]


def test_supervision_course_from_the_family_page_and_its_extension(
    client, home, consultant, supervisor
):
    family = FamilyFactory(municipality=home, consultant=consultant)
    client.force_login(consultant)
    url = reverse("supervision:course_add", kwargs={"public_id": family.public_id})
    data = {
        "kind": "individual",
        "supervisor": supervisor.pk,
        "goal": "Ro omkring samvær",
        "planned_sessions": 5,
        "session_minutes": 90,
        "starts_on": "2025-09-01",
        "consultant_takes_part": "on",
    }
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="da")
    assert "Konsulenten deltager kun, hvis familien ønsker det" in response.content.decode()
    assert not family.supervision_courses.exists()
    client.post(url, data | {"family_wishes_consultant": "on"})
    course = family.supervision_courses.get()
    extend = reverse(
        "supervision:course_extend",
        kwargs={"public_id": family.public_id, "course_id": course.public_id},
    )
    client.post(extend, {"extra_sessions": 2, "reason": "Ny bekymring"})
    course.refresh_from_db()
    assert course.planned_sessions == 7
    page = client.get(
        reverse("families:detail", kwargs={"public_id": family.public_id}) + "?del=supervision"
    )
    assert "Ny bekymring" in page.content.decode()


def test_yearly_plan_shows_runs_and_group_sessions_without_family_names(client, home, consultant):
    run = CourseRunFactory(course_kind=CourseKindFactory(municipality=home, name="Grundkursus A"))
    families = [FamilyFactory(municipality=home, name=f"Familien Gruppe{n}") for n in range(2)]
    SupervisionSessionFactory(
        municipality=home,
        families=families,
        theme="Gruppesupervision om skole",
        starts_at=datetime(2025, 10, 7, 19, tzinfo=ZoneInfo("Europe/Copenhagen")),
    )
    SupervisionSessionFactory(municipality=home, theme="Individuel", starts_at=timezone.now())
    client.force_login(consultant)
    content = client.get(reverse("supervision:year_plan"), {"aar": run.starts_on.year})
    text = content.content.decode()
    assert "Grundkursus A" in text and "Gruppesupervision om skole" in text
    assert "Individuel" not in text and "Gruppe0" not in text


def test_exception_is_recorded_from_the_family_page(client, home, consultant):
    family, placement = network_family(home)
    family.consultant_assignments.update(consultant=consultant)
    client.force_login(consultant)
    page = client.get(
        reverse("families:detail", kwargs={"public_id": family.public_id}) + "?del=supervision"
    )
    url = reverse("supervision:exception_add", kwargs={"public_id": family.public_id})
    assert url in page.content.decode()
    response = client.post(url, {"placement": placement.pk, "reason": " ", "recorded_on": ""})
    assert response.status_code == 200
    client.post(
        url,
        {"placement": placement.pk, "reason": "Barnet skal falde til", "recorded_on": "2025-04-01"},
    )
    assert placement.intensive_support_exception.reason == "Barnet skal falde til"


@pytest.mark.parametrize("count", [1, 6])
def test_list_pages_run_a_fixed_number_of_queries(
    client, home, supervisor, manager, django_assert_max_num_queries, count
):
    for n in range(count):
        run = CourseRunFactory(course_kind=CourseKindFactory(municipality=home, name=f"K{n}"))
        Enrolment.objects.create(run=run, member=FamilyMemberFactory(family__municipality=home))
        SupervisionSessionFactory(
            municipality=home,
            supervisor=supervisor,
            starts_at=timezone.now() + timedelta(days=n + 1),
        )
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("supervision:courses")).status_code == 200
    client.force_login(supervisor)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("supervision:supervisor_home")).status_code == 200


@pytest.mark.parametrize(("role", "reads"), [(Role.CASEWORKER, False), (Role.MANAGER, True)])
def test_the_session_page_shows_earlier_versions_of_the_notes_to_those_who_may(
    client, home, make_user, supervisor, role, reads
):
    session = SupervisionSessionFactory(municipality=home, supervisor=supervisor, notes="")
    client.force_login(supervisor)
    url = reverse("supervision:session_notes", kwargs={"public_id": session.public_id})
    for text in ("Første note", "Anden note"):
        client.post(url, {"theme": session.theme, "notes": text, "agreements": ""})
    client.force_login(make_user(role))
    page = client.get(
        reverse("supervision:session_detail", kwargs={"public_id": session.public_id})
    )
    content = page.content.decode()
    assert ('data-testid="note-versions"' in content) is reads
    assert ("Første note" in content) is reads
    if reads:
        assert supervisor.full_name in content


@pytest.mark.parametrize(("weeks", "warned"), [(1, False), (40, True)])
def test_a_session_planned_after_the_familys_deadline_is_saved_with_a_warning(
    client, home, consultant, supervisor, weeks, warned
):
    family, _placement = network_family(home, placed_on=timezone.localdate())
    client.force_login(consultant)
    planned = timezone.localtime() + timedelta(weeks=weeks)
    response = client.post(
        reverse("supervision:session_add"),
        {
            "families": [family.pk],
            "supervisor": supervisor.pk,
            "starts_at": f"{planned:%Y-%m-%d}T10:00",
            "duration_minutes": 90,
            "location": "home",
            "theme": "Opstart",
        },
        follow=True,
    )
    assert SupervisionSession.objects.count() == 1
    shown = [str(m) for m in response.context["messages"]]
    assert any("efter" in m and family.name in m for m in shown) is warned
