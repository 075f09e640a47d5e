import pytest
from datetime import date
from django.urls import reverse
from django.test.utils import CaptureQueriesContext
from django.db import connection

from families.models import Family, AssessmentCriterionKind, NetworkAssessment, Approval, FeeAgreement
from fostercare.audit.models import ChangeLog
from tests.factories import ApprovalFactory, FamilyFactory, FamilyMemberFactory, ChildFactory

pytestmark = pytest.mark.django_db


def make(home, n):
    for i in range(n):
        f = FamilyFactory(municipality=home)
        ApprovalFactory(family=f, valid_to=date(2027, 1, 1))
        FamilyMemberFactory(family=f)


@pytest.mark.parametrize("role", ["consultant", "on_call"])
def test_probe(client, request, home, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    url = reverse("families:list")
    make(home, 3)
    with CaptureQueriesContext(connection) as q1:
        r = client.get(url, {"q": "Familien"})
    make(home, 30)
    with CaptureQueriesContext(connection) as q2:
        r = client.get(url, {"q": "Familien"})
    print(len(q1), len(q2), r.context["page"].paginator.count)
    with CaptureQueriesContext(connection) as q1:
        r = client.get(reverse("families:detail", kwargs={"public_id": Family.objects.first().public_id}))
    print(len(q1), r.templates[0].name)
    for q in q1.captured_queries: print(q["sql"][:150])
