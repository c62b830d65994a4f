"""The interview event log: written after commit without ever failing the employee, read
by the admin timeline and by analytics (no answer text, no identity)."""

from __future__ import annotations

import logging
from contextlib import nullcontext
from typing import Any

from django.db import DatabaseError, connection, transaction

from interviews.metrics import EVENT_FAILURES
from interviews.models import ExperienceEvent, Interview
from interviews.rows import EVENTS

logger = logging.getLogger(__name__)


def event_record(*, interview_id: int, type: str, data: dict[str, Any] | None = None) -> None:
    """Record an event once the current transaction commits; a failure is logged, not raised.

    The employee's request never waits on or fails because of analytics: the event is written
    after the answer is committed, and a database error here is counted and logged without
    any answer text or identity.
    """

    def write() -> None:
        try:
            # After the commit the connection is in autocommit and the INSERT stands alone; a
            # savepoint is needed only inside an outer transaction, which a failed insert must
            # not poison. Skipping BEGIN and COMMIT saves two statements per event.
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                EVENTS.insert(
                    ExperienceEvent(interview_id=interview_id, type=type, data=data or {})
                )
        except DatabaseError as exc:
            EVENT_FAILURES.labels(type=type).inc()
            logger.warning(
                "Could not record a %s event for interview #%s (%s)",
                type,
                interview_id,
                exc.__class__.__name__,
            )

    transaction.on_commit(write)


def event_timeline(*, interview: Interview) -> list[tuple[ExperienceEvent, float | None]]:
    """An interview's events in order, each with the seconds since the one before."""
    events = list(ExperienceEvent.objects.filter(interview=interview).order_by("created_at", "id"))
    timeline: list[tuple[ExperienceEvent, float | None]] = []
    previous = None
    for event in events:
        gap = (event.created_at - previous).total_seconds() if previous else None
        timeline.append((event, gap))
        previous = event.created_at
    return timeline
