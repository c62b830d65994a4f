"""Prometheus metrics of the whole process (API errors, Celery outcomes) and the scrape itself.

In multiprocess mode (gunicorn with several workers, or a Celery prefork pool) every process
writes its samples to files in PROMETHEUS_MULTIPROC_DIR and the scrape sums them.
"""

from __future__ import annotations

import hmac
import ipaddress
import shutil
from pathlib import Path
from typing import Any

from celery import signals
from django.conf import settings
from django.http import HttpRequest
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    generate_latest,
    multiprocess,
    start_http_server,
)

from interviews.metrics import CompletionRateCollector

API_ERRORS = Counter(
    "api_errors",
    "4xx and 5xx responses of /api/, by URL route name and status code.",
    ["endpoint", "status_code"],
)
CELERY_TASKS = Counter(
    "celery_tasks",
    "Celery task outcomes (success, failure, retry), by task name.",
    ["task", "state"],
)


def metrics_allowed(request: HttpRequest) -> bool:
    """An address in METRICS_ALLOWED_IPS (addresses or networks), or the METRICS_TOKEN bearer.

    REMOTE_ADDR is the peer of the socket, never a forwarded header that a client could set.
    """
    token = settings.METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(allowed, strict=False)
        for allowed in settings.METRICS_ALLOWED_IPS
    )


def _registry() -> CollectorRegistry:
    if not settings.PROMETHEUS_MULTIPROC_DIR:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def metrics_exposition() -> bytes:
    """Every process's samples, then the gauges computed now (one cheap query)."""
    at_scrape = CollectorRegistry(auto_describe=True)
    at_scrape.register(CompletionRateCollector())
    return generate_latest(_registry()) + generate_latest(at_scrape)


def multiproc_dir_clean(path: str) -> None:
    """Empty the multiprocess directory: samples of processes from an earlier start would be
    summed with the new ones."""
    directory = Path(path)
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)


def _task_name(sender: Any) -> str:
    return str(getattr(sender, "name", sender))


def _on_success(sender: Any = None, **kwargs: Any) -> None:
    CELERY_TASKS.labels(task=_task_name(sender), state="success").inc()


def _on_failure(sender: Any = None, **kwargs: Any) -> None:
    CELERY_TASKS.labels(task=_task_name(sender), state="failure").inc()


def _on_retry(sender: Any = None, **kwargs: Any) -> None:
    CELERY_TASKS.labels(task=_task_name(sender), state="retry").inc()


def _on_worker_init(**kwargs: Any) -> None:
    # Only a worker that serves its own metrics owns its directory (never gunicorn's).
    if settings.PROMETHEUS_MULTIPROC_DIR and settings.CELERY_METRICS_PORT:
        multiproc_dir_clean(settings.PROMETHEUS_MULTIPROC_DIR)


def _on_worker_ready(**kwargs: Any) -> None:
    if settings.CELERY_METRICS_PORT:
        start_http_server(settings.CELERY_METRICS_PORT, registry=_registry())


def celery_signals_connect() -> None:
    """Count task outcomes, and let a worker serve its own /metrics on CELERY_METRICS_PORT."""
    signals.task_success.connect(_on_success, weak=False)
    signals.task_failure.connect(_on_failure, weak=False)
    signals.task_retry.connect(_on_retry, weak=False)
    signals.celeryd_init.connect(_on_worker_init, weak=False)
    signals.worker_ready.connect(_on_worker_ready, weak=False)
