"""Writes for analytics: the question statistics."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import (
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

from analytics.models import ComputedDay, QuestionStats
from interviews.models import Interview, Question, Response

logger = logging.getLogger(__name__)

DROPPED_STATUSES = (Interview.Status.IN_PROGRESS, Interview.Status.EXPIRED)
Group = tuple[int, str]


# Seconds above this count as this much in the median: someone who left the page for a day
# is "slow", and the histogram the median is read from stays small whatever the data size.
MEDIAN_CAP_SECONDS = 3600


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

    def add_row(self, row: QuestionStats) -> None:
        """Add a stored day row's partial sums."""
        self.responses += row.responses
        self.non_empty += row.non_empty
        self.length_sum += row.length_sum
        self.sentiment_sum += row.sentiment_sum
        self.sentiment_n += row.sentiment_n
        for value, count in row.seconds_histogram.items():
            self.seconds[int(value)] = self.seconds.get(int(value), 0) + count

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


def _day_totals(day: datetime.date) -> dict[Group, _Totals]:
    """One index-range scan of a day's answers, no join: sums per question, mode and
    (capped) seconds. A day's answers never change, so these sums stay valid."""
    non_empty = ~Q(employee_message="")
    capped = Case(
        When(seconds_spent__gt=MEDIAN_CAP_SECONDS, then=Value(MEDIAN_CAP_SECONDS)),
        default=F("seconds_spent"),
        output_field=IntegerField(),
    )
    rows = (
        _in_period(day, day + datetime.timedelta(days=1))
        .annotate(seconds=capped)
        .values("question_id", "mode", "seconds")
        .annotate(
            n=Count("id"),
            non_empty=Count("id", filter=non_empty),
            length_sum=Sum(Length("employee_message"), filter=non_empty),
            sentiment_sum=Sum("sentiment"),
            sentiment_n=Count("sentiment"),
        )
        .order_by()
    )
    totals: dict[Group, _Totals] = defaultdict(_Totals)
    for row in rows:
        totals[(row["question_id"], row["mode"])].add(dict(row))
    return totals


def _in_period(start: datetime.date, end: datetime.date) -> QuerySet[Response]:
    return Response.objects.filter(created_at__gte=_midnight(start), created_at__lt=_midnight(end))


# Reads the answers of unfinished interviews through the interview index. OFFSET 0 keeps the
# planner from flattening the lateral subquery into a hash join that would scan every answer.
UNFINISHED_SQL = """
SELECT r.question_id, r.mode, count(*)
FROM interviews_interview AS i
CROSS JOIN LATERAL (
    SELECT question_id, mode FROM interviews_response
    WHERE interview_id = i.id AND created_at >= %(start)s AND created_at < %(end)s
    OFFSET 0
) AS r
WHERE i.status <> %(completed)s AND i.last_activity_at >= %(start)s
GROUP BY 1, 2
"""


def _unfinished(start: datetime.date, end: datetime.date) -> dict[Group, int]:
    """Answers given in the period in interviews not completed (today's status, the minority).

    Only interviews active since the period began can have answers in it.
    """
    if connection.vendor != "postgresql":
        return _unfinished_portable(start, end)
    params: dict[str, Any] = {
        "start": _midnight(start),
        "end": _midnight(end),
        "completed": Interview.Status.COMPLETED.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(UNFINISHED_SQL, params)
        rows = cursor.fetchall()
    return {(question_id, mode): n for question_id, mode, n in rows}


def _unfinished_portable(start: datetime.date, end: datetime.date) -> dict[Group, int]:
    """The same with the ORM, for SQLite (no LATERAL): a semi-join the planner may scan."""
    rows = (
        _in_period(start, end)
        .exclude(interview__status=Interview.Status.COMPLETED)
        .values_list("question_id", "mode")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(question_id, mode): n for question_id, mode, n in rows}


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


def _questions(ids: set[int]) -> dict[int, dict[str, Any]]:
    return {
        q["id"]: dict(q)
        for q in Question.objects.filter(id__in=ids).values("id", "question_set_id", "key", "order")
    }


def _row(
    period: str,
    start: datetime.date,
    end: datetime.date,
    question: dict[str, Any],
    mode: str,
    totals: _Totals,
    unfinished: int,
    drop_off: int,
) -> QuestionStats:
    return QuestionStats(
        question_set_id=question["question_set_id"],
        question_key=question["key"],
        question_order=question["order"],
        mode=mode,
        period=period,
        period_start=start,
        period_end=end,
        responses=totals.responses,
        non_empty=totals.non_empty,
        avg_length=totals.length_sum / totals.non_empty if totals.non_empty else None,
        completion_rate=1 - unfinished / totals.responses,
        drop_off=drop_off,
        median_seconds=totals.median_seconds(),
        avg_sentiment=totals.sentiment_sum / totals.sentiment_n if totals.sentiment_n else None,
        length_sum=totals.length_sum,
        sentiment_sum=totals.sentiment_sum,
        sentiment_n=totals.sentiment_n,
        seconds_histogram={str(k): v for k, v in totals.seconds.items()},
    )


def _replace(period: str, start: datetime.date, rows: list[QuestionStats]) -> int:
    with transaction.atomic():
        QuestionStats.objects.filter(period=period, period_start=start).delete()
        QuestionStats.objects.bulk_create(rows)
    return len(rows)


def _day_compute(day: datetime.date) -> int:
    """The day's rows, from one scan of that day's answers."""
    end = day + datetime.timedelta(days=1)
    totals = _day_totals(day)
    unfinished = _unfinished(day, end) if totals else {}
    drops = _drop_offs(day, end) if totals else {}
    questions = _questions({question_id for question_id, _ in totals})
    rows = [
        _row(
            QuestionStats.Period.DAY,
            day,
            end,
            questions[question_id],
            mode,
            t,
            unfinished.get((question_id, mode), 0),
            drops.get((question_id, mode), 0),
        )
        for (question_id, mode), t in totals.items()
    ]
    written = _replace(QuestionStats.Period.DAY, day, rows)
    ComputedDay.objects.update_or_create(day=day)
    return written


def _window_compute(start: datetime.date, end: datetime.date) -> int:
    """The rolling window summed from its day rows, with completion and drop-off as of now."""
    totals: dict[tuple[int, str, str], _Totals] = defaultdict(_Totals)
    orders: dict[tuple[int, str, str], int] = {}
    for day_row in QuestionStats.objects.filter(
        period=QuestionStats.Period.DAY, period_start__gte=start, period_start__lt=end
    ):
        key = (day_row.question_set_id, day_row.question_key, day_row.mode)
        totals[key].add_row(day_row)
        orders[key] = day_row.question_order
    unfinished = _unfinished(start, end) if totals else {}
    drops = _drop_offs(start, end) if totals else {}
    questions = _questions({q for q, _ in unfinished} | {q for q, _ in drops})
    by_key: dict[tuple[int, str, str], int] = defaultdict(int)
    dropped: dict[tuple[int, str, str], int] = defaultdict(int)
    for source, target in ((unfinished, by_key), (drops, dropped)):
        for (question_id, mode), n in source.items():
            question = questions[question_id]
            target[(question["question_set_id"], question["key"], mode)] += n
    rows = [
        _row(
            QuestionStats.Period.ROLLING_30,
            start,
            end,
            {"question_set_id": set_id, "key": key, "order": orders[(set_id, key, mode)]},
            mode,
            t,
            by_key.get((set_id, key, mode), 0),
            dropped.get((set_id, key, mode), 0),
        )
        for (set_id, key, mode), t in totals.items()
    ]
    return _replace(QuestionStats.Period.ROLLING_30, start, rows)


def question_stats_compute(*, day: datetime.date) -> int:
    """Compute ``day`` and the 30 days ending with it; replace old rows of those periods.

    The day is read in one index-range scan; earlier days of the window that have no rows
    yet are computed the same way (a first run backfills, later nights find them done); the
    window is summed from the day rows, with completion and drop-off from today's statuses.
    A fixed number of queries per day, whatever the number of answers. Returns rows written.
    """
    end = day + datetime.timedelta(days=1)
    start = end - datetime.timedelta(days=30)
    done = set(
        ComputedDay.objects.filter(day__gte=start, day__lt=day).values_list("day", flat=True)
    )
    written = 0
    for offset in range(30):
        current = start + datetime.timedelta(days=offset)
        if current == day or current not in done:
            written += _day_compute(current)
    return written + _window_compute(start, end)
