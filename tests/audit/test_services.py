import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.views.generic import DetailView

from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.accounts.models import Municipality
from fostercare.audit.mixins import AccessLoggedMixin
from fostercare.audit.models import AccessLog, ChangeLog
from fostercare.audit.services import diff, log_change, snapshot

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ({"a": 1, "b": 2}, {"a": 1, "b": 3}, {"b": [2, 3]}),
        ({}, {"a": 1}, {"a": [None, 1]}),
        ({"a": 1}, {"a": 1}, {}),
    ],
)
def test_diff(before, after, expected):
    assert diff(before, after) == expected


def test_snapshot_is_json_safe_and_never_holds_passwords(caseworker):
    data = snapshot(caseworker)
    assert "password" not in data
    assert data["municipality"] == caseworker.municipality_id
    assert isinstance(data["public_id"], str)


def test_change_log_masks_cpr_numbers(caseworker, home):
    entry = log_change(
        actor=caseworker,
        instance=home,
        action="update",
        changes={"note": ["CPR 010203-1234", "CPR 0102031235"]},
    )
    entry.refresh_from_db()
    assert entry.changes == {"note": ["CPR 010203-XXXX", "CPR 010203-XXXX"]}
    assert entry.actor_repr == str(caseworker)
    assert entry.content_type == ContentType.objects.get_for_model(Municipality)


def test_a_cpr_number_typed_with_a_space_or_dots_in_a_note_is_masked_in_the_log(client, home):
    """Through a real page: a consultant writes a foster parent's CPR number into the
    family's notes the way people write it; the change log keeps it masked."""
    from django.urls import reverse

    from fostercare.accounts.models import Role
    from tests.factories import FamilyFactory, UserFactory

    consultant = UserFactory(role=Role.CONSULTANT, municipality=home)
    family = FamilyFactory(municipality=home, consultant=consultant)
    client.force_login(consultant)
    notes = "Plejemor 120714 4135, plejefar 12.07.14-4136."
    response = client.post(
        reverse("families:update", kwargs={"public_id": family.public_id}),
        {
            "name": family.name, "street": family.street, "postal_code": "8000",
            "city": "Aarhus", "phone": family.phone, "notes": notes,
        },
    )  # fmt: skip
    assert response.status_code == 302
    entry = ChangeLog.objects.get(object_pk=str(family.pk), action="update")
    assert entry.changes["notes"][1] == "Plejemor 120714-XXXX, plejefar 120714-XXXX."
    assert "4135" not in str(entry.changes)


def test_change_log_without_actor_is_system(home):
    entry = log_change(actor=None, instance=home, action="create")
    assert entry.actor is None and entry.actor_repr == "system"
    assert ChangeLog.objects.count() == 1


class MunicipalityPage(RoleRequiredMixin, AccessLoggedMixin, DetailView):
    """A stand-in for a child's or family's page: the pattern later apps use."""

    permission = "start.view"
    model = Municipality
    template_name = "404.html"

    def get_queryset(self):
        return Municipality.objects.filter(pk=self.request.user.municipality_id)


def test_access_logged_mixin_writes_one_row_per_view(caseworker, home):
    request = RequestFactory().get(f"/m/{home.pk}/")
    request.user = caseworker
    response = MunicipalityPage.as_view()(request, pk=home.pk)
    assert response.status_code == 200
    log = AccessLog.objects.get()
    assert (log.user, log.object_pk, log.path) == (caseworker, str(home.pk), f"/m/{home.pk}/")


def test_access_logged_mixin_logs_nothing_for_outsiders(outsider, home):
    from django.http import Http404

    request = RequestFactory().get("/")
    request.user = outsider
    with pytest.raises(Http404):
        MunicipalityPage.as_view()(request, pk=home.pk)
    assert not AccessLog.objects.exists()
