"""The national-scale data for benchmarks (fostercare/dashboard/national_data.py):
municipalities sized by population, the database's rules kept, long histories where a
municipality is big enough."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from cases.models import CaseworkerAssignment, Child, Placement, PlacementChange
from families.models import Family
from fostercare.dashboard.national_data import CHILDREN, FAMILIES, POPULATION, generate, sizes_for
from hotline.models import FollowUp, HotlineCall

pytestmark = pytest.mark.django_db


def test_the_country_is_sized_by_population():
    assert len(POPULATION) == 98
    sizes = {code: sizes_for(code, 1.0) for code in POPULATION}
    children = sum(s.children for s in sizes.values())
    assert abs(children - CHILDREN) / CHILDREN < 0.01
    assert abs(sum(s.families for s in sizes.values()) - FAMILIES) / FAMILIES < 0.01
    assert 0.105 < sizes["101"].children / children < 0.115  # Copenhagen about 11 %
    assert 1 <= sizes["825"].children <= 6  # Læsø: a handful
    assert sizes["101"].caseworkers == -(-sizes["101"].children // 35)


def test_a_municipality_big_enough_gets_long_histories():
    report = generate(scale=30, years=2, codes=["825"], today=date(2026, 3, 1))  # 117 children
    assert report.counts["cases.Child"] == Child.objects.count() > 100
    first = Child.objects.order_by("pk").first()
    assert first.caseworker_assignments.count() > 20
    assert first.placements.count() > 10
    assert first.visits.count() > 10
    busiest = HotlineCall.objects.values("family").annotate(n=Count("pk")).order_by("-n")[0]
    assert busiest["n"] == 300 and busiest["family"] == Family.objects.order_by("pk").first().pk
    assert FollowUp.objects.count() == HotlineCall.objects.count()
    # Half the placements or so ended, with reasons; some moves went through a change.
    ended = Placement.objects.filter(end_date__isnull=False)
    assert 0.2 < ended.count() / Placement.objects.count() < 0.7
    assert not ended.filter(end_reason="").exists()
    assert PlacementChange.objects.filter(status="completed").exists()
    assert (
        CaseworkerAssignment.objects.filter(ends_on__isnull=True).count() == Child.objects.count()
    )


def test_the_command_refuses_a_municipality_with_children(home):
    call_command("generate_national_data", scale=0.01, only="825", years=1)
    with pytest.raises(CommandError):
        call_command("generate_national_data", scale=0.01, only="825", years=1)
