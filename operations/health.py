"""Readiness checks: each returns None when healthy, or a message saying what is wrong."""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from exitbot.celery import app


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    ms: float
    error: str

    def as_dict(self) -> dict[str, object]:
        result: dict[str, object] = {"status": "ok" if self.ok else "error", "ms": self.ms}
        if self.error:
            result["error"] = self.error
        return result


def database_check() -> str | None:
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return f"database unreachable: {type(exc).__name__}: {str(exc).strip()[:200]}"
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
        return f"{len(plan)} migration(s) not applied: {names}"
    return None


def cache_check() -> str | None:
    key, value = f"health-{uuid.uuid4().hex}", "ok"
    try:
        cache.set(key, value, timeout=10)
        found = cache.get(key)
        cache.delete(key)
    except (RedisError, OSError) as exc:
        return f"cache unreachable: {type(exc).__name__}: {exc}"
    return None if found == value else "cache did not return the value just stored"


def broker_check() -> str | None:
    if not settings.CELERY_BROKER_URL:
        return None  # tasks run inline: there is no broker to reach
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except (BrokerError, RedisError, OSError) as exc:
        return f"Celery broker unreachable: {type(exc).__name__}: {exc}"
    return None


def disk_check() -> str | None:
    path = settings.PROMETHEUS_MULTIPROC_DIR or str(settings.BASE_DIR)
    try:
        free_mb = shutil.disk_usage(path).free / 2**20
    except OSError as exc:
        return f"cannot read free space of {path}: {exc}"
    if free_mb < settings.HEALTH_MIN_FREE_MB:
        minimum = settings.HEALTH_MIN_FREE_MB
        return f"{free_mb:.0f} MB free at {path}, under HEALTH_MIN_FREE_MB={minimum}"
    return None


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": database_check,
    "cache": cache_check,
    "broker": broker_check,
    "disk": disk_check,
}


def readiness_run() -> list[CheckResult]:
    """Run every check and time it."""
    results = []
    for name, check in CHECKS.items():
        started = time.perf_counter()
        error = check()
        ms = round((time.perf_counter() - started) * 1000, 2)
        results.append(CheckResult(name, error is None, ms, error or ""))
    return results
