"""Prometheus metrics of analytics, exposed at /metrics."""

from __future__ import annotations

from prometheus_client import Counter

EVENT_FAILURES = Counter(
    "analytics_event_failures_total", "Experience events that could not be recorded", ["type"]
)
