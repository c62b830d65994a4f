"""Prometheus metrics of interviews, under the names the old system's dashboards use.

Each is recorded by a one-line decorator at the entry point it measures; no label carries an
employee id, a token or free text. Exposed at /metrics (operations.views.metrics_view).
"""

from __future__ import annotations

import datetime
import functools
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

# The old system's buckets (0.1 to 5 s) and finer ones below them: answers take about 10 ms.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0, 2.0, 5.0)
COMPLETION_RATE_DAYS = 30

INTERVIEW_CREATION_TIME = Histogram(
    "interview_creation_time_seconds",
    "Time to create an interview and its invite link, whatever the entry point.",
    buckets=LATENCY_BUCKETS,
)
MESSAGE_RESPONSE_TIME = Histogram(
    "message_response_time_seconds",
    "Time from an answer's request (page or API) to its response being ready, by mode.",
    ["mode"],
    buckets=LATENCY_BUCKETS,
)
INTERVIEWS_STARTED = Counter(
    "interviews_started",
    "Interview creations by outcome (success, error) and mode (predefined, llm, none).",
    ["status", "mode"],
)
INTERVIEWS_COMPLETED = Counter(
    "interviews_completed", "Interviews completed by their last answer, by mode.", ["mode"]
)
LLM_FALLBACKS = Counter(
    "llm_fallbacks",
    "LLM turns replaced by the next predefined question, by reason.",
    ["reason"],
)

# The mode of the interview answered in this request: the answer service sets it for the
# view's timer, because the view has not loaded the interview yet when the timer starts.
_answer_mode: ContextVar[str | None] = ContextVar("answer_mode", default=None)
P = ParamSpec("P")
R = TypeVar("R")


def creation_timed(create: Callable[P, R]) -> Callable[P, R]:
    """Time an interview-creating service and count its outcome."""

    @functools.wraps(create)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        started = time.perf_counter()
        try:
            result = create(*args, **kwargs)
        except Exception:
            INTERVIEWS_STARTED.labels(status="error", mode="none").inc()
            raise
        INTERVIEW_CREATION_TIME.observe(time.perf_counter() - started)
        INTERVIEWS_STARTED.labels(status="success", mode=result.interview.mode).inc()  # type: ignore[attr-defined]
        return result

    return wrapped


def answer_mode_note(mode: str) -> None:
    """Tell the request's answer timer the mode of the interview the answer service locked."""
    _answer_mode.set(mode)


def answer_observed(submit: Callable[P, R]) -> Callable[P, R]:
    """On an answer service: count the interviews its answer completed."""

    @functools.wraps(submit)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        result = submit(*args, **kwargs)
        interview = result.interview  # type: ignore[attr-defined]
        if result.stored and interview.status == "completed":  # type: ignore[attr-defined]
            INTERVIEWS_COMPLETED.labels(mode=interview.mode).inc()
        return result

    return wrapped


def message_timed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Time an answer view from request to response ready, labelled with the mode that the
    answer service saw ("none" when the request never reached it: a 404, bad input)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = _answer_mode.set(None)
        started = time.perf_counter()
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()  # "ready" includes rendering; Django skips a rendered one
            elapsed = time.perf_counter() - started
            MESSAGE_RESPONSE_TIME.labels(mode=_answer_mode.get() or "none").observe(elapsed)
        finally:
            _answer_mode.reset(token)
        return response

    return wrapped


class CompletionRateCollector(Collector):
    """interview_completion_rate, computed by one aggregate query when /metrics is scraped."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from interviews.selectors import interview_completion_by_mode

        since = timezone.now() - datetime.timedelta(days=COMPLETION_RATE_DAYS)
        by_mode = interview_completion_by_mode(since=since)
        gauge = GaugeMetricFamily(
            "interview_completion_rate",
            f"Completed / started interviews started in the last {COMPLETION_RATE_DAYS} days, "
            'by mode and overall (mode="all"); absent while nothing was started.',
            labels=["mode"],
        )
        for mode, counts in by_mode.items():
            if counts.started:
                gauge.add_metric([mode], counts.completed / counts.started)
        started = sum(counts.started for counts in by_mode.values())
        if started:
            completed = sum(counts.completed for counts in by_mode.values())
            gauge.add_metric(["all"], completed / started)
        yield gauge


EVENT_FAILURES = Counter(
    "analytics_event_failures_total", "Experience events that could not be recorded", ["type"]
)
