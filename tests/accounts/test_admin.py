"""The admin: only the admin role gets in; it sees its own municipality; changes are logged."""

import pytest
from django.conf import settings
from django.urls import reverse

from fostercare.accounts.models import Role
from fostercare.audit.models import ChangeLog
from fostercare.workdays.models import OfficeClosure
from tests.factories import OfficeClosureFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_url_comes_from_settings():
    assert reverse("admin:index") == "/" + settings.ADMIN_URL


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_other_roles_cannot_open_admin(client, make_user, role):
    client.force_login(make_user(role, is_staff=True))  # even with the flag set by mistake
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:accounts_user_changelist",
        "admin:accounts_municipality_changelist",
        "admin:audit_changelog_changelist",
        "admin:audit_accesslog_changelist",
        "admin:workdays_officeclosure_changelist",
        "admin:workdays_calendarsettings_changelist",
        "admin:axes_accessattempt_changelist",
        "admin:axes_accesslog_changelist",
        "admin:axes_accessfailurelog_changelist",
        "admin:cases_child_changelist",
        "admin:cases_placement_changelist",
        "admin:cases_placementchange_changelist",
        "admin:cases_caseworkerassignment_changelist",
        "admin:cases_actionplan_changelist",
        "admin:cases_statutoryvisit_changelist",
        "admin:families_family_changelist",
        "admin:families_approval_changelist",
        "admin:families_networkassessment_changelist",
        "admin:economics_feeagreement_changelist",
        "admin:economics_feerenegotiation_changelist",
        "admin:economics_boardandlodgingrate_changelist",
        "admin:economics_feeunitrate_changelist",
        "admin:economics_economicssettings_changelist",
        "admin:economics_expenseapplication_changelist",
        "admin:economics_expensedecision_changelist",
        "admin:economics_decisionletter_changelist",
        "admin:families_familymember_changelist",
        "admin:families_consultantassignment_changelist",
        "admin:hotline_hotlinecall_changelist",
        "admin:hotline_followup_changelist",
    ],
)
def test_admin_pages_are_searchable_and_open(client, admin_user, url_name):
    client.force_login(admin_user)
    response = client.get(reverse(url_name), {"q": "a"})
    assert response.status_code == 200


def test_admin_sees_only_own_municipality(client, admin_user, outsider, caseworker):
    client.force_login(admin_user)
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert caseworker.email in response.text
    assert outsider.email not in response.text
    assert client.get(reverse("admin:accounts_user_change", args=[outsider.pk])).status_code == 302


def test_admin_change_writes_change_log(client, admin_user, home):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:workdays_officeclosure_add"),
        {"municipality": home.pk, "date": "2026-12-28", "reason": "Juleferie"},
    )
    assert response.status_code == 302
    closure = OfficeClosure.objects.get(municipality=home, date="2026-12-28")
    entry = ChangeLog.objects.get(object_pk=str(closure.pk), action="create")
    assert entry.actor == admin_user
    assert entry.changes["reason"] == "Juleferie"


def test_admin_cannot_create_closure_for_another_municipality(
    client, admin_user, other_municipality
):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:workdays_officeclosure_add"),
        {"municipality": other_municipality.pk, "date": "2026-12-28", "reason": "x"},
    )
    assert response.status_code == 200  # form error, nothing saved
    assert not OfficeClosure.objects.exists()


def test_duplicate_closure_gets_a_message(client, admin_user, home):
    OfficeClosureFactory(municipality=home, date="2026-12-28")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:workdays_officeclosure_add"),
        {"municipality": home.pk, "date": "2026-12-28", "reason": "igen"},
    )
    assert response.status_code == 200
    assert "allerede registreret som lukket" in response.text
    assert OfficeClosure.objects.count() == 1


def test_admin_update_logs_old_and_new_values(client, admin_user, home):
    closure = OfficeClosureFactory(municipality=home, date="2026-12-28", reason="Jul")
    client.force_login(admin_user)
    client.post(
        reverse("admin:workdays_officeclosure_change", args=[closure.pk]),
        {"municipality": home.pk, "date": "2026-12-28", "reason": "Juleferie"},
    )
    entry = ChangeLog.objects.get(object_pk=str(closure.pk), action="update")
    assert entry.changes == {"reason": ["Jul", "Juleferie"]}


def test_audit_logs_are_read_only(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:audit_changelog_add")).status_code == 403


def test_admin_can_create_user_with_role(client, admin_user, home):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "ny@test.example",
            "full_name": "Ny Rådgiver",
            "role": Role.CASEWORKER,
            "municipality": home.pk,
            "phone": "",
            "manager": "",
            "password1": "a-long-password-42",
            "password2": "a-long-password-42",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content
    user = UserFactory._meta.model.objects.get(email="ny@test.example")
    assert not user.is_staff
    assert ChangeLog.objects.filter(object_pk=str(user.pk), action="create").exists()


def test_admin_unlocks_only_own_municipality_lockouts(client, admin_user, caseworker, outsider):
    from axes.models import AccessAttempt

    for user in (caseworker, outsider):
        AccessAttempt.objects.create(
            username=user.email, ip_address="127.0.0.1", user_agent="t", failures_since_start=5
        )
    client.force_login(admin_user)
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert caseworker.email in response.text
    assert outsider.email not in response.text


def test_every_model_is_in_the_admin():
    """Registered, or shown inline on its parent's admin page."""
    from django.apps import apps
    from django.contrib import admin as django_admin

    ours = [
        model
        for model in apps.get_models()
        if model._meta.app_label
        in {"accounts", "audit", "workdays", "families", "cases", "hotline", "supervision"}
        and not model._meta.auto_created
    ]
    inline = {
        inline_class.model
        for model_admin in django_admin.site._registry.values()
        for inline_class in model_admin.inlines
    }
    missing = [
        m._meta.label for m in ours if not django_admin.site.is_registered(m) and m not in inline
    ]
    assert missing == []
