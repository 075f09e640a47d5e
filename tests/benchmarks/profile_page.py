"""Profile one page on a database kept by ``tests.benchmarks.national --keep``.

    VAR_DIR=/tmp/var3 .venv/bin/python -m tests.benchmarks.profile_page manager \
        /oekonomi/udbetalinger/ [--runs 5] [--sql] [--top 30] [--live]

Requests the page once to warm it, then ``--runs`` times under cProfile as the first
user of the role in Copenhagen (as the benchmark does), and prints the functions with
the most cumulative time; ``--sql`` also prints each query of one request with its time.
``--live``: the dashboard's figures computed on every request, none kept (as for one
caseworker or consultant, or a period beat does not keep).
"""

import argparse
import cProfile
import pstats
import time

from tests.benchmarks.database import national_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("role")
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="cumulative or tottime")
    parser.add_argument("--live", action="store_true", help="No dashboard figures kept.")
    args = parser.parse_args()

    with national_database(reuse=True):
        _profile(args)


def _profile(args) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from tests.benchmarks.national import _user

    if args.live:
        settings.DASHBOARD_FIGURES_CACHE_SECONDS = 0
    client = Client()
    client.force_login(_user(args.role))
    print(client.get(args.url).status_code)
    if args.sql:
        queries = []

        def timer(execute, sql, params, many, context):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append(((time.perf_counter() - start) * 1000, sql))

        with connection.execute_wrapper(timer):
            client.get(args.url)
        for ms, sql in queries:
            print(f"{ms:7.1f} ms  {sql[:300]}")
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for _run in range(args.runs):
        client.get(args.url)
    profiler.disable()
    print(f"{(time.perf_counter() - start) * 1000 / args.runs:.1f} ms per request (profiled)")
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
