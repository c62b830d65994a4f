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


@shared_task
def sensitive_notify_task(comment_id: int) -> int:
    """E-mail the people who handle sensitive comments that one is waiting."""
    from analytics.comments import sensitive_notify

    return sensitive_notify(comment_id=comment_id)


@shared_task
def comments_nightly_task() -> dict[str, int]:
    """Catch up on themes, run the LLM coding pass and recompute emerging topics."""
    from analytics.comments import comments_nightly

    return comments_nightly()
