"""Benchmark: every GET page of every role in Copenhagen, on national-scale data.

    .venv/bin/python -m tests.benchmarks.national [--only 101,147,751] [--runs 15]
        [--keep | --reuse] [--throughput] [--filter families:detail,supervision:sessions]

Creates a throw-away test database (like the test suite), fills it with
``manage.py generate_national_data --only …`` (by default Copenhagen at its full
national size plus three others, so that every page has neighbours to keep out:
about a minute and a half), then, as the first user of each role in Copenhagen,
requests every GET page that role may open (the pages are those of
``tests/test_permission_matrix.ROUTES``; a page about one record gets a record of the
generated data, the longest history where there is one). Prints per page the SQL
queries, the median and the p95 server time (Django's test client in-process,
DEBUG off). The managers' dashboard is measured as a manager finds it, after what beat
runs (``figures_refresh`` for Copenhagen: the figures kept); its column "cold" is the
queries of a first view with no figures kept. Timings are reported here, never
asserted in a test (the query counts are: tests/*/test_query_counts.py).

``--throughput`` also starts gunicorn (3 workers) on the kept database and runs,
per role, 20 concurrent users in a closed loop over the role's pages for
``--seconds`` seconds, and prints requests per second.

``--keep`` keeps the database (``test_<name>``) and ``--reuse`` measures a kept one
again without generating.
"""

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import defaultdict

from tests.benchmarks.database import national_database

COPENHAGEN = "101"
DEFAULT_ONLY = "101,147,461,825"  # Copenhagen, Frederiksberg, Odense, Læsø


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default=DEFAULT_ONLY, help="Municipality codes to generate.")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--reuse", action="store_true", help="Measure a kept database again.")
    parser.add_argument("--throughput", action="store_true", help="20 users per role, gunicorn.")
    parser.add_argument("--seconds", type=int, default=20, help="Per role, with --throughput.")
    parser.add_argument(
        "--filter", default="", help="Only pages whose name contains one of these (a,b,…)."
    )
    args = parser.parse_args()

    with national_database(reuse=args.reuse, keep=args.keep):
        from django.core.management import call_command
        from django.db import connection

        if not args.reuse:
            started = time.perf_counter()
            call_command("generate_national_data", only=args.only)
            print(f"generated in {time.perf_counter() - started:.0f} s")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        plan = _plan(args.filter)
        _measure(plan, args.runs)
        if args.throughput:
            _throughput(plan, connection.settings_dict["NAME"], args.seconds)


# --- which pages, with which records -------------------------------------------------------
def _user(role: str):
    from fostercare.accounts.models import User
    from fostercare.dashboard.national_data import EMAIL_DOMAIN, manager_email

    email = manager_email(COPENHAGEN) if role == "manager" else f"{role}0.101@{EMAIL_DOMAIN}"
    return User.objects.get(email=email)


def _records(user) -> dict:
    """URL kwargs per URL name, from the generated data: the longest histories."""
    from django.db.models import Count

    from cases.models import Child, Placement, PlacementChange
    from economics.models import FeeAgreement
    from families.models import Approval, Family
    from hotline.models import HotlineCall
    from supervision.models import CourseRun, SupervisionCourse, SupervisionSession

    m = user.municipality
    family = (
        Family.objects.filter(municipality=m)
        .annotate(n=Count("hotline_calls", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    child = Child.objects.filter(municipality=m).order_by("pk").first()
    placements = Placement.objects.filter(child__municipality=m, end_date__isnull=True)
    if user.role == "consultant":
        mine = placements.filter(
            family__consultant_assignments__consultant=user,
            family__consultant_assignments__ends_on__isnull=True,
        ).first()
        child = mine.child if mine else child
    placement = placements.order_by("pk").first()
    member = family.members.order_by("pk").first()
    approval = Approval.objects.filter(family=family).order_by("pk").first()
    call = HotlineCall.objects.filter(municipality=m, follow_up__isnull=False).first()
    sessions = SupervisionSession.objects.filter(municipality=m)
    if user.role == "supervisor":
        sessions = sessions.filter(supervisor=user)
    if user.role == "consultant":  # one whose notes they may read: a family of theirs
        sessions = sessions.filter(
            families__consultant_assignments__consultant=user,
            families__consultant_assignments__ends_on__isnull=True,
        )
    session = sessions.order_by("-starts_at").first()
    course = SupervisionCourse.objects.filter(family__municipality=m).first()
    run = (
        CourseRun.objects.filter(course_kind__municipality=m)
        .annotate(n=Count("enrolments"))
        .order_by("-n")
        .first()
    )
    change = PlacementChange.objects.filter(child__municipality=m).first()
    fee = FeeAgreement.objects.filter(family__municipality=m).first()
    rows = {}
    fam = {"public_id": family.public_id}
    for name in [
        "families:detail",
        "families:access_log",
        "families:update",
        "families:consultant",
        "families:member_add",
        "families:approval_add",
        "families:assessment_add",
        "hotline:register_family",
        "supervision:course_add",
        "supervision:exception_add",
    ]:
        rows[name] = fam
    if member:
        rows["families:member_edit"] = {**fam, "member_id": member.pk}
    if approval:
        rows["families:approval_edit"] = {
            "public_id": approval.family.public_id,
            "approval_id": approval.public_id,
        }
    kid = {"public_id": child.public_id}
    for name in [
        "cases:detail",
        "cases:access_log",
        "cases:update",
        "cases:caseworker",
        "cases:visit_add",
        "cases:action_plan_add",
        "cases:change_add",
    ]:
        rows[name] = kid
    if placement:
        rows["cases:placement_end"] = {
            "public_id": placement.child.public_id,
            "placement_id": placement.public_id,
        }
    if change:
        for name in ("cases:change", "cases:change_complete"):
            rows[name] = {"public_id": change.child.public_id, "change_id": change.public_id}
    if call:
        for name in ["hotline:call_detail", "hotline:follow_up_done", "hotline:follow_up_reassign"]:
            rows[name] = {"public_id": call.public_id}
    if session:
        for name in ("supervision:session_detail", "supervision:session_notes"):
            rows[name] = {"public_id": session.public_id}
    if course:
        rows["supervision:course_extend"] = {
            "public_id": course.family.public_id,
            "course_id": course.public_id,
        }
    if run:
        for name in ("supervision:run_detail", "supervision:enrol"):
            rows[name] = {"public_id": run.public_id}
    if fee:
        rows["economics:fee_assign"] = {"public_id": fee.public_id}
    return rows


def _plan(name_filter: str) -> dict[str, list[tuple[str, str]]]:
    """Per role: (page, URL) for every GET page the role may open."""
    from django.urls import NoReverseMatch, reverse

    from families.sections import family_sub_pages
    from fostercare.accounts.permissions import roles_for
    from tests.test_permission_matrix import ROUTES

    plan = {}
    for role in ("on_call", "caseworker", "consultant", "manager", "supervisor"):
        user = _user(role)
        records = _records(user)
        pages = []
        for route in ROUTES:
            if route.method != "get" or route.allowed or role not in roles_for(route.permission):
                continue
            if name_filter and not any(f in str(route) for f in name_filter.split(",")):
                continue
            if route.static_kwargs is not None:
                kwargs = route.static_kwargs
            elif route.make_kwargs is None:
                kwargs = {}
            elif str(route) in records:
                kwargs = records[str(route)]
            else:
                continue  # no such record in the generated data
            try:
                pages.append((str(route), reverse(route.url_name, kwargs=kwargs)))
            except NoReverseMatch:
                continue
            if route.url_name == "cases:list":
                pages.append(("cases:list, page 25", pages[-1][1] + "?side=25"))
            if route.url_name == "hotline:call_list":
                pages.append(("hotline:call_list, search", pages[-1][1] + "?q=jensen"))
            if route.url_name == "families:detail" and role != "on_call":
                # The summary, then each app's sub-page (families/sections.py).
                url = pages[-1][1]
                for section in family_sub_pages(user=user):
                    pages.append((f"families:detail ?del={section}", f"{url}?del={section}"))
                pages.append(("families:detail, all calls", f"{url}?del=hotline&alle=hotline"))
        plan[role] = pages
    return plan


# --- in-process timings ---------------------------------------------------------------------
def _first(client, url: str) -> tuple[int, int]:
    """The first request of a page: its status and its queries."""
    from django.db import connection

    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        response = client.get(url)
    return response.status_code, count[0]


def _cold(client, url: str) -> str:
    """The queries of a dashboard page's first view with no figures kept ("" for any
    other page)."""
    from django.test import override_settings
    from django.urls import reverse

    if not url.startswith(reverse("dashboard:overview")):
        return ""
    with override_settings(DASHBOARD_FIGURES_CACHE_SECONDS=0):
        return str(_first(client, url)[1])


def _measure(plan, runs: int) -> None:
    """Per role, the first request of each page (its queries), then ``runs`` rounds
    over all the role's pages: a burst of noise on a shared machine (seen here: the
    same page 65 ms, then 100 ms for a few seconds) spreads over every page's runs
    instead of landing on all of one page's."""
    from django.test import Client

    from cases.models import Child
    from fostercare.dashboard.snapshots import figures_refresh

    copenhagen = _user("manager").municipality
    figures_refresh(municipality_id=copenhagen.pk)  # what beat runs every hour
    children = Child.objects.filter(municipality=copenhagen).count()
    print(f"Copenhagen: {children} children (of {Child.objects.count()} generated)")
    print(
        f"{'role':<11}{'page':<36}{'status':>7}{'queries':>8}{'median ms':>10}{'p95 ms':>8}"
        f"{'cold':>6}"
    )
    slow = []
    for role, pages in plan.items():
        client = Client()
        client.force_login(_user(role))
        colds = [_cold(client, url) for _label, url in pages]
        firsts = [_first(client, url) for _label, url in pages]
        timings: list[list[float]] = [[] for _page in pages]
        for _run in range(runs):
            for index, (_label, url) in enumerate(pages):
                start = time.perf_counter()
                client.get(url)
                timings[index].append((time.perf_counter() - start) * 1000)
        for (label, _url), (status, queries), times, cold in zip(
            pages, firsts, timings, colds, strict=True
        ):
            times.sort()
            median, p95 = statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]
            print(
                f"{role:<11}{label:<36}{status:>7}{queries:>8}{median:>10.1f}{p95:>8.1f}{cold:>6}"
            )
            if median > 100 or queries > 15:
                slow.append((role, label, queries, median))
        sys.stdout.flush()
    print(f"\n{len(slow)} pages over 100 ms median or 15 queries:")
    for role, label, queries, median in slow:
        print(f"  {role:<11}{label:<36}{queries:>4} queries {median:>7.1f} ms")


# --- throughput against gunicorn --------------------------------------------------------------
def _session_cookie(user) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _throughput(plan, database: str, seconds: int) -> None:
    from django.conf import settings

    port = "8765"
    env = {**os.environ, "DATABASE_NAME": database}
    server = subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "fostercare.wsgi",
            "--workers",
            "3",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _try in range(100):
            try:
                urllib.request.urlopen(base + "/health/", timeout=1)  # noqa: S310 - localhost
                break
            except OSError:
                time.sleep(0.2)
        print(f"\nthroughput, 20 users per role, {seconds} s, gunicorn 3 workers:")
        cookie_name = settings.SESSION_COOKIE_NAME
        for role, pages in plan.items():
            cookie = _session_cookie(_user(role))
            done = defaultdict(int)
            errors = defaultdict(int)
            stop = time.monotonic() + seconds

            def user_loop(n, pages=pages, cookie=cookie, done=done, errors=errors, stop=stop):
                i = n
                while time.monotonic() < stop:
                    _label, url = pages[i % len(pages)]
                    i += 1
                    request = urllib.request.Request(  # noqa: S310 - localhost
                        base + url, headers={"Cookie": f"{cookie_name}={cookie}"}
                    )
                    try:
                        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                            response.read()
                        done[n] += 1
                    except OSError:
                        errors[n] += 1

            threads = [threading.Thread(target=user_loop, args=(n,)) for n in range(20)]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            took = time.monotonic() - started
            total = sum(done.values())
            print(f"  {role:<11}{total / took:>7.1f} req/s ({sum(errors.values())} errors)")
            sys.stdout.flush()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
