"""What the tests of the foster-family pages (families/views.py) share: the world a test
works in (a logged-in consultant, a family of theirs, a neighbour family, a child), the
pages' URLs, a page as a reader sees it, POST data as the rendered forms send it, and
the records the pages are about.
"""

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from families.models import AssessmentCriterionKind, Family, NetworkAssessment
from fostercare.accounts.models import Role
from tests.factories import (
    ChildFactory,
    FamilyFactory,
    NetworkAssessmentFactory,
    UserFactory,
)

CHILD_CPR = "120315-4321"

# Django's own message (its Danish catalogue), checked by more than one module.
INVALID_CHOICE = "Marker en gyldig valgmulighed."


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


def make_world(client, home, other_municipality) -> World:
    """Log in ``me`` and make the families and the child a test works with."""
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


# A request builder sets up what a page needs and returns (url, POST data).
Request = Callable[[World], tuple[str, dict]]


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


# --- records the pages are about --------------------------------------------------------------
def pending_assessment(family: Family, **kwargs) -> NetworkAssessment:
    return NetworkAssessmentFactory(family=family, started_on=date(2026, 1, 5), **kwargs)
