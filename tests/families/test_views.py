"""The foster-family pages (families/views.py) through the HTTP layer.

Who may open which page is tests/test_permission_matrix.py's job; here a user who
may is logged in and the pages are used as a person would use them: every form
saves through its service and goes back to the family page, every bad input gives
the form again with a Danish message at the right field and nothing saved, the
family page is access-logged and shows on-call responders only the short version,
ids of another family's records are a 404, and the list pages find, filter and
page without a query per family.

The Danish messages are the msgstr of locale/da/LC_MESSAGES/django.po (Django's
own messages come from Django's Danish catalogue).
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from families.models import (
    Approval,
    AssessmentCriterionKind,
    ConsultantAssignment,
    Family,
    FeeAgreement,
    FeeRenegotiation,
    NetworkAssessment,
)
from fostercare.accounts.models import Role
from fostercare.audit.models import AccessLog, ChangeLog
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    ConsultantAssignmentFactory,
    FamilyFactory,
    FamilyMemberFactory,
    UserFactory,
)
from tests.families.test_services import FeeAgreementFactory, NetworkAssessmentFactory, db_state

pytestmark = pytest.mark.django_db

CHILD_CPR = "120315-4321"

# --- Danish messages (msgstr in locale/da/LC_MESSAGES/django.po, or Django's own) -------
REQUIRED = "Dette felt er påkrævet."
INVALID_CHOICE = "Marker en gyldig valgmulighed."
NOT_NEGATIVE = "Denne værdi skal være større end eller lig 0."
INVALID_EMAIL = "Indtast en gyldig e-mail-adresse."
MANAGEMENT_FORM = "ManagementForm-data mangler"
CPR_FORMAT = "Et CPR-nummer har ti cifre og skrives DDMMÅÅ-XXXX."
CPR_DATE = "De første seks cifre i et CPR-nummer skal være en gyldig dato (DDMMÅÅ)."
POSTAL_CODE = "Et postnummer har fire cifre."
OWN_CHILD_BIRTH_YEAR = "Angiv fødselsåret for familiens eget barn."
SAME_CONSULTANT = "Det er allerede familiens konsulent."
CONSULTANT_STARTS_BEFORE = "Den nye konsulent kan ikke starte før den nuværende."
REASON_FOR_CHANGE = "Angiv årsagen til skiftet."
APPROVAL_ENDS_BEFORE_START = "Godkendelsen kan ikke slutte, før den begynder."
APPROVAL_NEEDS_DATES = "En givet godkendelse skal have en afgørelsesdato og en startdato."
SECOND_GENERAL = "Familien har allerede en gældende generel godkendelse."
GENERAL_BY_SOCIALTILSYN = "Generelle godkendelser gives af Socialtilsyn."
NETWORK_BY_MUNICIPALITY = "En netværksplejefamilie godkendes af den anbringende kommune."
NEEDS_CHILD = "gælder ét bestemt barn: vælg barnet."
ONLY_CHILD_SPECIFIC_NAME_A_CHILD = (
    "Kun godkendelser som netværksplejefamilie og konkrete godkendelser angiver et barn."
)
STATUS_REASON = "Angiv årsagen til, at godkendelsen er suspenderet eller ophørt."
LEGACY_ABOLISHED = "Konkrete og kommunale godkendelser blev afskaffet 1. juli 2019."
UNKNOWN_CHILD = "Der er ikke registreret noget barn med dette CPR-nummer i kommunen."
ASSESSORS = "En vurdering har én eller to vurderende konsulenter."
CONDITION_NEEDS_DATE = "Angiv, hvornår støtten senest skal iværksættes."
CONDITION_NEEDS_DESCRIPTION = "Beskriv støtten."
SUPPORT_BEFORE_ASSESSMENT = "Støtten kan ikke iværksættes før vurderingens start."
ASSESSMENT_DECIDED = "En afgjort vurdering kan ikke ændres."
ALREADY_DECIDED = "Vurderingen er allerede afgjort."
DECISION_BEFORE_START = "Afgørelsen kan ikke ligge før vurderingens start."
FEE_NEEDS_GENERAL = "Kun en familie med en gældende generel godkendelse får vederlag."
FEE_NEGATIVE = "Beløbet kan ikke være negativt."
FEE_ENDS_BEFORE_START = "Aftalen kan ikke slutte, før den begynder."
FEE_ALREADY_OPEN = "Familien har allerede en løbende vederlagsaftale."
RAISED_MUST_BE_HIGHER = "Et forhøjet vederlag skal være højere end det nuværende."
LOWERED_MUST_BE_LOWER = "Et nedsat vederlag skal være lavere end det nuværende."
NEW_AMOUNT_NEEDED = "Angiv det nye månedlige beløb."
RENEGOTIATION_BEFORE_AGREEMENT = "Genforhandlingen kan ikke ligge før aftalen."
NEW_FEE_SAME_DAY = "Et nyt vederlag skal begynde efter starten på den nuværende aftale."
ONLY_OPEN_AGREEMENT = "Kun den løbende vederlagsaftale kan genforhandles."
NO_MATCH = "Ingen familier matcher søgningen."
EXPIRES_SOON = "udløber snart"
NO_FAMILIES_OF_MINE = "Du er ikke fast konsulent for nogen familie."


# --- the world a test works in ------------------------------------------------------------
@dataclass
class World:
    home: object
    me: object  # the logged-in family-care consultant
    family: Family  # a family of ours, with ``me`` as its fixed consultant
    other: Family  # another family of the same municipality
    child: object  # a child of the municipality, CPR CHILD_CPR
    odense: object  # another municipality
    successor: object = None  # a consultant a test hands the family to


@pytest.fixture
def w(client, home, other_municipality) -> World:
    me = UserFactory(role=Role.CONSULTANT, municipality=home, full_name="Rune Holm")
    client.force_login(me)
    return World(
        home=home,
        me=me,
        family=FamilyFactory(municipality=home, name="Familien Mortensen", consultant=me),
        other=FamilyFactory(municipality=home, name="Familien Nabo"),
        child=ChildFactory(
            municipality=home, first_name="Emma", last_name="Ravnsborg", cpr=CHILD_CPR
        ),
        odense=other_municipality,
    )


def page(name: str, family: Family | None = None, **kwargs) -> str:
    if family is not None:
        kwargs["public_id"] = family.public_id
    return reverse(f"families:{name}", kwargs=kwargs)


def text(response) -> str:
    """The page as a reader sees it (entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())


def consultant_of(home, **kwargs):
    return UserFactory(role=Role.CONSULTANT, municipality=home, **kwargs)


# --- POST data as the rendered forms send it -------------------------------------------------
def family_data(**changes) -> dict:
    return {
        "name": "Familien Mortensen",
        "street": "Skovvej 12",
        "postal_code": "8240",
        "city": "Risskov",
        "district": "Nord",
        "phone": "22 33  44 55",
        "phone_secondary": "",
        "email": "mortensen@example.dk",
        "languages": "dansk, engelsk",
        "notes": "",
    } | changes


def new_family_data(w: World, **changes) -> dict:
    return (
        family_data(name="Familien Kjær", consultant=w.me.pk, consultant_from="2026-03-01")
        | changes
    )


def member_data(**changes) -> dict:
    return {
        "kind": "foster_parent",
        "full_name": "Hanne Kjær",
        "cpr": "010170-1234",
        "birth_year": "",
        "phone": "",
        "occupation": "Pædagog",
    } | changes


def consultant_data(consultant, **changes) -> dict:
    return {"consultant": consultant.pk, "starts_on": "2026-03-01", "reason": "Ny fordeling"} | (
        changes
    )


def approval_data(**changes) -> dict:
    return {
        "type": "almen",
        "approving_body": "socialtilsyn",
        "decision_date": "2025-01-15",
        "valid_from": "2025-02-01",
        "valid_to": "",
        "capacity_full_time": "2",
        "capacity_respite": "1",
        "status": "approved",
        "status_reason": "",
        "child_cpr": "",
    } | changes


def network_data(**changes) -> dict:
    return (
        approval_data(
            type="netvaerk",
            approving_body="municipality",
            capacity_full_time="1",
            capacity_respite="0",
            child_cpr=CHILD_CPR,
        )
        | changes
    )


def management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


CRITERIA = AssessmentCriterionKind.values


def assessment_data(w: World, *, conditions=(), criteria: dict | None = None, **changes) -> dict:
    """The whole assessment page in one POST: the form, the 16 criteria rows (all
    initial, as the page renders them) and two condition rows (extra)."""
    data = {
        "child_cpr": "1203154321",
        "started_on": "2026-01-05",
        "relation_rating": "1",
        "relation_to_child": "Moster til Emma; har passet hende hver weekend i tre år.",
        "assessors": [w.me.pk],
        "alignment_meeting_on": "2026-02-10",
        "alignment_participants": "Familien, Rune Holm",
        "alignment_notes": "Samvær hver anden weekend.",
        **management("criteria", len(CRITERIA), len(CRITERIA)),
        **management("conditions", 2, 0),
    }
    for i, kind in enumerate(CRITERIA):
        rating, note = (criteria or {}).get(kind, (str(1 + i % 4), f"Note om {kind}"))
        data |= {
            f"criteria-{i}-criterion": kind,
            f"criteria-{i}-rating": rating,
            f"criteria-{i}-note": note,
        }
    for i in range(2):
        description, start_by, started_on = conditions[i] if i < len(conditions) else ("", "", "")
        data |= {
            f"conditions-{i}-description": description,
            f"conditions-{i}-start_by": start_by,
            f"conditions-{i}-started_on": started_on,
        }
    return data | changes


def decision_data(**changes) -> dict:
    return {
        "outcome": "approved",
        "reason": "Stærk og stabil relation; familien kan holde grænser.",
        "decided_on": "2026-02-01",
        "valid_from": "",
        "valid_to": "",
    } | changes


def fee_data(**changes) -> dict:
    return {
        "level": "4 vederlagsenheder",
        "monthly_amount": "21500.00",
        "valid_from": "2025-03-01",
        "valid_to": "",
        "note": "",
    } | changes


def renegotiation_data(**changes) -> dict:
    return {
        "date": "2025-09-01",
        "requested_by": "family",
        "reason": "Barnet har fået større støttebehov.",
        "result": "raised",
        "new_level": "5 vederlagsenheder",
        "new_amount": "26000.00",
        "notes": "",
    } | changes


# --- records the pages are about --------------------------------------------------------------
def pending_assessment(family: Family, **kwargs) -> NetworkAssessment:
    return NetworkAssessmentFactory(family=family, started_on=date(2026, 1, 5), **kwargs)


def open_agreement(family: Family) -> FeeAgreement:
    """An open fee agreement (20 000 kr. from 1 January 2025) of a generally approved family."""
    if not family.approvals.exists():
        ApprovalFactory(family=family)
    return FeeAgreementFactory(family=family)


# =============================================================================================
# 1. A valid POST saves through the service and goes to the family page
# =============================================================================================
Request = Callable[[World], tuple[str, dict]]


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


def _fee(w: World):
    ApprovalFactory(family=w.family)
    return page("fee_add", w.family), fee_data()


def _check_fee(w: World) -> Family:
    agreement = w.family.fee_agreements.get()
    assert (agreement.level, agreement.monthly_amount, agreement.valid_from) == (
        "4 vederlagsenheder",
        Decimal("21500.00"),
        date(2025, 3, 1),
    )
    return w.family


def _renegotiate(w: World):
    agreement = open_agreement(w.family)
    return page("fee_renegotiate", w.family, agreement_id=agreement.pk), renegotiation_data()


def _renegotiate_unchanged(w: World):
    agreement = open_agreement(w.family)
    data = renegotiation_data(result="unchanged", new_level="", new_amount="")
    return page("fee_renegotiate", w.family, agreement_id=agreement.pk), data


def _check_unchanged(w: World) -> Family:
    agreement = w.family.fee_agreements.get()
    assert (agreement.monthly_amount, agreement.valid_to) == (Decimal("20000.00"), None)
    renegotiation = agreement.renegotiations.get()
    assert (renegotiation.result, renegotiation.new_agreement) == ("unchanged", None)
    return w.family


def _check_renegotiated(w: World) -> Family:
    old, new = w.family.fee_agreements.order_by("valid_from")
    assert (old.monthly_amount, old.valid_to) == (Decimal("20000.00"), date(2025, 8, 31))
    assert (new.level, new.monthly_amount, new.valid_from, new.valid_to) == (
        "5 vederlagsenheder",
        Decimal("26000.00"),
        date(2025, 9, 1),
        None,
    )
    renegotiation = FeeRenegotiation.objects.get()
    assert (renegotiation.agreement, renegotiation.new_agreement, renegotiation.result) == (
        old,
        new,
        "raised",
    )
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
    pytest.param(Change(_fee, _check_fee, _logged("feeagreement:create")), id="fee-agreement"),
    pytest.param(
        Change(
            _renegotiate,
            _check_renegotiated,
            _logged("feeagreement:update", "feeagreement:create", "feerenegotiation:create"),
        ),
        id="fee-renegotiation-raised",
    ),
    pytest.param(
        Change(_renegotiate_unchanged, _check_unchanged, _logged("feerenegotiation:create")),
        id="fee-renegotiation-unchanged",
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


# =============================================================================================
# 2. Bad input: the form again, a Danish message at the right field, nothing saved
# =============================================================================================
@dataclass(frozen=True)
class Bad:
    request: Request
    where: str | None  # form field; None: top of the form; "formset.row.field"/"formset.nonform"
    message: str


def errors_at(response, where: str | None) -> list[str]:
    context = response.context
    if where is None:
        return list(context["form"].non_field_errors())
    if "." not in where:
        return list(context["form"].errors.get(where, []))
    formset, row, *field = where.split(".")
    if row == "nonform":
        return list(context[formset].non_form_errors())
    return list(context[formset].forms[int(row)].errors.get(field[0], []))


def _second_general(w: World):
    ApprovalFactory(family=w.family)
    return page("approval_add", w.family), approval_data(type="forstaerket")


def _revive_general(w: World):
    """An expired general approval cannot be made current next to a current one."""
    ApprovalFactory(family=w.family)
    expired = ApprovalFactory(
        family=w.family,
        type="almen",
        decision_date=date(2020, 1, 1),
        valid_from=date(2020, 2, 1),
        valid_to=date(2023, 12, 31),
        status="expired",
    )
    data = approval_data(decision_date="2020-01-01", valid_from="2020-02-01", valid_to="")
    return page("approval_edit", w.family, approval_id=expired.public_id), data


def _edit_approval_with(**changes) -> Request:
    def request(w: World):
        approval = ApprovalFactory(family=w.family)
        data = approval_data(decision_date="2024-01-15", valid_from="2024-02-01") | changes
        return page("approval_edit", w.family, approval_id=approval.public_id), data

    return request


def _member_edit_with(**changes) -> Request:
    def request(w: World):
        member = FamilyMemberFactory(family=w.family, full_name="Hanne Kjær", cpr="010170-1234")
        return page("member_edit", w.family, member_id=member.pk), member_data(**changes)

    return request


def _decide_with(**changes) -> Request:
    def request(w: World):
        assessment = pending_assessment(w.family, child=w.child)
        url = page("assessment_decide", w.family, assessment_id=assessment.public_id)
        return url, decision_data(**changes)

    return request


def _decide_again(w: World):
    assessment = pending_assessment(
        w.family,
        child=w.child,
        outcome="rejected",
        outcome_reason="Relationen er for svag.",
        decided_on=date(2026, 1, 20),
    )
    url = page("assessment_decide", w.family, assessment_id=assessment.public_id)
    return url, decision_data()


def _edit_decided_assessment(w: World):
    assessment = pending_assessment(
        w.family,
        child=w.child,
        assessors=[w.me],
        outcome="withdrawn",
        outcome_reason="Familien trak sig.",
        decided_on=date(2026, 1, 20),
    )
    url = page("assessment_edit", w.family, assessment_id=assessment.public_id)
    return url, assessment_data(w)


def _assess_with(*, conditions=(), criteria=None, drop=(), **changes) -> Request:
    def request(w: World):
        data = assessment_data(w, conditions=conditions, criteria=criteria, **changes)
        for key in drop:
            del data[key]
        return page("assessment_add", w.family), data

    return request


def _fee_with(approved: bool = True, **changes) -> Request:
    def request(w: World):
        if approved:
            ApprovalFactory(family=w.family)
        return page("fee_add", w.family), fee_data(**changes)

    return request


def _second_fee(w: World):
    open_agreement(w.family)
    return page("fee_add", w.family), fee_data()


def _renegotiate_with(**changes) -> Request:
    def request(w: World):
        agreement = open_agreement(w.family)
        url = page("fee_renegotiate", w.family, agreement_id=agreement.pk)
        return url, renegotiation_data(**changes)

    return request


def _renegotiate_closed(w: World):
    agreement = open_agreement(w.family)
    agreement.valid_to = date(2025, 6, 30)
    agreement.save()
    url = page("fee_renegotiate", w.family, agreement_id=agreement.pk)
    return url, renegotiation_data(result="unchanged", new_amount="", date="2025-05-01")


def _consultant_with(who: Callable[[World], object], **changes) -> Request:
    def request(w: World):
        return page("consultant", w.family), consultant_data(who(w), **changes)

    return request


def _odense_child_cpr(w: World):
    ChildFactory(municipality=w.odense, cpr="010316-4000")
    return page("approval_add", w.family), network_data(child_cpr="010316-4000")


def _create_with(**changes) -> Request:
    return lambda w: (page("create"), new_family_data(w, **changes))


def _create_with_consultant(who: Callable[[World], object]) -> Request:
    return lambda w: (page("create"), new_family_data(w, consultant=who(w).pk))


def _update_with(**changes) -> Request:
    return lambda w: (page("update", w.family), family_data(**changes))


def _add_member_with(**changes) -> Request:
    return lambda w: (page("member_add", w.family), member_data(**changes))


def _add_approval_with(**changes) -> Request:
    return lambda w: (page("approval_add", w.family), approval_data(**changes))


def _add_network_with(**changes) -> Request:
    return lambda w: (page("approval_add", w.family), network_data(**changes))


def _odense_consultant(w: World):
    return consultant_of(w.odense)


def _three_assessors(w: World):
    assessors = [w.me.pk, consultant_of(w.home).pk, consultant_of(w.home).pk]
    return _assess_with(assessors=assessors)(w)


BAD_INPUT = [
    # create family
    pytest.param(Bad(_create_with(name=""), "name", REQUIRED), id="create-no-name"),
    pytest.param(Bad(_create_with(phone="  "), "phone", REQUIRED), id="create-blank-phone"),
    pytest.param(
        Bad(_create_with(consultant=""), "consultant", REQUIRED), id="create-no-consultant"
    ),
    pytest.param(
        Bad(_create_with(postal_code="12"), None, POSTAL_CODE), id="create-postal-code-12"
    ),
    pytest.param(Bad(_create_with(email="jensen@"), "email", INVALID_EMAIL), id="create-bad-email"),
    pytest.param(
        Bad(
            _create_with(consultant_from="2026-02-30"), "consultant_from", "Indtast en gyldig dato."
        ),
        id="create-bad-date",
    ),
    pytest.param(
        Bad(
            _create_with_consultant(lambda w: UserFactory(municipality=w.home)),
            "consultant",
            INVALID_CHOICE,
        ),
        id="create-caseworker-as-consultant",
    ),
    pytest.param(
        Bad(_create_with_consultant(_odense_consultant), "consultant", INVALID_CHOICE),
        id="create-consultant-of-another-municipality",
    ),
    pytest.param(
        Bad(
            _create_with_consultant(lambda w: consultant_of(w.home, is_active=False)),
            "consultant",
            INVALID_CHOICE,
        ),
        id="create-inactive-consultant",
    ),
    # edit family
    pytest.param(Bad(_update_with(postal_code="12"), None, POSTAL_CODE), id="edit-postal-code-12"),
    pytest.param(Bad(_update_with(name=""), "name", REQUIRED), id="edit-no-name"),
    pytest.param(Bad(_update_with(street="", city=""), "street", REQUIRED), id="edit-no-address"),
    # members
    pytest.param(Bad(_add_member_with(cpr="320105-1234"), "cpr", CPR_DATE), id="member-cpr-day-32"),
    pytest.param(
        Bad(_add_member_with(cpr="290201-4123"), "cpr", CPR_DATE), id="member-cpr-29-feb-2001"
    ),
    pytest.param(Bad(_add_member_with(cpr="12345"), "cpr", CPR_FORMAT), id="member-cpr-too-short"),
    pytest.param(Bad(_add_member_with(full_name=""), "full_name", REQUIRED), id="member-no-name"),
    pytest.param(Bad(_add_member_with(kind=""), "kind", REQUIRED), id="member-no-kind"),
    pytest.param(
        Bad(_add_member_with(kind="neighbour"), "kind", INVALID_CHOICE), id="member-unknown-kind"
    ),
    pytest.param(
        Bad(_add_member_with(kind="own_child", cpr=""), None, OWN_CHILD_BIRTH_YEAR),
        id="member-own-child-without-birth-year",
    ),
    pytest.param(
        Bad(_member_edit_with(cpr="320105-1234"), "cpr", CPR_DATE), id="member-edit-cpr-day-32"
    ),
    pytest.param(
        Bad(_member_edit_with(full_name=""), "full_name", REQUIRED), id="member-edit-no-name"
    ),
    # consultant change
    pytest.param(
        Bad(_consultant_with(lambda w: w.me), "consultant", SAME_CONSULTANT), id="consultant-same"
    ),
    pytest.param(
        Bad(
            _consultant_with(lambda w: consultant_of(w.home), starts_on="2023-12-31"),
            "starts_on",
            CONSULTANT_STARTS_BEFORE,
        ),
        id="consultant-starts-before-current",
    ),
    pytest.param(
        Bad(
            _consultant_with(lambda w: consultant_of(w.home), reason=""),
            "reason",
            REASON_FOR_CHANGE,
        ),
        id="consultant-no-reason",
    ),
    pytest.param(
        Bad(
            _consultant_with(lambda w: UserFactory(municipality=w.home, role=Role.MANAGER)),
            "consultant",
            INVALID_CHOICE,
        ),
        id="consultant-manager",
    ),
    # new approval
    pytest.param(
        Bad(
            _add_approval_with(valid_from="2025-02-01", valid_to="2025-01-31"),
            None,
            APPROVAL_ENDS_BEFORE_START,
        ),
        id="approval-ends-before-start",
    ),
    pytest.param(
        Bad(_add_approval_with(capacity_full_time="-1"), "capacity_full_time", NOT_NEGATIVE),
        id="approval-negative-capacity",
    ),
    pytest.param(
        Bad(_add_approval_with(capacity_respite="-2"), "capacity_respite", NOT_NEGATIVE),
        id="approval-negative-respite",
    ),
    pytest.param(Bad(_add_approval_with(type=""), "type", REQUIRED), id="approval-no-type"),
    pytest.param(Bad(_add_approval_with(status=""), "status", REQUIRED), id="approval-no-status"),
    pytest.param(
        Bad(_add_approval_with(decision_date=""), None, APPROVAL_NEEDS_DATES),
        id="approval-approved-without-decision-date",
    ),
    pytest.param(
        Bad(_second_general, "type", SECOND_GENERAL), id="approval-second-current-general"
    ),
    pytest.param(
        Bad(
            _add_approval_with(approving_body="municipality"),
            "approving_body",
            GENERAL_BY_SOCIALTILSYN,
        ),
        id="approval-general-by-municipality",
    ),
    pytest.param(
        Bad(
            _add_network_with(approving_body="socialtilsyn"),
            "approving_body",
            NETWORK_BY_MUNICIPALITY,
        ),
        id="approval-network-by-socialtilsyn",
    ),
    pytest.param(
        Bad(
            _add_approval_with(status="suspended", status_reason=""), "status_reason", STATUS_REASON
        ),
        id="approval-suspended-without-reason",
    ),
    pytest.param(
        Bad(
            _add_approval_with(
                type="kommunal", approving_body="municipality", decision_date="2020-01-01"
            ),
            "type",
            LEGACY_ABOLISHED,
        ),
        id="approval-legacy-after-2019",
    ),
    pytest.param(
        Bad(_add_network_with(child_cpr="320105-1234"), "child_cpr", CPR_DATE),
        id="approval-child-cpr-invalid-date",
    ),
    pytest.param(
        Bad(_add_network_with(child_cpr="1203"), "child_cpr", CPR_FORMAT),
        id="approval-child-cpr-partial",
    ),
    pytest.param(
        Bad(_add_network_with(child_cpr="120315-4322"), "child_cpr", UNKNOWN_CHILD),
        id="approval-child-cpr-unknown",
    ),
    pytest.param(
        Bad(_odense_child_cpr, "child_cpr", UNKNOWN_CHILD),
        id="approval-child-of-another-municipality",
    ),
    pytest.param(
        Bad(_add_approval_with(child_cpr=CHILD_CPR), "child_cpr", ONLY_CHILD_SPECIFIC_NAME_A_CHILD),
        id="approval-general-names-a-child",
    ),
    pytest.param(
        Bad(_add_network_with(child_cpr=""), "child_cpr", NEEDS_CHILD),
        id="approval-network-without-child",
    ),
    # edit approval
    pytest.param(
        Bad(_edit_approval_with(valid_to="2024-01-31"), None, APPROVAL_ENDS_BEFORE_START),
        id="approval-edit-ends-before-start",
    ),
    pytest.param(
        Bad(
            _edit_approval_with(status="terminated", status_reason=" "),
            "status_reason",
            STATUS_REASON,
        ),
        id="approval-edit-terminated-without-reason",
    ),
    pytest.param(
        Bad(_edit_approval_with(capacity_full_time="-1"), "capacity_full_time", NOT_NEGATIVE),
        id="approval-edit-negative-capacity",
    ),
    pytest.param(
        Bad(_revive_general, "type", SECOND_GENERAL), id="approval-edit-revives-second-general"
    ),
    # assessment
    pytest.param(Bad(_assess_with(child_cpr=""), "child_cpr", REQUIRED), id="assessment-no-child"),
    pytest.param(
        Bad(_assess_with(child_cpr="320105-1234"), "child_cpr", CPR_DATE),
        id="assessment-child-cpr-invalid-date",
    ),
    pytest.param(
        Bad(_assess_with(child_cpr="120315-4322"), "child_cpr", UNKNOWN_CHILD),
        id="assessment-child-cpr-unknown",
    ),
    pytest.param(
        Bad(_assess_with(assessors=[]), "assessors", REQUIRED), id="assessment-no-assessors"
    ),
    pytest.param(
        Bad(_assess_with(relation_rating=""), "relation_rating", REQUIRED),
        id="assessment-no-relation-rating",
    ),
    pytest.param(
        Bad(_assess_with(relation_to_child=""), "relation_to_child", REQUIRED),
        id="assessment-no-relation",
    ),
    pytest.param(
        Bad(_assess_with(started_on=""), "started_on", REQUIRED), id="assessment-no-start"
    ),
    pytest.param(
        Bad(_three_assessors, "assessors", ASSESSORS),
        id="assessment-three-assessors",
    ),
    pytest.param(
        Bad(
            _assess_with(conditions=[("Supervision", "", "")]),
            "conditions.0.start_by",
            CONDITION_NEEDS_DATE,
        ),
        id="assessment-condition-without-date",
    ),
    pytest.param(
        Bad(
            _assess_with(conditions=[("", "2026-12-15", "")]),
            "conditions.0.description",
            CONDITION_NEEDS_DESCRIPTION,
        ),
        id="assessment-condition-without-description",
    ),
    pytest.param(
        Bad(
            _assess_with(conditions=[("Supervision", "2026-12-15", "2025-12-01")]),
            None,
            SUPPORT_BEFORE_ASSESSMENT,
        ),
        id="assessment-support-started-before-assessment",
    ),
    pytest.param(
        Bad(_assess_with(criteria={"home": ("9", "")}), "criteria.1.rating", INVALID_CHOICE),
        id="assessment-unknown-rating",
    ),
    pytest.param(
        Bad(
            _assess_with(drop=["criteria-TOTAL_FORMS", "criteria-INITIAL_FORMS"]),
            "criteria.nonform",
            MANAGEMENT_FORM,
        ),
        id="assessment-without-criteria-management-form",
    ),
    pytest.param(
        Bad(_edit_decided_assessment, None, ASSESSMENT_DECIDED), id="assessment-edit-after-decision"
    ),
    # decision
    pytest.param(Bad(_decide_with(reason=""), "reason", REQUIRED), id="decide-without-reasons"),
    pytest.param(Bad(_decide_with(reason="   "), "reason", REQUIRED), id="decide-blank-reasons"),
    pytest.param(Bad(_decide_with(outcome=""), "outcome", REQUIRED), id="decide-without-outcome"),
    pytest.param(
        Bad(_decide_with(outcome="pending"), "outcome", INVALID_CHOICE), id="decide-pending"
    ),
    pytest.param(
        Bad(_decide_with(decided_on="2025-12-31"), None, DECISION_BEFORE_START),
        id="decide-before-assessment-started",
    ),
    pytest.param(
        Bad(_decide_with(valid_to="2026-01-31"), None, APPROVAL_ENDS_BEFORE_START),
        id="decide-approval-ends-before-start",
    ),
    pytest.param(Bad(_decide_again, None, ALREADY_DECIDED), id="decide-twice"),
    # fee agreement
    pytest.param(
        Bad(_fee_with(approved=False), None, FEE_NEEDS_GENERAL), id="fee-without-general-approval"
    ),
    pytest.param(
        Bad(_fee_with(valid_from="2024-01-01"), None, FEE_NEEDS_GENERAL),
        id="fee-before-the-approval",
    ),
    pytest.param(Bad(_fee_with(monthly_amount="-1"), None, FEE_NEGATIVE), id="fee-negative"),
    pytest.param(
        Bad(_fee_with(valid_to="2025-02-28"), None, FEE_ENDS_BEFORE_START),
        id="fee-ends-before-start",
    ),
    pytest.param(Bad(_fee_with(level=""), "level", REQUIRED), id="fee-no-level"),
    pytest.param(Bad(_fee_with(monthly_amount=""), "monthly_amount", REQUIRED), id="fee-no-amount"),
    pytest.param(Bad(_second_fee, None, FEE_ALREADY_OPEN), id="fee-second-open-agreement"),
    # fee renegotiation
    pytest.param(
        Bad(_renegotiate_with(new_amount="15000"), "new_amount", RAISED_MUST_BE_HIGHER),
        id="renegotiation-raise-to-lower",
    ),
    pytest.param(
        Bad(_renegotiate_with(new_amount=""), "new_amount", NEW_AMOUNT_NEEDED),
        id="renegotiation-raise-without-amount",
    ),
    pytest.param(
        Bad(
            _renegotiate_with(result="lowered", new_amount="25000"),
            "new_amount",
            LOWERED_MUST_BE_LOWER,
        ),
        id="renegotiation-lower-to-higher",
    ),
    pytest.param(
        Bad(_renegotiate_with(date="2024-12-31"), "date", RENEGOTIATION_BEFORE_AGREEMENT),
        id="renegotiation-before-agreement",
    ),
    pytest.param(
        Bad(_renegotiate_with(date="2025-01-01"), "date", NEW_FEE_SAME_DAY),
        id="renegotiation-new-fee-on-the-first-day",
    ),
    pytest.param(
        Bad(_renegotiate_with(reason=""), "reason", REQUIRED), id="renegotiation-no-reason"
    ),
    pytest.param(
        Bad(_renegotiate_with(result="doubled"), "result", INVALID_CHOICE),
        id="renegotiation-unknown-result",
    ),
    pytest.param(
        Bad(_renegotiate_closed, None, ONLY_OPEN_AGREEMENT), id="renegotiation-closed-agreement"
    ),
]


@pytest.mark.parametrize("bad", BAD_INPUT)
def test_bad_input_shows_a_danish_message_at_the_field_and_saves_nothing(client, w, bad):
    url, data = bad.request(w)
    before = db_state()
    response = client.post(url, data)
    assert response.status_code == 200
    errors = errors_at(response, bad.where)
    assert any(bad.message in error for error in errors), (bad.where, errors)
    assert bad.message in text(response)
    assert db_state() == before


def test_assessment_post_with_tampered_criteria_management_form_is_not_a_500(client, w):
    data = assessment_data(w, **management("criteria", len(CRITERIA), 0))
    for i in range(len(CRITERIA)):
        data |= {f"criteria-{i}-rating": "", f"criteria-{i}-note": ""}
    before = db_state()
    response = client.post(page("assessment_add", w.family), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert db_state() == before


@pytest.mark.parametrize(
    "name",
    ["create", "update", "consultant", "member_add", "approval_add", "assessment_add", "fee_add"],
)
def test_empty_post_shows_required_fields_and_saves_nothing(client, w, name):
    url = page(name) if name == "create" else page(name, w.family)
    before = db_state()
    response = client.post(url, {})
    assert response.status_code == 200
    assert REQUIRED in text(response)
    assert response.context["form"].errors
    assert db_state() == before


# =============================================================================================
# 3. The family page: access log, the on-call version, masked CPR numbers
# =============================================================================================
@pytest.fixture
def full_family(w: World) -> Family:
    """w.family with something in every section of the page."""
    family = w.family
    Family.objects.filter(pk=family.pk).update(
        phone="86 12 34 56", notes="Hunden Bølle bor også her."
    )
    family.refresh_from_db()
    FamilyMemberFactory(family=family, full_name="Hanne Mortensen", cpr="010170-1234")
    FamilyMemberFactory(family=family, full_name="Jens Mortensen", cpr="150565-2345")
    FamilyMemberFactory(
        family=family, kind="own_child", full_name="Lise Mortensen", cpr="", birth_year=2012
    )
    ApprovalFactory(
        family=family, status="suspended", status_reason="Afventer tilsynsbesøg i marts"
    )
    ApprovalFactory(
        family=family,
        type="netvaerk",
        approving_body="municipality",
        capacity_full_time=1,
        capacity_respite=0,
        child=w.child,
    )
    FeeAgreementFactory(family=family, level="4 vederlagsenheder")
    w.me.phone = "41 41 41 41"
    w.me.save()
    return family


# A CPR number, whole or masked, that is not part of a longer word (such as a UUID).
CPR_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{6}-?(\d{4}|XXXX)(?![0-9A-Za-z])")
FULL_CPR = re.compile(r"(?<![0-9A-Za-z])\d{6}-?\d{4}(?![0-9A-Za-z])")

SECRETS = [
    "Hanne Mortensen",  # members' names
    "Jens Mortensen",
    "Lise Mortensen",
    "010170",  # CPR numbers, whole or masked
    "150565",
    "Afventer tilsynsbesøg i marts",  # an approval
    "Emma Ravnsborg",  # the child a network approval is for
    "4 vederlagsenheder",  # the fee
    "Hunden Bølle",  # notes
]


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.ON_CALL, Role.CASEWORKER, Role.MANAGER])
def test_every_view_of_the_family_page_is_access_logged(client, w, full_family, role):
    user = w.me if role == Role.CONSULTANT else UserFactory(role=role, municipality=w.home)
    client.force_login(user)
    url = page("detail", full_family)
    for views in (1, 2):
        assert client.get(url).status_code == 200
        assert AccessLog.objects.count() == views
    entry = AccessLog.objects.first()
    assert (entry.user, entry.municipality, entry.object_pk, entry.path) == (
        user,
        w.home,
        str(full_family.pk),
        url,
    )
    assert entry.content_type.model == "family"


def test_a_404_for_another_municipality_logs_no_access(client, w, outsider):
    client.force_login(outsider)
    assert client.get(page("detail", w.family)).status_code == 404
    assert not AccessLog.objects.exists()


def test_on_call_responder_gets_the_short_page(client, w, full_family):
    client.force_login(UserFactory(role=Role.ON_CALL, municipality=w.home, full_name="Vera Vagt"))
    response = client.get(page("detail", full_family))
    assert "families/detail_basic.html" in [t.name for t in response.templates]
    content = text(response)
    for shown in ("Familien Mortensen", full_family.street, "86 12 34 56"):
        assert shown in content
    assert "Rune Holm" in content  # the fixed consultant, and how to reach them
    assert "41 41 41 41" in content
    for secret in SECRETS:
        assert secret not in content, secret
    assert not CPR_LIKE.search(content)
    assert page("approval_add", full_family) not in content


def test_the_full_page_shows_what_the_short_one_leaves_out(client, w, full_family):
    """The control for the test above: the same family's full page has all of it."""
    response = client.get(page("detail", full_family))
    assert "families/detail.html" in [t.name for t in response.templates]
    content = text(response)
    for secret in SECRETS:
        if secret not in ("010170", "150565"):
            assert secret in content, secret
    assert "86 12 34 56" in content
    assert "Rune Holm" in content


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.CASEWORKER, Role.MANAGER])
def test_foster_parents_cpr_numbers_are_masked_on_the_full_page(client, w, full_family, role):
    if role != Role.CONSULTANT:
        client.force_login(UserFactory(role=role, municipality=w.home))
    content = text(client.get(page("detail", full_family)))
    assert "010170-XXXX" in content
    assert "150565-XXXX" in content
    for full in ("010170-1234", "0101701234", "150565-2345", "1505652345", CHILD_CPR):
        assert full not in content
    assert not FULL_CPR.search(content)


# =============================================================================================
# 4. Ids of another family's records are a 404, never a cross-family edit
# =============================================================================================
def _neighbours_member(w: World) -> dict:
    return {"member_id": FamilyMemberFactory(family=w.other).pk}


def _neighbours_approval(w: World) -> dict:
    return {"approval_id": ApprovalFactory(family=w.other).public_id}


def _neighbours_assessment(w: World) -> dict:
    return {"assessment_id": pending_assessment(w.other).public_id}


def _neighbours_agreement(w: World) -> dict:
    return {"agreement_id": open_agreement(w.other).pk}


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
    pytest.param(
        "fee_renegotiate", _neighbours_agreement, renegotiation_data, id="fee-renegotiate"
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


# =============================================================================================
# 5. The list page
# =============================================================================================
def listed(response) -> list[str]:
    assert response.status_code == 200
    names = [family.name for family in response.context["page"].object_list]
    content = text(response)
    for name in names:
        assert name in content
    return names


@pytest.fixture
def searchable(home, other_municipality):
    rows = [
        ("Familien Abildgaard", "Skovvej 12", "8240", "Risskov", "20 30 40 50", ""),
        ("Familien Bech", "Havnegade 3", "8000", "Aarhus C", "2233 4455", "86 12 34 56"),
        ("Familien Carlsen", "Skolevej 7", "8210", "Aarhus V", "31313131", ""),
    ]
    for name, street, postal_code, city, phone, phone_secondary in rows:
        FamilyFactory(
            municipality=home,
            name=name,
            street=street,
            postal_code=postal_code,
            city=city,
            phone=phone,
            phone_secondary=phone_secondary,
        )
        # The same household in Odense: every search would find it if it could.
        FamilyFactory(
            municipality=other_municipality,
            name=f"{name} i Odense",
            street=street,
            postal_code=postal_code,
            city=city,
            phone=phone,
            phone_secondary=phone_secondary,
        )


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        pytest.param("Abildgaard", ["Familien Abildgaard"], id="name"),
        pytest.param("familien bech", ["Familien Bech"], id="name-any-case"),
        pytest.param("  Carlsen ", ["Familien Carlsen"], id="name-with-spaces-around"),
        pytest.param(
            "Familien", ["Familien Abildgaard", "Familien Bech", "Familien Carlsen"], id="all"
        ),
        pytest.param("skovvej", ["Familien Abildgaard"], id="street"),
        pytest.param("Aarhus", ["Familien Bech", "Familien Carlsen"], id="city"),
        pytest.param("8000", ["Familien Bech"], id="postal-code"),
        pytest.param("20304050", ["Familien Abildgaard"], id="phone-digits"),
        pytest.param("20 30 40 50", ["Familien Abildgaard"], id="phone-as-stored"),
        pytest.param("22 33 44 55", ["Familien Bech"], id="phone-grouped-differently"),
        pytest.param("86123456", ["Familien Bech"], id="other-phone"),
        pytest.param("Olsen", [], id="no-match"),
    ],
)
def test_search_box_finds_by_name_address_and_phone(client, w, searchable, q, expected):
    Family.objects.filter(pk__in=[w.family.pk, w.other.pk]).delete()
    response = client.get(page("list"), {"q": q})
    assert listed(response) == expected
    assert "Odense" not in text(response).split("<main", 1)[1]
    if not expected:
        assert NO_MATCH in text(response)


@pytest.fixture
def filterable(home, other_municipality):
    """A: general, 2 places, Nord, consultant X. B: network, 1 place, Syd, Y.
    C: general suspended (no free places), Nord, X. D: only an expired reinforced
    approval, Y. Odense: a copy of A, with a consultant of its own."""
    x = consultant_of(home, full_name="Xenia Xu")
    y = consultant_of(home, full_name="Yrsa Yde")
    a = FamilyFactory(municipality=home, name="Familien A", district="Nord", consultant=x)
    ApprovalFactory(family=a)
    b = FamilyFactory(municipality=home, name="Familien B", district="Syd", consultant=y)
    ApprovalFactory(
        family=b,
        type="netvaerk",
        approving_body="municipality",
        capacity_full_time=1,
        child=ChildFactory(municipality=home),
    )
    c = FamilyFactory(municipality=home, name="Familien C", district="Nord", consultant=x)
    ApprovalFactory(family=c, status="suspended", status_reason="Tilsyn")
    d = FamilyFactory(municipality=home, name="Familien D", consultant=y)
    ApprovalFactory(
        family=d,
        type="forstaerket",
        valid_from=date(2020, 1, 1),
        valid_to=date(2023, 12, 31),
        status="expired",
    )
    odense = FamilyFactory(
        municipality=other_municipality, name="Familien A i Odense", district="Nord"
    )
    ApprovalFactory(family=odense)
    return {"x": x, "y": y, "odense_consultant": odense.consultant_assignments.get().consultant}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param({}, "ABCD", id="no-filter"),
        pytest.param({"approval_type": "almen"}, "AC", id="general-current"),
        pytest.param({"approval_type": "netvaerk"}, "B", id="network"),
        pytest.param({"approval_type": "forstaerket"}, "", id="reinforced-none-current"),
        pytest.param(
            {"approval_type": "forstaerket", "status": "expired"}, "D", id="type-and-status"
        ),
        pytest.param({"status": "suspended"}, "C", id="suspended"),
        pytest.param({"status": "expired"}, "D", id="expired"),
        pytest.param({"consultant": "x"}, "AC", id="consultant"),
        pytest.param({"consultant": "y"}, "BD", id="other-consultant"),
        pytest.param({"free_places": "true"}, "AB", id="has-places"),
        pytest.param({"free_places": "false"}, "CD", id="no-places"),
        pytest.param({"district": "Nord"}, "AC", id="district"),
        pytest.param(
            {"approval_type": "almen", "district": "Nord", "free_places": "true"},
            "A",
            id="combined",
        ),
        pytest.param(
            {"q": "Familien", "consultant": "y", "free_places": "true"},
            "B",
            id="search-and-filters",
        ),
    ],
)
def test_filters_work_through_get_parameters(client, w, filterable, params, expected):
    Family.objects.filter(pk__in=[w.family.pk, w.other.pk]).delete()
    if "consultant" in params:
        params = params | {"consultant": filterable[params["consultant"]].pk}
    response = client.get(page("list"), params)
    assert listed(response) == [f"Familien {letter}" for letter in expected]
    assert not response.context["form"].errors


def test_another_municipalitys_consultant_is_no_filter_into_their_families(client, w, filterable):
    response = client.get(page("list"), {"consultant": filterable["odense_consultant"].pk})
    assert "consultant" in response.context["form"].errors
    assert INVALID_CHOICE in text(response)
    assert "Familien A i Odense" not in listed(response)


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.CASEWORKER, Role.MANAGER, Role.ON_CALL])
def test_another_municipalitys_families_never_appear(client, w, filterable, role):
    client.force_login(UserFactory(role=role, municipality=w.home))
    for params in ({}, {"q": "Odense"}, {"district": "Nord"}, {"approval_type": "almen"}):
        response = client.get(page("list"), params)
        assert "Familien A i Odense" not in listed(response)
        assert "Familien A i Odense" not in text(response)


def test_on_call_responder_cannot_filter_by_approvals(client, w, filterable, on_call):
    Family.objects.filter(pk__in=[w.family.pk, w.other.pk]).delete()
    client.force_login(on_call)
    response = client.get(page("list"), {"status": "suspended"})
    assert listed(response) == ["Familien A", "Familien B", "Familien C", "Familien D"]


def test_on_call_list_has_no_approval_columns(client, w, filterable, on_call):
    client.force_login(on_call)
    response = client.get(page("list"))
    assert response.context["full"] is False
    assert 'name="approval_type"' not in text(response)
    assert 'name="q"' in text(response)


def _families_with_everything(home, n: int) -> None:
    for i in range(n):
        family = FamilyFactory(municipality=home, district=f"Bydel {i % 3}")
        ApprovalFactory(family=family, valid_to=date(2030, 1, 1))
        ApprovalFactory(
            family=family,
            type="netvaerk",
            approving_body="municipality",
            capacity_full_time=1,
            child=ChildFactory(municipality=home),
        )
        FamilyMemberFactory(family=family)
        ConsultantAssignmentFactory(
            family=family,
            consultant=consultant_of(home),
            starts_on=date(2023, 1, 1),
            ends_on=date(2023, 12, 31),
        )


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({}, id="plain"),
        pytest.param({"q": "Familien"}, id="search"),
        pytest.param({"q": "20", "approval_type": "almen", "free_places": "true"}, id="filters"),
    ],
)
@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.ON_CALL])
def test_list_query_count_does_not_grow_with_the_families(client, w, home, params, role):
    client.force_login(UserFactory(role=role, municipality=home))
    Family.objects.filter(pk__in=[w.family.pk, w.other.pk]).delete()
    _families_with_everything(home, 3)
    client.get(page("list"), params)  # warm any per-process caches first
    with CaptureQueriesContext(connection) as few:
        response = client.get(page("list"), params)
    shown = len(listed(response))
    _families_with_everything(home, 27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(page("list"), params)
    assert len(listed(response)) == 10 * shown
    assert len(many.captured_queries) == len(few.captured_queries)


def test_list_pages_with_side(client, w, home):
    Family.objects.filter(pk__in=[w.family.pk, w.other.pk]).delete()
    for i in range(53):
        FamilyFactory(municipality=home, name=f"Familien {i:03d}", district="Nord")
    first = client.get(page("list"), {"district": "Nord"})
    assert listed(first) == [f"Familien {i:03d}" for i in range(50)]
    assert "side=2" in text(first)
    assert "district=Nord&side=2" in text(first)  # the filters stay on the next page
    second = client.get(page("list"), {"district": "Nord", "side": "2"})
    assert listed(second) == ["Familien 050", "Familien 051", "Familien 052"]
    assert second.context["query"] == "district=Nord"
    assert listed(client.get(page("list"), {"side": "x"}))[0] == "Familien 000"
    assert listed(client.get(page("list"), {"side": "99"})) == [
        "Familien 050",
        "Familien 051",
        "Familien 052",
    ]


# =============================================================================================
# 6. My families and the figures
# =============================================================================================
def test_my_families_lists_only_my_current_families_expiring_first(client, w, home):
    today = timezone.localdate()
    Family.objects.filter(pk__in=[w.family.pk, w.other.pk]).delete()

    def mine(name, **kwargs):
        return FamilyFactory(municipality=home, name=name, consultant=w.me, **kwargs)

    calm = mine("Familien Ro")
    ApprovalFactory(family=calm, valid_to=today + timedelta(days=400))
    soon = mine("Familien Snart")
    ApprovalFactory(family=soon, valid_to=today + timedelta(days=30))
    sooner = mine("Familien Snarest")
    ApprovalFactory(family=sooner, valid_to=today + timedelta(days=10))
    edge = mine("Familien Grænse")
    ApprovalFactory(family=edge, valid_to=today + timedelta(days=90))
    mine("Familien Uden")
    ApprovalFactory(family=mine("Familien Inaktiv", is_active=False), valid_to=today)
    # No longer mine: handed to a colleague yesterday.
    handed = mine("Familien Overdraget")
    handed.consultant_assignments.update(ends_on=today - timedelta(days=1))
    ConsultantAssignmentFactory(family=handed, starts_on=today - timedelta(days=1))
    # Not yet mine: a change recorded ahead of time.
    coming = FamilyFactory(municipality=home, name="Familien Kommende")
    coming.consultant_assignments.update(ends_on=today + timedelta(days=7))
    ConsultantAssignmentFactory(family=coming, consultant=w.me, starts_on=today + timedelta(days=7))
    # A colleague's family.
    ApprovalFactory(
        family=FamilyFactory(municipality=home, name="Familien Kollega"), valid_to=today
    )

    response = client.get(reverse("dashboard:my_families"))
    assert response.status_code == 200
    families = list(response.context["families"])
    assert [f.name for f in families] == [
        "Familien Snarest",
        "Familien Snart",
        "Familien Grænse",
        "Familien Ro",
        "Familien Uden",
    ]
    assert [f.name for f in families if f.expiring] == [
        "Familien Snarest",
        "Familien Snart",
        "Familien Grænse",
    ]
    rows = {
        name: row
        for row in re.findall(r"<tr.*?</tr>", response.content.decode(), flags=re.S)
        for name in [f.name for f in families]
        if name in row
    }
    for family in families:
        assert ('class="table-warning"' in rows[family.name]) is family.expiring, family.name
        assert (EXPIRES_SOON in rows[family.name]) is family.expiring, family.name
    content = text(response)
    for name in ("Kollega", "Inaktiv", "Overdraget", "Kommende"):
        assert f"Familien {name}" not in content


def test_my_families_query_count_does_not_grow(client, w, home):
    def add(n):
        for _ in range(n):
            family = FamilyFactory(municipality=home, consultant=w.me)
            ApprovalFactory(family=family, valid_to=timezone.localdate() + timedelta(days=30))

    add(2)
    client.get(reverse("dashboard:my_families"))
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(reverse("dashboard:my_families")).context["families"]) == 3
    add(20)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(reverse("dashboard:my_families")).context["families"]) == 23
    assert len(many.captured_queries) == len(few.captured_queries)


def test_my_families_is_empty_for_a_consultant_without_families(client, home):
    client.force_login(consultant_of(home))
    FamilyFactory(municipality=home)
    response = client.get(reverse("dashboard:my_families"))
    assert list(response.context["families"]) == []
    assert NO_FAMILIES_OF_MINE in text(response)


def test_stats_page_numbers_for_a_manager(client, w, home, other_municipality, manager):
    Family.objects.filter(pk__in=[w.family.pk, w.other.pk]).delete()
    general = FamilyFactory(municipality=home)
    ApprovalFactory(family=general, capacity_full_time=2)
    suspended = FamilyFactory(municipality=home)
    ApprovalFactory(family=suspended, type="forstaerket", status="suspended", status_reason="x")
    network = FamilyFactory(municipality=home)
    ApprovalFactory(
        family=network,
        type="netvaerk",
        approving_body="municipality",
        capacity_full_time=1,
        child=ChildFactory(municipality=home),
    )
    pending_assessment(network)
    expired = FamilyFactory(municipality=home)
    ApprovalFactory(
        family=expired, valid_from=date(2020, 1, 1), valid_to=date(2023, 12, 31), status="expired"
    )
    ApprovalFactory(family=FamilyFactory(municipality=home, is_active=False))
    FamilyFactory(municipality=home)  # no approval yet
    odense = FamilyFactory(municipality=other_municipality)
    ApprovalFactory(family=odense, capacity_full_time=5)

    client.force_login(manager)
    response = client.get(page("stats"))
    assert response.status_code == 200
    counts = response.context["counts"]
    assert {k: counts[k] for k in ("active", "approved", "general", "network", "places")} == {
        "active": 5,
        "approved": 3,
        "general": 2,
        "network": 1,
        "places": 3,
    }
    assert counts["share_general"] == 67
    assert counts["pending_assessments"] == 1
    # In the order of ApprovalType and ApprovalStatus; the inactive family is left out.
    assert [n for _, n in counts["by_type"]] == [1, 1, 0, 1, 0, 0]
    assert [n for _, n in counts["by_status"]] == [0, 2, 1, 1, 0]
    content = text(response)
    assert re.search(r'data-testid="active">\s*5\s*<', content)
    assert "Aktive familier" in content
    assert "67 %" in content
