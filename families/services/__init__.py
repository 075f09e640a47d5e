"""Every write to the foster-family register, split by sub-domain. Each function
validates, saves in one transaction and writes the change log. The app's write API is
re-exported here: callers use ``from families import services``."""

from families.services.approvals import approval_create, approval_update, approvals_expire_due
from families.services.assessments import (
    ConditionInput,
    CriterionInput,
    network_assessment_decide,
    network_assessment_start,
    network_assessment_update,
)
from families.services.families import (
    family_consultant_change,
    family_create,
    family_member_add,
    family_member_remove,
    family_member_update,
    family_update,
)

__all__ = [
    "ConditionInput",
    "CriterionInput",
    "approval_create",
    "approval_update",
    "approvals_expire_due",
    "family_consultant_change",
    "family_create",
    "family_member_add",
    "family_member_remove",
    "family_member_update",
    "family_update",
    "network_assessment_decide",
    "network_assessment_start",
    "network_assessment_update",
]
