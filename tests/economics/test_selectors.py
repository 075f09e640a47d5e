"""economics/selectors: the month's payment list (amounts by hand, ranks that change
when a child moves out, fees, grants due, lost earnings for part of a month, an
agreement not yet given a child, missing rates, other municipalities left out), the
rates the admin is told are missing, the deciders' late count, and the managers'
figures as tables."""

from datetime import date
from decimal import Decimal

import pytest

from economics import services
from economics.models import EconomicsSettings, FeeAgreement, FeeRenegotiation
from economics.selectors import (
    expense_application_figures,
    expense_application_late_count,
    expense_cap_use_figures,
    expense_totals_by_year,
    family_filter_fee_renegotiation,
    fee_renegotiation_figures,
    payment_list,
    rates_missing,
    response_rules,
)
from economics.selectors.figures import percentile
from families.selectors import family_list
from fostercare.accounts.models import Role
from tests.economics.support import cost_application, grant
from tests.factories import (
    ApprovalFactory,
    BoardAndLodgingRateFactory,
    ChildFactory,
    ConsultantAssignmentFactory,
    FamilyFactory,
    FeeAgreementFactory,
    FeeUnitRateFactory,
    PlacementFactory,
    UserFactory,
    general_placement,
    network_placement,
)

pytestmark = pytest.mark.django_db
D = Decimal


# --- the payment list ---------------------------------------------------------------------------
@pytest.fixture
def march(home, other_municipality):
    """March 2026 in Aarhus: a general family with three children (the first moves out
    on the 20th, the third moves in on the 10th), a network family with a grant due and
    lost earnings from the 16th, and an agreement waiting for a child."""
    BoardAndLodgingRateFactory(year=2026)  # 206 / 221 / 190
    FeeUnitRateFactory(year=2026)  # 154,31 / 4.694
    family = ApprovalFactory(family=FamilyFactory(municipality=home, name="Familien A")).family

    def child(born, first_name):
        return ChildFactory(municipality=home, birth_date=born, first_name=first_name)

    first = PlacementFactory(
        child=child(date(2014, 3, 15), "Anna"), family=family, start_date=date(2025, 1, 1),
        end_date=date(2026, 3, 20), end_reason="return_home",
    )  # fmt: skip
    second = PlacementFactory(
        child=child(date(2018, 1, 1), "Bo"), family=family, start_date=date(2025, 6, 1)
    )
    PlacementFactory(
        child=child(date(2010, 1, 1), "Carl"), family=family, start_date=date(2026, 3, 10)
    )
    PlacementFactory(  # respite: paid per day of stay, not on this list
        child=child(date(2012, 1, 1), "Dan"), family=family, kind="aflastning",
        start_date=date(2026, 1, 1),
    )  # fmt: skip
    FeeAgreementFactory(placement=first, units=D("3"), valid_to=date(2026, 3, 20))
    FeeAgreementFactory(placement=second, units=D("4"))
    FeeAgreement.objects.create(
        family=family,
        fixed_monthly_amount=D("10000"),
        legacy_level="2 vederlag",
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 3, 15),
        needs_assignment="Flere børn",
    )
    net = network_placement(
        home,
        family=FamilyFactory(municipality=home, name="Familien B"),
        child=child(date(2012, 6, 1), "Eva"),
    )
    consultant = net.family.consultant_assignments.get().consultant
    march_grant = cost_application(consultant, net, received_on=date(2026, 3, 2))
    grant(consultant, march_grant, decided_on=date(2026, 3, 5))
    february_grant = cost_application(consultant, net, received_on=date(2026, 2, 2))
    grant(consultant, february_grant, decided_on=date(2026, 2, 5))
    lost = services.expense_application_register(
        actor=consultant, placement=net, kind="lost_earnings", received_on=date(2026, 3, 1),
        description="Nedsat tid",
    )  # fmt: skip
    services.expense_decision_record(
        actor=consultant, application=lost, outcome="partial", amount=D("6000"),
        income_basis=D("8000"), starts_on=date(2026, 3, 16), reasons="Delvis",
        decided_on=date(2026, 3, 10),
    )  # fmt: skip
    outsider_family = ApprovalFactory(family=FamilyFactory(municipality=other_municipality)).family
    PlacementFactory(child=ChildFactory(municipality=other_municipality), family=outsider_family)
    return UserFactory(role=Role.MANAGER, municipality=home)


def _rows(payments):
    return {
        (row.family.name, row.child.first_name if row.child else None): (
            row.days,
            row.board,
            row.fee,
            row.other_costs,
            row.lost_earnings,
            row.total,
        )
        for row in payments.rows
    }


def test_the_payment_list_of_a_month_by_family_and_child(march):
    payments = payment_list(user=march, year=2026, month=3)
    assert payments.missing == []
    assert _rows(payments) == {
        # 20 days at the 10-and-over rate; 3 units × 154,31 for 20 days
        ("Familien A", "Anna"): (20, D("4420.00"), D("9258.60"), 0, 0, D("13678.60")),
        # under 10 all month, second child, then first; 4 units × 4.694
        ("Familien A", "Bo"): (31, D("6386.00"), D("18776.00"), 0, 0, D("25162.00")),
        # third child 10-20 March (190), second child from 21 March (221)
        ("Familien A", "Carl"): (22, D("4521.00"), 0, 0, 0, D("4521.00")),
        # 10.000 kr. a month for 15 of March's 31 days
        ("Familien A", None): (0, 0, D("4838.71"), 0, 0, D("4838.71")),
        # the grant due in March; lost earnings 6.000 kr. for 16 of 31 days
        ("Familien B", "Eva"): (31, D("6851.00"), 0, D("5000.00"), D("3096.77"), D("14947.77")),
    }
    assert payments.totals["total"] == D("63148.08")
    assert {row.family_type for row in payments.rows} == {""}  # filled for the rows shown
    shown = payments.with_family_types(payments.rows)
    assert {row.family_type for row in shown} == {"Almen", "Netværk"}


def test_a_month_without_rates_says_which_year_is_missing(march):
    payments = payment_list(user=march, year=2027, month=1)
    assert {row.board for row in payments.rows} == {None}
    assert any("2027" in problem for problem in payments.missing)


@pytest.mark.parametrize("role", [Role.ON_CALL, Role.SUPERVISOR, Role.ADMIN])
def test_the_payment_list_is_empty_to_roles_that_may_not_see_it(march, home, role):
    user = UserFactory(role=role, municipality=home)
    assert payment_list(user=user, year=2026, month=3).rows == []


# --- rates -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("today", "board_years", "fee_years", "expected"),
    [
        pytest.param(date(2026, 11, 30), [2026], [2026], [], id="november-nothing-yet"),
        pytest.param(
            date(2026, 12, 1), [2026], [2026], [(2027, "board"), (2027, "fee")], id="from-1-dec"
        ),
        pytest.param(date(2026, 12, 1), [2026, 2027], [2026, 2027], [], id="next-year-entered"),
        pytest.param(
            date(2026, 6, 1), [], [2026], [(2026, "board")], id="this-years-board-missing"
        ),
        pytest.param(
            date(2026, 12, 31), [2027], [], [(2026, "board"), (2026, "fee"), (2027, "fee")],
            id="december-this-and-next",
        ),
    ],
)  # fmt: skip
def test_rates_missing(today, board_years, fee_years, expected):
    for year in board_years:
        BoardAndLodgingRateFactory(year=year)
    for year in fee_years:
        FeeUnitRateFactory(year=year)
    labels = {"board": "Satser for kost og logi", "fee": "Vederlagsenhed"}
    found = [(row["year"], str(row["table"])) for row in rates_missing(today=today)]
    assert sorted(found) == sorted((year, labels[table]) for year, table in expected)


def test_the_published_rates_are_in_the_migration_and_not_demo():
    from economics.models import BoardAndLodgingRate, FeeUnitRate

    board = {r.year: (r.under_ten, r.ten_and_over, r.third_and_later, r.is_demo)
             for r in BoardAndLodgingRate.objects.all()}  # fmt: skip
    assert board[2021] == (D("193.00"), D("206.00"), D("177.00"), False)
    assert board[2023] == (D("201.00"), D("214.00"), D("184.00"), False)
    assert board[2024] == (D("206.00"), D("221.00"), D("190.00"), False)
    assert 2022 not in board and 2025 not in board  # not verified: never guessed
    fee = {r.year: (r.per_day, r.per_month, r.is_demo) for r in FeeUnitRate.objects.all()}
    assert fee == {
        2019: (D("141.59"), D("4307.00"), False),
        2023: (D("154.31"), D("4694.00"), False),
    }


# --- response time, late applications and figures ------------------------------------------
@pytest.fixture
def net(home):
    placement = network_placement(home)
    return placement, placement.family.consultant_assignments.get().consultant


def _decided_after(net, received: date, working_days: int | None, **application):
    placement, consultant = net
    app = cost_application(
        consultant, placement, received_on=received, amount_applied=D("1000"), **application
    )
    if working_days is not None:
        rules = response_rules(municipality_id=placement.family.municipality_id)
        grant(consultant, app, decided_on=rules.calendar.add_working_days(received, working_days))
    return app


@pytest.mark.parametrize(
    ("response_days", "deadline", "median", "p90", "share"),
    [
        pytest.param([], 10, None, None, None, id="none-decided"),
        pytest.param([3], 10, 3.0, 3.0, 100, id="one"),
        pytest.param([1, 2, 3, 12], 10, 2.5, 12.0, 75, id="one-late"),
        pytest.param([10, 11], 10, 10.5, 11.0, 50, id="on-the-deadline-is-in-time"),
        pytest.param([0, 1, 2, 3, 4, 5, 6, 7, 8, 20], 10, 4.5, 8.0, 90, id="p90-nearest-rank"),
        pytest.param([4, 6], 5, 5.0, 6.0, 50, id="the-municipalitys-own-deadline"),
    ],
)
def test_response_time_figures(home, net, manager, response_days, deadline, median, p90, share):
    EconomicsSettings.objects.create(municipality=home, response_working_days=deadline)
    for days in response_days:
        _decided_after(net, date(2026, 2, 2), days)
    figures = expense_application_figures(
        user=manager, since=date(2026, 1, 1), until=date(2026, 12, 31), today=date(2026, 11, 1)
    )
    assert figures["deadline_days"] == deadline
    assert (figures["applications"], figures["decided"]) == (len(response_days),) * 2
    assert sorted(figures["response_days"]) == sorted(response_days)
    assert (figures["median_days"], figures["p90_days"]) == (median, p90)
    assert figures["within_deadline_share"] == share


def test_application_figures_count_kinds_outcomes_categories_and_late_pending(net, manager):
    _decided_after(net, date(2026, 2, 2), 2, category="clothing")
    refused = _decided_after(net, date(2026, 2, 3), None, category="health")
    grant(net[1], refused, outcome="refused", decided_on=date(2026, 2, 4))
    _decided_after(net, date(2026, 3, 2), None, category="health")  # pending, late by April
    _decided_after(net, date(2025, 12, 1), 1)  # before the period
    figures = expense_application_figures(
        user=manager, since=date(2026, 1, 1), until=date(2026, 12, 31), today=date(2026, 4, 1)
    )
    assert (figures["applications"], figures["decided"], figures["pending"]) == (3, 2, 1)
    assert figures["pending_late"] == 1
    assert {r["kind"]: r["count"] for r in figures["by_kind"]} == {
        "other_costs": 3,
        "lost_earnings": 0,
    }
    assert {r["outcome"]: r["count"] for r in figures["outcomes"]} == {
        "full": 1,
        "partial": 0,
        "refused": 1,
    }
    by_category = {r["category"]: r for r in figures["by_category"]}
    assert (by_category["health"]["applications"], by_category["health"]["granted"]) == (2, 0)
    assert by_category["clothing"]["granted"] == D("1000.00")


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.CONSULTANT, Role.ON_CALL])
def test_figures_are_for_managers(home, net, role):
    _decided_after(net, date(2026, 2, 2), 2)
    user = UserFactory(role=role, municipality=home)
    figures = expense_application_figures(
        user=user, since=date(2026, 1, 1), until=date(2026, 12, 31)
    )
    assert figures["applications"] == 0
    assert expense_cap_use_figures(user=user, year=2026)["children"] == 0


def test_cap_use_per_child(home, manager):
    spent = {}
    for name, amounts in (("Ida", ["12000", "8000"]), ("Jon", ["5000"])):
        placement = network_placement(home, child=ChildFactory(municipality=home, first_name=name))
        consultant = placement.family.consultant_assignments.get().consultant
        for amount in amounts:
            grant(consultant, cost_application(consultant, placement, amount_applied=D(amount)))
        spent[name] = placement
    documented = cost_application(
        consultant, spent["Jon"], documented=True, amount_applied=D("30000")
    )
    grant(consultant, documented)  # documented: not part of the 20.000 kr.
    cap = expense_cap_use_figures(user=manager, year=2026)
    assert (cap["children"], cap["at_cap"], cap["used"]) == (2, 1, D("25000.00"))
    assert [
        (r["child"].first_name, r["used"], r["remaining"], r["share"]) for r in cap["rows"]
    ] == [
        ("Ida", D("20000.00"), D("0.00"), 100),
        ("Jon", D("5000.00"), D("15000.00"), 25),
    ]
    assert expense_cap_use_figures(user=manager, year=2025)["children"] == 0


def test_totals_per_year_and_category(net, manager):
    placement, consultant = net
    grant(consultant, cost_application(consultant, placement, received_on=date(2025, 11, 3),
          agreed_on=date(2025, 11, 1)), decided_on=date(2025, 11, 4))  # fmt: skip
    grant(consultant, cost_application(consultant, placement, category="clothing"))
    lost = services.expense_application_register(
        actor=consultant, placement=placement, kind="lost_earnings", received_on=date(2025, 11, 1),
        description="Nedsat tid",
    )  # fmt: skip
    services.expense_decision_record(
        actor=consultant, application=lost, outcome="full", amount=D("3000"),
        income_basis=D("3000"), starts_on=date(2025, 12, 1), ends_on=date(2026, 2, 28),
        reasons="Fuld dækning", decided_on=date(2025, 11, 20),
    )  # fmt: skip
    totals = expense_totals_by_year(user=manager, since=date(2025, 1, 1), until=date(2026, 12, 31))
    rows = {row["key"]: row["amounts"] for row in totals["rows"]}
    assert totals["years"] == [2025, 2026]
    assert rows["leisure"] == [D("5000.00"), D("0")]
    assert rows["clothing"] == [D("0"), D("5000.00")]
    assert rows["lost_earnings"] == [D("3000.00"), D("6000.00")]
    assert totals["totals"] == [D("8000.00"), D("11000.00")]
    assert totals["total"] == D("19000.00")


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [([], 0.9, None), ([5], 0.9, 5.0), ([1, 2, 3, 4], 0.5, 2.0), ([1, 2, 3, 4], 0.9, 4.0)],
)
def test_percentile_nearest_rank(values, share, expected):
    assert percentile(values, share) == expected


def test_the_late_count_is_for_those_who_decide(home, net, consultant, manager):
    _decided_after(net, date(2026, 1, 5), None)  # received long ago, undecided
    _decided_after(net, date(2026, 1, 6), 3)  # decided
    assert expense_application_late_count(user=consultant, today=date(2026, 1, 19)) == 0
    assert expense_application_late_count(user=consultant, today=date(2026, 1, 20)) == 1
    assert expense_application_late_count(user=manager, today=date(2026, 1, 20)) == 0


# --- fee renegotiations on the managers' dashboard ----------------------------------------
@pytest.mark.parametrize(
    ("day", "counted"),
    [
        pytest.param(date(2024, 12, 31), False, id="day-before"),
        pytest.param(date(2025, 1, 1), True, id="first-day"),
        pytest.param(date(2025, 6, 15), True, id="last-day"),
    ],
)
def test_fee_renegotiations_in_the_period(manager, home, day, counted):
    period = {"since": date(2025, 1, 1), "until": date(2025, 6, 15)}
    agreement = FeeAgreementFactory(placement=general_placement(home))
    FeeRenegotiation.objects.create(
        agreement=agreement,
        date=day,
        requested_by="family",
        reason="x",
        result="unchanged",
        concluded_on=day,
        outcome_reason="y",
    )
    figures = fee_renegotiation_figures(user=manager, **period)
    assert (figures["total"], figures["by_family"]) == (int(counted), int(counted))
    assert figures["by_result"]["unchanged"] == int(counted)
    listed = family_filter_fee_renegotiation(
        family_list(user=manager), "unchanged", on=period["until"], **period
    )
    assert listed.count() == int(counted)


# --- a period and the one before at once (the dashboard) ----------------------------------
def _renegotiation(agreement, day: date, **fields):
    return FeeRenegotiation.objects.create(
        agreement=agreement, date=day, reason="x", concluded_on=day, outcome_reason="y",
        **({"requested_by": "family", "result": "unchanged"} | fields),
    )  # fmt: skip


@pytest.mark.parametrize("narrowed", [False, True], ids=["municipality", "one-consultant"])
def test_fee_renegotiations_of_two_periods_at_once_count_as_each_alone(manager, home, narrowed):
    """The dashboard asks for a period and the one before in the same query
    (``fostercare.figures.for_periods``); each counts as if asked alone, the
    consultant's families taken on each period's own last day."""
    agreement = FeeAgreementFactory(placement=general_placement(home))
    first = agreement.family.consultant_assignments.get()
    first.ends_on = date(2025, 1, 1)
    first.save()
    second = ConsultantAssignmentFactory(family=agreement.family, starts_on=date(2025, 1, 1))
    _renegotiation(agreement, date(2024, 6, 1))
    _renegotiation(agreement, date(2025, 3, 1), requested_by="municipality", result="raised")
    _renegotiation(agreement, date(2025, 4, 1))
    _renegotiation(FeeAgreementFactory(placement=general_placement(home)), date(2024, 9, 1))
    periods = [(date(2025, 1, 1), date(2025, 6, 15)), (date(2024, 1, 1), date(2024, 12, 31))]
    consultants = (first.consultant, second.consultant) if narrowed else (None,)
    for consultant in consultants:
        scope = {"consultant": consultant} if narrowed else {}
        alone = [
            fee_renegotiation_figures(user=manager, since=s, until=u, **scope) for s, u in periods
        ]
        assert (
            fee_renegotiation_figures.for_periods(user=manager, periods=periods, **scope) == alone
        )
        assert alone[0] != alone[1]


def test_applications_of_two_periods_at_once_count_as_each_alone(net, manager):
    _decided_after(net, date(2025, 3, 2), 2, category="clothing")
    _decided_after(net, date(2025, 12, 31), 12, category="health")
    _decided_after(net, date(2026, 1, 1), 1, category="health")
    _decided_after(net, date(2026, 2, 3), None, category="health")
    periods = [(date(2026, 1, 1), date(2026, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31))]
    today = {"today": date(2026, 4, 1)}
    alone = [
        expense_application_figures(user=manager, since=s, until=u, **today) for s, u in periods
    ]
    assert expense_application_figures.for_periods(user=manager, periods=periods, **today) == alone
    assert alone[0] != alone[1]
