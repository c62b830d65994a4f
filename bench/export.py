"""Export benchmark: completed interviews streamed as CSV and XLSX by a gunicorn worker.

    .venv/bin/python -m bench.export [--sizes 10000 100000]

Fills PostgreSQL (DATABASE_URL, or a throwaway pgserver) with completed interviews and their
answers, generated in SQL, spread over 4 departments and 3 months so that nearly every row
passes the anonymity rule. For each size it restarts gunicorn (one sync worker, DEBUG off),
downloads /analytics/export/interviews.csv and .xlsx as an analyst, and prints rows per
second and the worker's peak RSS (VmHWM). Target: peak RSS under 150 MB at every size, so
memory does not grow with the export. Exits 1 when missed.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

import httpx

from bench.stack import Stack

PEAK_RSS_LIMIT_MB = 150

FILL_EMPLOYEES = """
INSERT INTO interviews_employee (employee_id, name, work_email, personal_email, department,
    job_title, manager_name, created_at, updated_at)
SELECT 'X' || n, 'Export ' || n, '', '',
    (ARRAY['Sales','Support','Engineering','Finance'])[1 + n %% 4], '', '', now(), now()
FROM generate_series(%(first)s, %(last)s) AS n
"""
FILL_INTERVIEWS = """
INSERT INTO interviews_interview (public_id, employee_id, question_set_id, mode, status,
    expires_at, created_at, started_at, last_activity_at, completed_at, exit_type)
SELECT gen_random_uuid(), e.id, %(set)s, 'predefined', 'completed', now() + interval '14 days',
    s, s, s + interval '10 minutes', s + interval '10 minutes', ''
FROM (SELECT id, date_trunc('month', now()) - (id %% 3) * interval '1 month'
             + interval '1 day' AS s
      FROM interviews_employee
      WHERE employee_id LIKE 'X%%' AND substring(employee_id from 2)::int
            BETWEEN %(first)s AND %(last)s) AS e
"""
FILL_RESPONSES = """
INSERT INTO interviews_response (interview_id, mode, question_id, value, employee_message,
    bot_response, seconds_spent, sentiment, llm_outcome, llm_fallback_reason,
    followup_question, followup_answer, created_at)
SELECT i.id, 'predefined', q.id, to_jsonb(a.msg), a.msg, '', 30, NULL, '', '', '', '',
    i.started_at
FROM (SELECT id, started_at FROM interviews_interview WHERE id > %(after)s) AS i
CROSS JOIN (SELECT id, kind FROM interviews_question WHERE question_set_id = %(set)s) AS q
CROSS JOIN LATERAL (SELECT CASE WHEN q.kind = 'text'
    THEN 'The team was kind, the pay was low and the commute was long.'
    ELSE ((i.id %% 5) + 1)::text END AS msg) AS a
"""


def _fill(first: int, last: int) -> None:
    from django.db import connection
    from django.db.models import Max

    from interviews.models import Interview
    from interviews.selectors import question_set_default_get

    question_set = question_set_default_get()
    assert question_set is not None
    after = Interview.objects.aggregate(m=Max("id"))["m"] or 0
    values = {"first": first, "last": last, "set": question_set.pk, "after": after}
    with connection.cursor() as cursor:
        cursor.execute(FILL_EMPLOYEES, values)
        cursor.execute(FILL_INTERVIEWS, values)
        cursor.execute(FILL_RESPONSES, values)
        cursor.execute("ANALYZE")


def _analyst_cookie() -> str:
    """A session for a staff analyst, created directly in the session store."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore

    user, _ = User.objects.get_or_create(username="bench-analyst", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Analysts"))
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "exitbot.backends.PermissionBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    assert session.session_key is not None
    return session.session_key


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _download(stack: Stack, cookie: str, fmt: str) -> tuple[int, float, float]:
    """(rows, seconds, the worker's peak RSS in MB) for one export, on a fresh worker."""
    stack.start_web("--workers", "1", "--timeout", "900")
    (worker,) = stack.worker_pids()
    url = f"{stack.base_url}/analytics/export/interviews.{fmt}"
    started = time.perf_counter()
    body = io.BytesIO()
    with httpx.stream("GET", url, cookies={"sessionid": cookie}, timeout=900) as response:
        if response.status_code != 200:
            raise RuntimeError(f"export {fmt}: HTTP {response.status_code}")
        for chunk in response.iter_bytes():
            body.write(chunk)
    seconds = time.perf_counter() - started
    peak = _peak_rss_mb(worker)
    stack.stop_web()
    return _rows(body.getvalue(), fmt), seconds, peak


def _rows(content: bytes, fmt: str) -> int:
    if fmt == "csv":
        return content.count(b"\n") - 1
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    assert sheet is not None
    # A write-only workbook records no dimensions: count the rows themselves.
    return sum(1 for _ in sheet.iter_rows(values_only=True)) - 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()

    stack = Stack(workers=1, threads=1)
    results = []
    try:
        stack.start_database()
        cookie = _analyst_cookie()
        filled = 0
        for size in sorted(args.sizes):
            started = time.perf_counter()
            _fill(filled + 1, size)
            print(f"filled {size} completed interviews in {time.perf_counter() - started:.1f} s")
            filled = size
            for fmt in ("csv", "xlsx"):
                rows, seconds, peak = _download(stack, cookie, fmt)
                results.append((size, fmt, rows, seconds, peak))
    finally:
        stack.stop()
    print(
        f"\n{'interviews':>10} {'format':>6} {'rows':>8} {'seconds':>8} {'rows/s':>8} "
        f"{'peak RSS':>9}"
    )
    for size, fmt, rows, seconds, peak in results:
        print(
            f"{size:>10} {fmt:>6} {rows:>8} {seconds:>8.1f} {rows / seconds:>8.0f} {peak:>6.0f} MB"
        )
    worst = max(peak for *_, peak in results)
    shown = min(rows / size for size, _, rows, _, _ in results)
    met = worst < PEAK_RSS_LIMIT_MB and shown > 0.9
    print(f"\npeak RSS at most {worst:.0f} MB (target < {PEAK_RSS_LIMIT_MB} MB at every size)")
    print(f"rows shown: at least {shown:.1%} of the interviews (anonymity hides the rest)")
    print("verdict:", "met" if met else "MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
