"""The pages made fast for national scale (issue 14) run a fixed number of queries: as
many on a small Copenhagen as on one five times its size (where the first family and
child get long histories: hundreds of calls and sessions), on generated data
(``generate_national_data``), and at most ``MAX_QUERIES``. Timings are the benchmark's
job (tests/benchmarks/national.py); here only the counts."""

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from families.models import Family
from fostercare.accounts.models import Role, User
from fostercare.dashboard.national_data import EMAIL_DOMAIN, generate, manager_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
COPENHAGEN = "101"
SMALL, LARGE = 0.02, 0.1  # 29 and 145 children in Copenhagen; long histories at 0.1
MAX_QUERIES = 15
# The family page is a summary with a sub-page per app's section (families/sections.py);
# on those, a prefetch runs only where a family has such rows (a course's extensions),
# so a family with a long history may run one more than a new one, never one a row.
FAMILY_SECTIONS = ("supervision", "support", "hotline", "economics", "matching-profile")
FAMILY_PAGES = tuple(f"{n}:" for n in range(len(FAMILY_SECTIONS) + 4))


def _user(role: str) -> User:
    if role == Role.MANAGER:
        return User.objects.get(email=manager_email(COPENHAGEN))
    return User.objects.get(email=f"{role}0.{COPENHAGEN}@{EMAIL_DOMAIN}")


def pages() -> list[tuple[str, str, int]]:
    """(role, URL, most queries allowed)."""
    manager = _user(Role.MANAGER)
    family = (
        Family.objects.filter(municipality=manager.municipality)
        .annotate(calls=Count("hotline_calls"))
        .order_by("-calls", "pk")
        .first()
    )
    detail = reverse("families:detail", kwargs={"public_id": family.public_id})
    calls = reverse("hotline:call_list")
    children = reverse("cases:list")
    return [
        (Role.MANAGER, detail + "?del=hotline", MAX_QUERIES),
        (Role.MANAGER, detail + "?del=hotline&alle=hotline", MAX_QUERIES),
        (Role.CONSULTANT, detail, MAX_QUERIES),
        (Role.MANAGER, detail, MAX_QUERIES),
        *[(Role.MANAGER, f"{detail}?del={name}", MAX_QUERIES) for name in FAMILY_SECTIONS[:-1]],
        (Role.CONSULTANT, f"{detail}?del=matching-profile", MAX_QUERIES),
        (Role.MANAGER, calls, MAX_QUERIES),
        (Role.MANAGER, calls + "?q=jensen", MAX_QUERIES),
        (Role.MANAGER, children, MAX_QUERIES),
        (Role.MANAGER, children + "?side=2", MAX_QUERIES),
        (Role.MANAGER, reverse("supervision:sessions"), MAX_QUERIES),
        (Role.MANAGER, reverse("supervision:year_plan"), MAX_QUERIES),
        (Role.CONSULTANT, reverse("dashboard:my_families"), MAX_QUERIES),
        (Role.SUPERVISOR, reverse("supervision:supervisor_home"), MAX_QUERIES),
        (Role.ADMIN, reverse("admin:hotline_hotlinecall_changelist"), MAX_QUERIES),
    ]


def counts(client, django_assert_max_num_queries, scale: float) -> dict[str, int]:
    generate(scale=scale, years=2, codes=[COPENHAGEN])
    manager = _user(Role.MANAGER)
    admin = UserFactory(role=Role.ADMIN, municipality=manager.municipality, is_superuser=True)
    found = {}
    for number, (role, url, most) in enumerate(pages()):
        client.force_login(admin if role == Role.ADMIN else _user(role))
        client.get(url)  # caches (content types, the calendar's holidays) warm
        with (
            django_assert_max_num_queries(most),
            CaptureQueriesContext(connection) as queries,
        ):
            assert client.get(url).status_code == 200, url
        found[f"{number}: {role} {url.split('/')[1]}"] = len(queries)
    return found


def test_pages_run_as_many_queries_on_five_times_the_data(client, django_assert_max_num_queries):
    with transaction.atomic():
        small = counts(client, django_assert_max_num_queries, SMALL)
        transaction.set_rollback(True)
    large = counts(client, django_assert_max_num_queries, LARGE)
    family = {k: v for k, v in large.items() if k.startswith(FAMILY_PAGES)}
    # The long history's 300 calls, a hundred a page, in one query more than the latest
    # 20 (the count of all of them).
    assert family["0: manager plejefamilier"] + 1 == family["1: manager plejefamilier"]
    assert {k: v for k, v in small.items() if not k.startswith(FAMILY_PAGES)} == {
        k: v for k, v in large.items() if not k.startswith(FAMILY_PAGES)
    }
