import pytest

from fostercare.accounts.models import Role
from fostercare.accounts.permissions import PERMISSIONS, actions_for, role_may


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        (Role.CASEWORKER, "start.view", True),
        (Role.ON_CALL, "calendar.view", True),
        (Role.CASEWORKER, "admin.access", False),
        (Role.MANAGER, "admin.access", False),
        (Role.ADMIN, "admin.access", True),
    ],
)
def test_role_may(role, action, allowed):
    assert role_may(role, action) is allowed


def test_unknown_action_fails_loudly():
    with pytest.raises(KeyError, match="add it to PERMISSIONS"):
        role_may(Role.CASEWORKER, "families.vieww")


def test_every_action_is_named_area_dot_verb_and_has_roles():
    for action, roles in PERMISSIONS.items():
        area, _, verb = action.partition(".")
        assert area and verb, action
        assert roles <= set(Role), action


def test_actions_for_role():
    assert "admin.access" in actions_for(Role.ADMIN)
    assert "admin.access" not in actions_for(Role.ON_CALL)


@pytest.mark.django_db
def test_inactive_user_can_do_nothing(make_user):
    user = make_user(Role.ADMIN, is_active=False)
    assert not user.can("start.view")
