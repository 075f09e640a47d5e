"""Higher apps add entries to the yearly plan through ``supervision/year_plan.py``."""

from datetime import date

import pytest

from supervision import year_plan
from supervision.selectors import supervision_year_plan
from supervision.year_plan import PlanEntry, year_plan_source_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources(monkeypatch):
    """The registry with its registered sources, restored afterwards."""
    registry = dict(year_plan._SOURCES)
    monkeypatch.setattr(year_plan, "_SOURCES", registry)
    return registry


def test_a_registered_source_is_in_the_plan_in_date_order(sources, consultant):
    def entries(*, user, year):
        assert user == consultant
        return [
            PlanEntry(day=date(year, 9, 1), title="Høstmøde", kind="Test", place=""),
            PlanEntry(day=date(year, 2, 1), title="Vintermøde", kind="Test", place=""),
        ]

    year_plan_source_register("test.source", entries)
    plan = [e.title for e in supervision_year_plan(user=consultant, year=2026) if e.kind == "Test"]
    assert plan == ["Vintermøde", "Høstmøde"]


def test_registering_the_same_name_again_replaces(sources, consultant):
    def first(*, user, year):
        return [PlanEntry(day=date(year, 1, 1), title="Første", kind="Test", place="")]

    def second(*, user, year):
        return [PlanEntry(day=date(year, 1, 1), title="Anden", kind="Test", place="")]

    year_plan_source_register("test.source", first)
    year_plan_source_register("test.source", second)
    titles = [e.title for e in supervision_year_plan(user=consultant, year=2026)]
    assert "Anden" in titles and "Første" not in titles


def test_support_registers_its_meetings():
    assert "support.network_meetings" in year_plan._SOURCES
