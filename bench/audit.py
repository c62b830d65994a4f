"""Audit overhead: the time an audit entry adds to a read of raw answers.

    .venv/bin/python -m bench.audit [--runs 200]

On PostgreSQL (DATABASE_URL, or a throwaway pgserver), an HR admin reads one answered
interview's transcript in the admin and its report through the API, through Django's whole
middleware stack in this process. Each read runs ``--runs`` times audited and as many times
with the view's audit write replaced by a no-op (a patch in this process only: the product has
no switch to turn auditing off), interleaved so that drift hits both alike; it prints the
medians and their difference, with DEBUG off as in production. Target: the audit adds under
20 ms to a read.
Exits 1 when missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import partial
from unittest import mock

from bench.postgres import django_on_postgres

# One INSERT and its commit; far below what a reader of the page could notice.
OVERHEAD_LIMIT_MS = 20.0


def _interview_read_by_admin() -> tuple[int, str]:
    """An interview with every question answered, and an API token of an HR admin."""
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token

    from interviews.models import Employee
    from interviews.selectors import interview_state_get
    from interviews.services.answers import interview_answer_submit
    from interviews.services.interviews import interview_create

    admin = User.objects.create_superuser("bench-audit", "audit@example.com", None)
    employee = Employee.objects.create(employee_id="bench-audit", name="Bench Audit")
    interview = interview_create(employee=employee).interview
    answers = {"rating": "4", "enps": "8", "yes_no": "yes"}
    while (question := interview_state_get(interview=interview).progress.current) is not None:
        raw = question.choices[0] if question.has_choices else answers.get(question.kind, "Pay.")
        interview_answer_submit(interview=interview, question_id=question.pk, raw=raw)
        interview.refresh_from_db()
    return interview.pk, Token.objects.create(user=admin).key


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _timed(read: Callable[[], int], quiet: Callable[[], AbstractContextManager[object]]) -> float:
    with quiet():
        start = time.perf_counter()
        status = read()
        elapsed = time.perf_counter() - start
    assert status == 200, status
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    runs = parser.parse_args().runs
    os.environ.setdefault("DJANGO_DEBUG", "false")
    server = django_on_postgres()
    try:
        from django.contrib.auth.models import User
        from django.test import Client

        from audit.models import AuditEntry
        from audit.services import audit_record

        pk, token = _interview_read_by_admin()
        browser = Client()
        browser.force_login(User.objects.get(username="bench-audit"))
        api = Client(HTTP_AUTHORIZATION=f"Token {token}")
        reads = {
            "admin transcript": (
                "interviews.admin.interviews.audit_record",
                lambda: browser.get(f"/admin/interviews/interview/{pk}/change/").status_code,
            ),
            "API report": (
                "interviews.api.views.audit_record",
                lambda: api.get(f"/api/v1/interviews/{pk}/report/").status_code,
            ),
        }
        worst = 0.0
        print(f"{'read':<18}{'audited ms':>12}{'unaudited ms':>14}{'overhead ms':>13}")
        for name, (target, read) in reads.items():
            audited_read = partial(mock.patch, target, wraps=audit_record)
            unaudited_read = partial(mock.patch, target)
            audited: list[float] = []
            unaudited: list[float] = []
            for _ in range(5):  # warm the caches and the connection
                read()
            before = AuditEntry.objects.count()
            for _ in range(runs):
                # Both runs go through a mock, so its own cost cancels out of the difference.
                audited.append(_timed(read, audited_read))
                unaudited.append(_timed(read, unaudited_read))
            assert AuditEntry.objects.count() == before + runs, "every audited read wrote"
            overhead = _median_ms(audited) - _median_ms(unaudited)
            worst = max(worst, overhead)
            print(
                f"{name:<18}{_median_ms(audited):>12.2f}{_median_ms(unaudited):>14.2f}"
                f"{overhead:>13.2f}"
            )
        print(f"medians of {runs} runs each; target: overhead under {OVERHEAD_LIMIT_MS} ms")
        return 0 if worst < OVERHEAD_LIMIT_MS else 1
    finally:
        if server is not None:
            server.cleanup()


if __name__ == "__main__":
    sys.exit(main())
