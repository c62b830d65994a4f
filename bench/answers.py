"""Answer-path benchmark: employees answering through the full Django stack on PostgreSQL.

    .venv/bin/python -m bench.answers [--interviews 200]

Uses DATABASE_URL when set, otherwise a throwaway pgserver. Every answer goes through the
test client (middleware, session, CSRF-exempt client, the view, the service, the redirect)
and then the page is rendered again, as a browser would. Prints the latency of the POST and
of the GET that follows, and the queries each takes.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time

from bench.postgres import django_on_postgres


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=200)
    args = parser.parse_args()

    server = django_on_postgres()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from interviews.services.interviews import interview_create
    from interviews.tests.factories import EmployeeFactory

    posts: list[float] = []
    gets: list[float] = []
    post_queries: list[int] = []
    for _ in range(args.interviews):
        created = interview_create(employee=EmployeeFactory.create())
        client = Client()
        page = client.get(created.invite_url.split("8000", 1)[-1])["Location"]
        html = client.get(page).content.decode()
        while match := re.search(r'name="question_id" value="(\d+)"', html):
            value = re.search(r'name="answer" value="([^"]+)"', html)
            data = {"question_id": match.group(1), "answer": value.group(1) if value else "Ok"}
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                client.post(page + "answer/", data)
                posts.append(time.perf_counter() - started)
            post_queries.append(len(queries))
            started = time.perf_counter()
            html = client.get(page).content.decode()
            gets.append(time.perf_counter() - started)

    def line(name: str, values: list[float]) -> str:
        ms = [v * 1000 for v in values]
        return (
            f"{name:<12} n={len(ms):>5}  avg {statistics.mean(ms):6.1f} ms  "
            f"p50 {_percentile(ms, 0.5):6.1f} ms  p95 {_percentile(ms, 0.95):6.1f} ms  "
            f"max {max(ms):6.1f} ms"
        )

    print(f"{args.interviews} interviews completed through the web pages on PostgreSQL")
    print(line("answer POST", posts))
    print(line("page GET", gets))
    average = statistics.mean(post_queries)
    print(f"queries per answer POST: max {max(post_queries)}, avg {average:.1f}")
    print(f"p95 answer POST vs the 500 ms target: {_percentile(posts, 0.95) * 1000 / 500:.3f}x")
    if server is not None:
        server.cleanup()


if __name__ == "__main__":
    main()
