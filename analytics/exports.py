"""Streamed CSV and XLSX exports in constant memory, safe against formula injection."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.db.models import Min
from openpyxl import Workbook

from analytics.selectors import department_labels, stats_latest_list
from exitbot.lib.anonymity import threshold
from exitbot.lib.spreadsheet import cell_safe
from interviews.models import Interview, Question, Response

CHUNK = 2000
HIDDEN = "(hidden: small group)"


def question_keys() -> list[str]:
    """Every question key, in the order the questions are asked."""
    return list(
        Question.objects.values("key")
        .annotate(first=Min("order"))
        .order_by("first", "key")
        .values_list("key", flat=True)
    )


def interview_rows() -> Iterator[list[Any]]:
    """A header, then one row per interview with its answers by question key.

    Interviews and answers are both read in interview order in chunks and merged, so memory
    stays flat whatever the number of interviews. No names or employee ids; departments under
    the anonymity threshold are shown as "Other" or hidden.
    """
    keys = question_keys()
    departments = department_labels()
    yield [
        "interview",
        "question_set",
        "version",
        "mode",
        "status",
        "department",
        "exit_type",
        "regrettable",
        "started_at",
        "completed_at",
        *keys,
    ]
    answers = (
        Response.objects.order_by("interview_id")
        .values_list("interview_id", "question__key", "employee_message")
        .iterator(chunk_size=CHUNK)
    )
    pending = next(answers, None)
    interviews = (
        Interview.objects.order_by("id")
        .values_list(
            "id",
            "question_set__slug",
            "question_set__version",
            "mode",
            "status",
            "employee__department",
            "exit_type",
            "regrettable",
            "started_at",
            "completed_at",
        )
        .iterator(chunk_size=CHUNK)
    )
    for pk, slug, version, mode, status, dept, exit_type, regrettable, started, done in interviews:
        by_key: dict[str, str] = {}
        while pending is not None and pending[0] <= pk:
            if pending[0] == pk:
                by_key[pending[1]] = pending[2]
            pending = next(answers, None)
        yield [
            pk,
            slug,
            version,
            mode,
            status,
            departments.get(dept or "Unknown") or HIDDEN,
            exit_type,
            "" if regrettable is None else ("yes" if regrettable else "no"),
            started.isoformat() if started else "",
            done.isoformat() if done else "",
            *(by_key.get(key, "") for key in keys),
        ]


def stats_rows(k: int) -> Iterator[list[Any]]:
    """A header, then the latest 30-day statistics; figures under the threshold are blank."""
    yield [
        "question_set",
        "version",
        "question_key",
        "mode",
        "period_start",
        "period_end",
        "responses",
        "non_empty",
        "avg_length",
        "completion_rate",
        "drop_off",
        "median_seconds",
        "avg_sentiment",
    ]
    for s in stats_latest_list().order_by("question_set__slug", "question_order", "mode"):
        shown = s.responses >= threshold(k)
        figures = [
            s.non_empty,
            s.avg_length,
            s.completion_rate,
            s.drop_off,
            s.median_seconds,
            s.avg_sentiment,
        ]
        yield [
            s.question_set.slug,
            s.question_set.version,
            s.question_key,
            s.mode,
            s.period_start.isoformat(),
            s.period_end.isoformat(),
            s.responses,
            *(figures if shown else [HIDDEN] + [""] * (len(figures) - 1)),
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(rows: Iterable[list[Any]]) -> Iterator[str]:
    """Rows as CSV lines, one at a time."""
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([cell_safe(cell) for cell in row])


def xlsx_file(rows: Iterable[list[Any]], title: str) -> IO[bytes]:
    """Rows in a write-only workbook spooled to a temporary file, rewound for streaming."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)
    for row in rows:
        sheet.append([cell_safe(cell) for cell in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return handle
