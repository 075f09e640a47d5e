"""The forms of the foster-family pages (families/views.py) with bad input: the form
again, with a Danish message at the right field, and nothing saved; an empty or
tampered POST is no 500.

Who may open which page is tests/test_permission_matrix.py's job; here a user who
may is logged in and the pages are used as a person would use them.

The Danish messages are the msgstr of locale/da/LC_MESSAGES/django.po (Django's
own messages come from Django's Danish catalogue).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest

from fostercare.accounts.models import Role
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    FamilyMemberFactory,
    UserFactory,
    consultant_of,
)
from tests.families.services.support import db_state
from tests.families.views.support import (
    CHILD_CPR,
    CRITERIA,
    INVALID_CHOICE,
    Request,
    World,
    approval_data,
    assessment_data,
    consultant_data,
    decision_data,
    family_data,
    management,
    member_data,
    network_data,
    new_family_data,
    page,
    pending_assessment,
    text,
)

pytestmark = pytest.mark.django_db


# --- Danish messages (msgstr in locale/da/LC_MESSAGES/django.po, or Django's own) -------
REQUIRED = "Dette felt er påkrævet."
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
    ["create", "update", "consultant", "member_add", "approval_add", "assessment_add"],
)
def test_empty_post_shows_required_fields_and_saves_nothing(client, w, name):
    url = page(name) if name == "create" else page(name, w.family)
    before = db_state()
    response = client.post(url, {})
    assert response.status_code == 200
    assert REQUIRED in text(response)
    assert response.context["form"].errors
    assert db_state() == before
