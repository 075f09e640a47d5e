"""economics/services/applications.py: a network family's applications for other
costs and lost earnings, the decision on each (the 20,000 kr. without documentation,
agreed beforehand; reasons required; amounts within what was applied for; dates in
order; lost earnings within the placement), the letter it issues, and payments.

Every refused call is checked twice (``rejected()``): the ValidationError names the
offending field, and nothing at all was written.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from economics import services
from economics.models import DecisionLetter, ExpenseApplication
from economics.selectors import undocumented_used
from tests.economics.support import PLAIN, cost_application, grant, logs, rejected
from tests.factories import general_placement, network_placement

pytestmark = pytest.mark.django_db
D = Decimal


# --- registering ---------------------------------------------------------------------------
def test_an_application_is_registered_as_received(net):
    application = cost_application(net.consultant, net.placement)
    application.refresh_from_db()
    assert (application.family, application.placement, application.municipality) == (
        net.family,
        net.placement,
        net.family.municipality,
    )
    assert (application.amount_applied, application.agreed_on, application.documented) == (
        D("5000.00"),
        date(2026, 1, 2),
        False,
    )
    assert application.registered_by == net.consultant
    assert logs(application, "create").get().changes["category"] == "leisure"


def test_lost_earnings_need_no_category_or_amount(net):
    application = services.expense_application_register(
        actor=net.consultant,
        placement=net.placement,
        kind="lost_earnings",
        received_on=date(2026, 1, 5),
        description="Plejemor går ned i tid det første år.",
        category="leisure",  # ignored: lost earnings have no category
    )
    assert (application.category, application.amount_applied) == ("", None)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"amount_applied": D("0")}, "amount_applied", id="zero"),
        pytest.param({"amount_applied": D("-100")}, "amount_applied", id="negative"),
        pytest.param({"amount_applied": None}, "amount_applied", id="no-amount"),
        pytest.param({"category": ""}, "category", id="no-category"),
        pytest.param({"description": "  "}, "description", id="no-description"),
        pytest.param({"agreed_on": None}, "agreed_on", id="agreed-without-a-date"),
        pytest.param(
            {"received_on": timezone.localdate() + timedelta(days=1)},
            "received_on",
            id="received-in-the-future",
        ),
        pytest.param(
            {"agreed_on": timezone.localdate() + timedelta(days=1)},
            "agreed_on",
            id="agreed-in-the-future",
        ),
        pytest.param({"category": "jewellery"}, "category", id="unknown-category"),
    ],
)
def test_registering_rejections(net, changes, field):
    with rejected(field):
        cost_application(net.consultant, net.placement, **changes)


@pytest.mark.parametrize("family", ["general", "another_childs_network"])
def test_only_a_network_family_approved_for_the_child_applies(home, consultant, family):
    if family == "general":
        placement = general_placement(home)
    else:
        network = network_placement(home)
        placement = network_placement(home, family=network.family)
        placement.child.family_approvals.all().delete()  # approved for the first child only
    with rejected("placement"):
        cost_application(consultant, placement)


# --- deciding other costs ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("application", "decision", "expected"),
    [
        pytest.param({}, {}, ("full", D("5000.00"), "undocumented"), id="full-undocumented"),
        pytest.param({}, {"outcome": "full", "amount": D("5000")}, ("full", D("5000.00"),
                     "undocumented"), id="full-with-the-amount-typed"),
        pytest.param({}, {"outcome": "partial", "amount": D("2500.50")},
                     ("partial", D("2500.50"), "undocumented"), id="partial"),
        pytest.param({}, {"outcome": "refused"}, ("refused", D("0.00"), "refused"), id="refused"),
        pytest.param({"documented": True, "amount_applied": D("35000"), "agreed_beforehand":
                      False, "agreed_on": None}, {}, ("full", D("35000.00"), "documented"),
                     id="documented-above-the-cap"),
        pytest.param({"agreed_beforehand": False, "agreed_on": None}, {"outcome": "refused"},
                     ("refused", D("0.00"), "refused"), id="not-agreed-refused"),
    ],
)  # fmt: skip
def test_a_decision_keeps_outcome_amount_rule_and_reasons(net, application, decision, expected):
    app = cost_application(net.consultant, net.placement, **application)
    saved = grant(net.caseworker, app, **decision)
    saved.refresh_from_db()
    assert (saved.outcome, saved.amount, saved.rule) == expected
    assert (saved.decided_by, saved.decided_on) == (net.caseworker, date(2026, 1, 12))
    assert saved.reasons == "Aftalt på forhånd; fritid styrker barnets trivsel."
    assert saved.due_on == (date(2026, 1, 12) if saved.amount else None)
    assert logs(saved, "create").get().actor == net.caseworker


def test_the_20000_kr_are_counted_per_child_per_calendar_year(net):
    first = cost_application(net.consultant, net.placement, amount_applied=D("15000"))
    grant(net.consultant, first)
    assert undocumented_used(child=net.child, year=2026) == D("15000.00")
    second = cost_application(net.consultant, net.placement, amount_applied=D("5000.01"))
    with rejected("amount") as info:
        grant(net.consultant, second)
    message = info.value.message_dict["amount"][0]
    assert "højst bevilges 5.000,00 kr." in message
    assert "15.000,00 kr. af årets 20.000 kr." in message
    grant(net.consultant, second, outcome="partial", amount=D("5000"))  # exactly what is left
    assert undocumented_used(child=net.child, year=2026) == D("20000.00")
    assert undocumented_used(child=net.child, year=2025) == D("0.00")


def test_the_20000_kr_follow_the_child_to_another_network_family(home, net):
    grant(
        net.consultant, cost_application(net.consultant, net.placement, amount_applied=D("18000"))
    )
    net.placement.end_date, net.placement.end_reason = date(2026, 2, 1), "moved"
    net.placement.save()
    other = network_placement(home, child=net.child, start_date=date(2026, 2, 2))
    application = cost_application(net.consultant, other, received_on=date(2026, 3, 1))
    with rejected("amount"):
        grant(net.consultant, application, decided_on=date(2026, 3, 2))


@pytest.mark.parametrize(
    ("application", "decision", "field"),
    [
        pytest.param({"agreed_beforehand": False, "agreed_on": None}, {}, "amount",
                     id="undocumented-not-agreed-beforehand"),
        pytest.param({"amount_applied": D("20000.01")}, {}, "amount", id="above-the-cap"),
        pytest.param({}, {"amount": D("5000.01")}, "amount", id="grant-above-applied-for"),
        pytest.param({}, {"outcome": "partial", "amount": D("6000")}, "amount",
                     id="partial-above-applied-for"),
        pytest.param({}, {"outcome": "full", "amount": D("4000")}, "amount",
                     id="full-is-not-the-amount-applied-for"),
        pytest.param({}, {"outcome": "partial", "amount": D("5000")}, "amount",
                     id="partial-is-the-whole-amount"),
        pytest.param({}, {"outcome": "partial", "amount": None}, "amount", id="partial-no-amount"),
        pytest.param({}, {"outcome": "partial", "amount": D("0")}, "amount", id="zero-grant"),
        pytest.param({}, {"outcome": "partial", "amount": D("-5")}, "amount", id="negative"),
        pytest.param({}, {"outcome": "refused", "amount": D("100")}, "amount",
                     id="refusal-with-an-amount"),
        pytest.param({}, {"reasons": "   "}, "reasons", id="no-reasons"),
        pytest.param({}, {"decided_on": date(2026, 1, 4)}, "decided_on",
                     id="decided-before-received"),
        pytest.param({}, {"decided_on": timezone.localdate() + timedelta(days=1)}, "decided_on",
                     id="decided-in-the-future"),
        pytest.param({}, {"due_on": date(2026, 1, 11)}, "due_on", id="paid-before-decided"),
        pytest.param({}, {"outcome": "maybe"}, "outcome", id="unknown-outcome"),
    ],
)  # fmt: skip
def test_decision_rejections(net, application, decision, field):
    app = cost_application(net.consultant, net.placement, **application)
    with rejected(field):
        grant(net.consultant, app, **decision)


def test_an_application_is_decided_once(net):
    application = cost_application(net.consultant, net.placement)
    grant(net.caseworker, application)
    stale = ExpenseApplication.objects.get(pk=application.pk)
    with rejected(PLAIN) as info:
        grant(net.consultant, stale, outcome="refused")
    assert (
        f"{net.caseworker.full_name} afgjorde ansøgningen den 12-01-2026" in info.value.messages[0]
    )


# --- lost earnings --------------------------------------------------------------------------------
def _lost_earnings(net, **changes):
    application = services.expense_application_register(
        actor=net.consultant,
        placement=net.placement,
        kind="lost_earnings",
        received_on=date(2026, 1, 5),
        description="Plejefar går ned til 30 timer.",
        amount_applied=D("7200"),
    )
    data = {
        "outcome": "partial",
        "amount": D("5400"),
        "income_basis": D("7200"),
        "starts_on": date(2026, 2, 1),
        "ends_on": None,
        "review_on": date(2026, 8, 1),
        "reasons": "Tre fjerdedele dækkes efter en konkret vurdering.",
        "decided_on": date(2026, 1, 20),
    } | changes
    return application, data


def test_lost_earnings_are_decided_with_period_income_and_review(net):
    application, data = _lost_earnings(net)
    decision = services.expense_decision_record(
        actor=net.caseworker, application=application, **data
    )
    decision.refresh_from_db()
    assert (decision.rule, decision.amount, decision.income_basis) == (
        "lost_earnings",
        D("5400.00"),
        D("7200.00"),
    )
    assert (decision.starts_on, decision.ends_on, decision.review_on, decision.due_on) == (
        date(2026, 2, 1),
        None,
        date(2026, 8, 1),
        None,
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"amount": D("7300")}, "amount", id="above-the-income-lost"),
        pytest.param({"outcome": "full", "amount": D("5400")}, "amount", id="full-is-not-all"),
        pytest.param({"outcome": "partial", "amount": D("7200")}, "amount", id="partial-is-all"),
        pytest.param({"income_basis": None}, "income_basis", id="no-income"),
        pytest.param({"amount": D("0")}, "amount", id="zero"),
        pytest.param({"starts_on": None}, "starts_on", id="no-start"),
        pytest.param({"ends_on": date(2026, 1, 31)}, "ends_on", id="ends-before-it-starts"),
        pytest.param({"starts_on": date(2025, 2, 1)}, "starts_on", id="before-the-placement"),
        pytest.param({"review_on": date(2026, 1, 20)}, "review_on", id="review-not-after"),
        pytest.param({"reasons": ""}, "reasons", id="no-reasons"),
    ],
)
def test_lost_earnings_rejections(net, changes, field):
    application, data = _lost_earnings(net, **changes)
    with rejected(field):
        services.expense_decision_record(actor=net.caseworker, application=application, **data)


def test_lost_earnings_must_end_within_an_ended_placement(net):
    net.placement.end_date, net.placement.end_reason = date(2026, 6, 30), "return_home"
    net.placement.save()
    application, data = _lost_earnings(net)
    with rejected("starts_on"):  # open-ended, but the child left on 30 June
        services.expense_decision_record(actor=net.caseworker, application=application, **data)
    data["ends_on"] = date(2026, 6, 30)
    assert services.expense_decision_record(actor=net.caseworker, application=application, **data)


# --- the letter ----------------------------------------------------------------------------------
def test_every_decision_issues_a_danish_letter_kept_as_issued(net, settings, tmp_path):
    application = cost_application(net.consultant, net.placement, amount_applied=D("2500"))
    decision = grant(net.consultant, application)
    letter = DecisionLetter.objects.get(decision=decision)
    body = letter.body
    assert letter.title == (
        "Afgørelse om dækning af øvrige og ekstraordinære omkostninger – "
        f"{net.child.first_name} {net.child.last_name}"
    )
    for expected in (
        f"Til {net.family.name}",
        "I har den 5. januar 2026 søgt om dækning af 2.500,00 kr. til fritid",
        "Udgiften blev aftalt med kommunen den 2. januar 2026, før den blev afholdt.",
        "Kommunen har besluttet at dække hele udgiften på 2.500,00 kr., som I har søgt om.",
        "Der er herefter 17.500,00 kr. tilbage for 2026.",
        "Aftalt på forhånd; fritid styrker barnets trivsel.",
        "§ 14, stk. 3",
        "inden 4 uger",
        "retssikkerhedsloven §§ 60, 66 og 67",
        net.consultant.full_name,
    ):
        assert expected in body, expected
    assert logs(letter, "create").exists()

    # A later change of the template does not change the letter that went out.
    templates = tmp_path / "economics" / "letters"
    templates.mkdir(parents=True)
    (templates / "decision.txt").write_text("Ny skabelon", encoding="utf-8")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    letter.refresh_from_db()
    assert letter.body == body
    other = grant(net.consultant, cost_application(net.consultant, net.placement))
    assert other.letter.body == "Ny skabelon"


def test_the_letter_of_a_refusal_and_of_lost_earnings(net):
    refused = grant(
        net.consultant,
        cost_application(net.consultant, net.placement, agreed_beforehand=False, agreed_on=None),
        outcome="refused",
        reasons="Ikke aftalt på forhånd og ikke dokumenteret.",
    )
    assert "Kommunen har besluttet ikke at dække udgiften." in refused.letter.body
    assert "Udgiften blev ikke aftalt med kommunen, før den blev afholdt." in refused.letter.body
    application, data = _lost_earnings(net)
    decision = services.expense_decision_record(
        actor=net.caseworker, application=application, **data
    )
    assert decision.letter.title.startswith("Afgørelse om dækning af tabt arbejdsfortjeneste")
    assert "delvist med 5.400,00 kr. om måneden fra den 1. februar 2026" in decision.letter.body
    assert "indtægt på 7.200,00 kr. om måneden" in decision.letter.body
    assert "senest den 1. august 2026" in decision.letter.body


# --- payments -------------------------------------------------------------------------------------
def test_payments_are_recorded_up_to_the_grant(net):
    decision = grant(net.consultant, cost_application(net.consultant, net.placement))
    services.expense_payment_record(
        actor=net.consultant, decision=decision, amount=D("3000"), paid_on=date(2026, 1, 20)
    )
    services.expense_payment_record(
        actor=net.consultant, decision=decision, amount=D("2000"), paid_on=date(2026, 1, 25)
    )
    decision.refresh_from_db()
    assert (decision.paid_amount, decision.paid_on) == (D("5000.00"), date(2026, 1, 25))
    with rejected("amount"):
        services.expense_payment_record(
            actor=net.consultant, decision=decision, amount=D("0.01"), paid_on=date(2026, 1, 26)
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": D("0")}, "amount"),
        ({"amount": D("5000.01")}, "amount"),
        ({"paid_on": date(2026, 1, 11)}, "paid_on"),
        ({"paid_on": timezone.localdate() + timedelta(days=1)}, "paid_on"),
    ],
)
def test_payment_rejections(net, changes, field):
    decision = grant(net.consultant, cost_application(net.consultant, net.placement))
    data = {"amount": D("100"), "paid_on": date(2026, 1, 20)} | changes
    with rejected(field):
        services.expense_payment_record(actor=net.consultant, decision=decision, **data)


def test_a_refusal_is_not_paid(net):
    decision = grant(
        net.consultant, cost_application(net.consultant, net.placement), outcome="refused"
    )
    with rejected(PLAIN):
        services.expense_payment_record(
            actor=net.consultant, decision=decision, amount=D("1"), paid_on=date(2026, 1, 20)
        )
