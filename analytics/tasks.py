"""Celery interface for analytics."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone


@shared_task
def question_stats_compute_task(day: str | None = None) -> int:
    """Compute the statistics of ``day`` (ISO date; yesterday when omitted, as beat runs it)."""
    from analytics.services import question_stats_compute

    target = (
        datetime.date.fromisoformat(day)
        if day
        else timezone.localdate() - datetime.timedelta(days=1)
    )
    return question_stats_compute(day=target)
