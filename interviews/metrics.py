"""Prometheus counters for interviews, exposed wherever /metrics is served."""

from __future__ import annotations

from prometheus_client import Counter

LLM_FALLBACKS = Counter(
    "llm_fallbacks",
    "LLM turns replaced by the next predefined question, by reason.",
    ["reason"],
)

EVENT_FAILURES = Counter(
    "analytics_event_failures_total", "Experience events that could not be recorded", ["type"]
)
