"""Nightly statistics benchmark on PostgreSQL against the plain GROUP BY floor.

    .venv/bin/python -m bench.stats [--interviews 100000] [--repeat 3]

Fills PostgreSQL (DATABASE_URL, or a throwaway pgserver) with interviews x 10 answers,
generated in SQL so this process stays small, then times, in the same run:
  floor:   SELECT question_id, count(*) FROM interviews_response GROUP BY question_id
  nightly: analytics.services.question_stats_compute (the day and the rolling 30 days), after
           a first run that backfills the window's day rows (also printed)
It prints both (best of --repeat), their ratio and this process's peak RSS.
Targets: nightly at most 3x the floor, peak RSS under 200 MB.
"""

from __future__ import annotations

import argparse
import resource
import time

from bench.postgres import django_on_postgres

FILL_EMPLOYEES = """
INSERT INTO interviews_employee (employee_id, name, work_email, personal_email, department,
    job_title, manager_name, created_at, updated_at)
SELECT 'B' || n, 'Bench ' || n, '', '',
    (ARRAY['Sales','Support','Engineering','Finance'])[1 + n %% 4], '', '', now(), now()
FROM generate_series(1, %(n)s) AS n
"""
FILL_INTERVIEWS = """
INSERT INTO interviews_interview (public_id, employee_id, question_set_id, mode, status,
    expires_at, created_at, started_at, last_activity_at, completed_at, exit_type)
SELECT gen_random_uuid(), e.id, %(set)s,
    CASE WHEN random() < 0.1 THEN 'llm' ELSE 'predefined' END,
    CASE WHEN r < 0.85 THEN 'completed' WHEN r < 0.95 THEN 'in_progress' ELSE 'expired' END,
    now() + interval '14 days', s, s, s, CASE WHEN r < 0.85 THEN s END, ''
FROM (SELECT id, random() AS r, now() - random() * interval '29 days' AS s
      FROM interviews_employee WHERE employee_id LIKE 'B%%') AS e
"""
FILL_RESPONSES = """
INSERT INTO interviews_response (interview_id, mode, question_id, value, employee_message,
    bot_response, seconds_spent, sentiment, llm_outcome, llm_fallback_reason,
    followup_question, followup_answer, created_at)
SELECT i.id, i.mode, q.id, to_jsonb(a.msg), a.msg, '', (random() * 120)::int,
    CASE WHEN q.kind = 'text' AND a.msg <> '' THEN random() * 2 - 1 END, '', '', '', '',
    i.started_at + q.n * interval '30 seconds'
FROM (SELECT id, mode, started_at,
        CASE WHEN status = 'completed' THEN 10 ELSE 1 + (random() * 8)::int END AS answered
      FROM interviews_interview WHERE question_set_id = %(set)s) AS i
JOIN (SELECT id, kind, row_number() OVER (ORDER BY "order", id) AS n
      FROM interviews_question WHERE question_set_id = %(set)s ORDER BY "order", id LIMIT 10) AS q
  ON q.n <= i.answered
CROSS JOIN LATERAL (SELECT CASE
    WHEN q.kind = 'text' THEN CASE WHEN random() < 0.3 THEN ''
         ELSE repeat('word ', ((random() * 30)::int + i.id %% 2)::int) END
    ELSE ((random() * 4)::int + 1)::text END AS msg) AS a
ORDER BY i.started_at + q.n * interval '30 seconds'
"""
# (Answers arrive over time, so in a real table they lie in time order: inserted that way.)
LAST_QUESTIONS = """
UPDATE interviews_interview AS i
SET last_question_id = r.question_id, last_activity_at = r.created_at
FROM (SELECT DISTINCT ON (interview_id) interview_id, question_id, created_at
      FROM interviews_response ORDER BY interview_id, id DESC) AS r
WHERE r.interview_id = i.id
"""
FLOOR = "SELECT question_id, count(*) FROM interviews_response GROUP BY question_id"


def _best(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    server = django_on_postgres()
    from django.db import connection
    from django.utils import timezone

    from analytics.services import question_stats_compute
    from interviews.selectors import question_set_default_get

    question_set = question_set_default_get()
    assert question_set is not None
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM interviews_response")
        cursor.execute("DELETE FROM interviews_interview")
        cursor.execute("DELETE FROM interviews_employee WHERE employee_id LIKE %s", ["B%"])
        cursor.execute(FILL_EMPLOYEES, {"n": args.interviews})
        cursor.execute(FILL_INTERVIEWS, {"set": question_set.pk})
        cursor.execute(FILL_RESPONSES, {"set": question_set.pk})
        cursor.execute(LAST_QUESTIONS)
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM interviews_response")
        answers = cursor.fetchone()[0]
    fill = time.perf_counter() - started

    def floor() -> None:
        with connection.cursor() as cursor:
            cursor.execute(FLOOR)
            cursor.fetchall()

    today = timezone.localdate()
    floor_s = _best(floor, args.repeat)
    # The first run computes every day of the window (a one-off backfill); every later night
    # reads only its own day and sums the window from the day rows, which is what is timed.
    started = time.perf_counter()
    question_stats_compute(day=today)
    backfill_s = time.perf_counter() - started
    nightly_s = _best(lambda: question_stats_compute(day=today), args.repeat)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.interviews} interviews, {answers} answers (filled in {fill:.1f} s)")
    print(f"floor   (GROUP BY question_id): {floor_s * 1000:8.1f} ms")
    print(f"first run, backfilling 30 days:  {backfill_s * 1000:8.1f} ms")
    print(f"nightly (day + rolling 30 days): {nightly_s * 1000:8.1f} ms")
    print(f"ratio nightly / floor: {nightly_s / floor_s:.2f}x (target <= 3x)")
    print(f"peak RSS of this process: {peak_mb:.0f} MB (target < 200 MB)")
    if server is not None:
        server.cleanup()


if __name__ == "__main__":
    main()
