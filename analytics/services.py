"""Writes for analytics: experience events and the question statistics."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import Aggregate, Avg, Count, F, FloatField, Max, Q, QuerySet, Window
from django.db.models.functions import Length, RowNumber
from django.utils import timezone
from prometheus_client import Counter

from analytics.models import ExperienceEvent, QuestionStats
from interviews.models import Interview, Question, Response

logger = logging.getLogger(__name__)

EVENT_FAILURES = Counter(
    "analytics_event_failures_total", "Experience events that could not be recorded", ["type"]
)
DROPPED_STATUSES = (Interview.Status.IN_PROGRESS, Interview.Status.EXPIRED)
Group = tuple[int, str]


def event_record(*, interview_id: int, type: str, data: dict[str, Any] | None = None) -> None:
    """Record an event once the current transaction commits; a failure is logged, not raised.

    The employee's request never waits on or fails because of analytics: the event is written
    after the answer is committed, and a database error here is counted and logged without
    any answer text or identity.
    """

    def write() -> None:
        try:
            # A savepoint: a failed insert must not poison a surrounding transaction.
            with transaction.atomic():
                ExperienceEvent.objects.create(
                    interview_id=interview_id, type=type, data=data or {}
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


class Median(Aggregate):
    """PostgreSQL's exact median of a column."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _in_period(start: datetime.date, end: datetime.date) -> QuerySet[Response]:
    tz = timezone.get_current_timezone()
    return Response.objects.filter(
        created_at__gte=datetime.datetime.combine(start, datetime.time(), tz),
        created_at__lt=datetime.datetime.combine(end, datetime.time(), tz),
    )


def _medians_by_window(responses: QuerySet[Response]) -> dict[Group, float]:
    """Medians with window functions, for databases without percentile_cont (SQLite)."""
    group = [F("question_id"), F("interview__mode")]
    ranked = (
        responses.filter(seconds_spent__isnull=False)
        .annotate(
            rank=Window(RowNumber(), partition_by=group, order_by=F("seconds_spent").asc()),
            size=Window(Count("id"), partition_by=group),
        )
        .filter(Q(rank=(F("size") + 1) / 2) | Q(rank=(F("size") + 2) / 2))
        .values_list("question_id", "interview__mode", "seconds_spent")
    )
    middle: dict[Group, list[int]] = defaultdict(list)
    for question_id, mode, seconds in ranked:
        middle[(question_id, mode)].append(seconds or 0)  # filtered: never None here
    return {key: sum(values) / len(values) for key, values in middle.items()}


def _drop_offs(responses: QuerySet[Response]) -> dict[Group, int]:
    """Interviews still open or expired whose last answer is this question."""
    last_answers = (
        Response.objects.filter(interview__status__in=DROPPED_STATUSES)
        .values("interview_id")
        .annotate(last=Max("id"))
        .values("last")
    )
    rows = (
        responses.filter(id__in=last_answers)
        .values_list("question_id", "interview__mode")
        .annotate(n=Count("id"))
    )
    return {(question_id, mode): n for question_id, mode, n in rows}


def _period_stats(period: str, start: datetime.date, end: datetime.date) -> list[QuestionStats]:
    responses = _in_period(start, end)
    postgres = connection.vendor == "postgresql"
    aggregates: dict[str, Any] = {
        "responses": Count("id"),
        "non_empty": Count("id", filter=~Q(employee_message="")),
        "avg_length": Avg(Length("employee_message"), filter=~Q(employee_message="")),
        "completed": Count("id", filter=Q(interview__status=Interview.Status.COMPLETED)),
        "avg_sentiment": Avg("sentiment"),
    }
    if postgres:
        aggregates["median_seconds"] = Median("seconds_spent")
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in responses.values("question_id", "interview__mode").annotate(**aggregates)
    ]
    if not rows:
        return []
    medians = {} if postgres else _medians_by_window(responses)
    drops = _drop_offs(responses)
    questions = {
        q["id"]: q
        for q in Question.objects.filter(id__in={r["question_id"] for r in rows}).values(
            "id", "question_set_id", "key", "order"
        )
    }
    stats = []
    for row in rows:
        group = (row["question_id"], row["interview__mode"])
        question = questions[row["question_id"]]
        stats.append(
            QuestionStats(
                question_set_id=question["question_set_id"],
                question_key=question["key"],
                question_order=question["order"],
                mode=row["interview__mode"],
                period=period,
                period_start=start,
                period_end=end,
                responses=row["responses"],
                non_empty=row["non_empty"],
                avg_length=row["avg_length"],
                completion_rate=row["completed"] / row["responses"],
                drop_off=drops.get(group, 0),
                median_seconds=row["median_seconds"] if postgres else medians.get(group),
                avg_sentiment=row["avg_sentiment"],
            )
        )
    return stats


def question_stats_compute(*, day: datetime.date) -> int:
    """Compute the statistics of ``day`` and of the 30 days ending with it; replace old rows.

    A fixed number of queries per period, whatever the number of answers: the work is
    GROUP BY and conditional aggregates in the database. Returns the rows written.
    """
    end = day + datetime.timedelta(days=1)
    periods = [
        (QuestionStats.Period.DAY, day),
        (QuestionStats.Period.ROLLING_30, end - datetime.timedelta(days=30)),
    ]
    written = 0
    for period, start in periods:
        stats = _period_stats(period, start, end)
        with transaction.atomic():
            QuestionStats.objects.filter(period=period, period_start=start).delete()
            QuestionStats.objects.bulk_create(stats)
        written += len(stats)
    return written
