"""Writes for analytics: experience events and the question statistics."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Length
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


# Seconds above this count as this much in the median: someone who left the page for a day
# is "slow", and the histogram the median is read from stays small whatever the data size.
MEDIAN_CAP_SECONDS = 3600


def _in_period(start: datetime.date, end: datetime.date) -> QuerySet[Response]:
    return Response.objects.filter(created_at__gte=_midnight(start), created_at__lt=_midnight(end))


@dataclass
class _Totals:
    """Sums for one question and mode, rolled up from the per-seconds rows of the query."""

    responses: int = 0
    non_empty: int = 0
    length_sum: int = 0
    sentiment_sum: float = 0.0
    sentiment_n: int = 0
    seconds: dict[int, int] = field(default_factory=dict)

    def add(self, row: dict[str, Any]) -> None:
        self.responses += row["n"]
        self.non_empty += row["non_empty"]
        self.length_sum += row["length_sum"] or 0
        self.sentiment_sum += row["sentiment_sum"] or 0.0
        self.sentiment_n += row["sentiment_n"]
        if row["seconds"] is not None:
            self.seconds[row["seconds"]] = self.seconds.get(row["seconds"], 0) + row["n"]

    def median_seconds(self) -> float | None:
        """The median read from the seconds histogram (the mean of the two middle values)."""
        total = sum(self.seconds.values())
        if not total:
            return None
        wanted = [(total - 1) // 2, total // 2]
        found: list[int] = []
        seen = 0
        for value in sorted(self.seconds):
            count = self.seconds[value]
            found += [value for index in wanted if seen <= index < seen + count]
            seen += count
        return sum(found) / len(found)


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), timezone.get_current_timezone())


def _on_day(day: datetime.date) -> Case:
    """True for answers given on ``day``: lets one scan of the window serve both periods."""
    return Case(
        When(created_at__gte=_midnight(day), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def _totals(
    responses: QuerySet[Response], day: datetime.date
) -> tuple[dict[Group, _Totals], dict[Group, _Totals]]:
    """One scan of the window's answers, no join: sums per question, mode and (capped)
    seconds, split by whether the answer was given on ``day``. Returns (window, day)."""
    non_empty = ~Q(employee_message="")
    capped = Case(
        When(seconds_spent__gt=MEDIAN_CAP_SECONDS, then=Value(MEDIAN_CAP_SECONDS)),
        default=F("seconds_spent"),
        output_field=IntegerField(),
    )
    rows = (
        responses.annotate(seconds=capped, on_day=_on_day(day))
        .values("question_id", "mode", "seconds", "on_day")
        .annotate(
            n=Count("id"),
            non_empty=Count("id", filter=non_empty),
            length_sum=Sum(Length("employee_message"), filter=non_empty),
            sentiment_sum=Sum("sentiment"),
            sentiment_n=Count("sentiment"),
        )
        .order_by()
    )
    window: dict[Group, _Totals] = defaultdict(_Totals)
    on_day: dict[Group, _Totals] = defaultdict(_Totals)
    for row in rows:
        key = (row["question_id"], row["mode"])
        window[key].add(dict(row))
        if row["on_day"]:
            on_day[key].add(dict(row))
    return window, on_day


# Reads the answers of unfinished interviews through the interview index. OFFSET 0 keeps the
# planner from flattening the lateral subquery into a hash join that would scan every answer.
UNFINISHED_SQL = """
SELECT r.question_id, r.mode, r.created_at >= %(day)s AS on_day, count(*)
FROM interviews_interview AS i
CROSS JOIN LATERAL (
    SELECT question_id, mode, created_at FROM interviews_response
    WHERE interview_id = i.id AND created_at >= %(start)s AND created_at < %(end)s
    OFFSET 0
) AS r
WHERE i.status <> %(completed)s AND i.last_activity_at >= %(start)s
GROUP BY 1, 2, 3
"""


def _unfinished(
    start: datetime.date, end: datetime.date, day: datetime.date
) -> tuple[dict[Group, int], dict[Group, int]]:
    """Answers in interviews not completed (the minority), for the window and for ``day``.

    Only interviews active since the window began can have answers in it.
    """
    if connection.vendor != "postgresql":
        return _unfinished_portable(start, end, day)
    params: dict[str, Any] = {
        "day": _midnight(day),
        "start": _midnight(start),
        "end": _midnight(end),
        "completed": Interview.Status.COMPLETED.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(UNFINISHED_SQL, params)
        return _split_by_day(cursor.fetchall())


def _unfinished_portable(
    start: datetime.date, end: datetime.date, day: datetime.date
) -> tuple[dict[Group, int], dict[Group, int]]:
    """The same with the ORM, for SQLite (no LATERAL): a semi-join the planner may scan."""
    rows = (
        _in_period(start, end)
        .exclude(interview__status=Interview.Status.COMPLETED)
        .annotate(on_day=_on_day(day))
        .values_list("question_id", "mode", "on_day")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _split_by_day(list(rows))


def _split_by_day(
    rows: list[tuple[int, str, bool, int]],
) -> tuple[dict[Group, int], dict[Group, int]]:
    window: dict[Group, int] = defaultdict(int)
    on_day: dict[Group, int] = defaultdict(int)
    for question_id, mode, today, n in rows:
        window[(question_id, mode)] += n
        if today:
            on_day[(question_id, mode)] += n
    return window, on_day


def _drop_offs(start: datetime.date, end: datetime.date) -> dict[Group, int]:
    """Open or expired interviews, last active in the period, by the question answered last."""
    rows = (
        Interview.objects.filter(
            status__in=DROPPED_STATUSES,
            last_question__isnull=False,
            last_activity_at__gte=_midnight(start),
            last_activity_at__lt=_midnight(end),
        )
        .values_list("last_question", "mode")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(question_id, mode): n for question_id, mode, n in rows}


def _rows(
    period: str,
    start: datetime.date,
    end: datetime.date,
    totals: dict[Group, _Totals],
    unfinished: dict[Group, int],
    questions: dict[int, dict[str, Any]],
) -> list[QuestionStats]:
    drops = _drop_offs(start, end)
    stats = []
    for (question_id, mode), t in totals.items():
        question = questions[question_id]
        stats.append(
            QuestionStats(
                question_set_id=question["question_set_id"],
                question_key=question["key"],
                question_order=question["order"],
                mode=mode,
                period=period,
                period_start=start,
                period_end=end,
                responses=t.responses,
                non_empty=t.non_empty,
                avg_length=t.length_sum / t.non_empty if t.non_empty else None,
                completion_rate=1 - unfinished.get((question_id, mode), 0) / t.responses,
                drop_off=drops.get((question_id, mode), 0),
                median_seconds=t.median_seconds(),
                avg_sentiment=t.sentiment_sum / t.sentiment_n if t.sentiment_n else None,
            )
        )
    return stats


def question_stats_compute(*, day: datetime.date) -> int:
    """Compute the statistics of ``day`` and of the 30 days ending with it; replace old rows.

    A fixed number of queries whatever the number of answers: one GROUP BY scan of the
    window serves both periods, plus small queries for unfinished interviews and drop-offs.
    Returns the rows written.
    """
    end = day + datetime.timedelta(days=1)
    start = end - datetime.timedelta(days=30)
    responses = _in_period(start, end)
    window, on_day = _totals(responses, day)
    unfinished_window, unfinished_day = _unfinished(start, end, day) if window else ({}, {})
    questions: dict[int, dict[str, Any]] = {
        q["id"]: dict(q)
        for q in Question.objects.filter(id__in={q_id for q_id, _ in window}).values(
            "id", "question_set_id", "key", "order"
        )
    }
    periods = [
        (QuestionStats.Period.DAY, day, on_day, unfinished_day),
        (QuestionStats.Period.ROLLING_30, start, window, unfinished_window),
    ]
    written = 0
    for period, period_start, totals, unfinished in periods:
        stats = _rows(period, period_start, end, totals, unfinished, questions) if totals else []
        with transaction.atomic():
            QuestionStats.objects.filter(period=period, period_start=period_start).delete()
            QuestionStats.objects.bulk_create(stats)
        written += len(stats)
    return written
