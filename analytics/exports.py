"""Streamed CSV and XLSX exports in constant memory, safe against formula injection."""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.db.models import Count, Min, QuerySet
from django.db.models.functions import TruncMonth
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from analytics.models import QuestionStats
from analytics.selectors import stats_latest_list
from exitbot.lib.anonymity import Generalisation, generalise, threshold
from exitbot.lib.spreadsheet import cell_safe, needs_neutralising
from interviews.kinds import free_text_kinds
from interviews.models import Interview, Question, Response
from interviews.redaction import redactor_get

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


GROUPING = ["question_set", "mode", "department", "exit_type", "regrettable", "completed_month"]
TEXT_HIDDEN = "(hidden: group under the comments threshold)"


def _grouping_values(
    slug: str,
    version: int,
    mode: str,
    department: str | None,
    exit_type: str,
    regrettable: bool | None,
    month: datetime.datetime | None,
) -> tuple[str, ...]:
    return (
        f"{slug} v{version}",
        mode,
        department or "Unknown",
        exit_type or "not classified",
        "" if regrettable is None else ("yes" if regrettable else "no"),
        month.strftime("%Y-%m") if month else "",
    )


def _respondents() -> QuerySet[Interview]:
    return Interview.objects.filter(status=Interview.Status.COMPLETED).annotate(
        month=TruncMonth("completed_at")
    )


GROUPING_FIELDS = (
    "question_set__slug",
    "question_set__version",
    "mode",
    "employee__department",
    "exit_type",
    "regrettable",
    "month",
)


def respondent_generalisation(k: int) -> Generalisation:
    """How the grouping columns are shown so that each combination holds k respondents."""
    counts = _respondents().values_list(*GROUPING_FIELDS).annotate(n=Count("id")).order_by()
    return generalise({_grouping_values(*row[:-1]): row[-1] for row in counts}, k)


def interview_rows(*, k: int, k_comments: int, with_free_text: bool) -> Iterator[list[Any]]:
    """A header, then one row per respondent (completed interview) with answers by key.

    Each row's groupings (set, mode, department, exit type, regret, month of completion) are
    recoded so that every combination holds at least ``k`` respondents, counted in one query
    before streaming; free text shows only in combinations of ``k_comments``, redacted, and
    never for a sensitive answer. Without ``with_free_text`` (a reader lacking the
    ``analytics.view_free_text`` grant) the free-text columns are left out altogether, so an
    empty cell always means "not answered". No names, ids or exact times. Interviews and
    answers are read in interview order in chunks and merged, so memory stays flat whatever the
    number of interviews.
    """
    free_text = set(
        Question.objects.filter(kind__in=free_text_kinds()).values_list("key", flat=True)
    )
    keys = [key for key in question_keys() if with_free_text or key not in free_text]
    recoding = respondent_generalisation(k)
    comments_from = threshold(k_comments)
    yield [*GROUPING, *keys]
    redactor = redactor_get()
    # Sensitive answers are only in the restricted queue; the export reads as if unanswered.
    answers = (
        Response.objects.filter(
            interview__status=Interview.Status.COMPLETED,
            sensitive__isnull=True,
            question__key__in=keys,
        )
        .order_by("interview_id")
        .values_list("interview_id", "question__key", "employee_message")
        .iterator(chunk_size=CHUNK)
    )
    pending = next(answers, None)
    interviews = _respondents().order_by("id").values_list("id", *GROUPING_FIELDS)
    for pk, *grouping in interviews.iterator(chunk_size=CHUNK):
        by_key: dict[str, str] = {}
        while pending is not None and pending[0] <= pk:
            if pending[0] == pk:
                by_key[pending[1]] = (
                    redactor.redact(pending[2]) if pending[1] in free_text else pending[2]
                )
            pending = next(answers, None)
        shown = recoding.shown(_grouping_values(*grouping))
        if shown is None:
            continue
        text_allowed = recoding.size(shown) >= comments_from
        yield [
            *shown,
            *(
                TEXT_HIDDEN
                if key in free_text and by_key.get(key) and not text_allowed
                else by_key.get(key, "")
                for key in keys
            ),
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
        *QuestionStats.FIGURES,
    ]
    hidden = [HIDDEN] + [""] * (len(QuestionStats.FIGURES) - 1)
    for s in stats_latest_list().order_by("question_set__slug", "question_order", "mode"):
        figures = s.shown_figures(k)
        yield [
            s.question_set.slug,
            s.question_set.version,
            s.question_key,
            s.mode,
            s.period_start.isoformat(),
            s.period_end.isoformat(),
            s.responses,
            *(hidden if figures is None else figures.values()),
        ]


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if not needs_neutralising(value):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(rows: Iterable[list[Any]]) -> Iterator[str]:
    """Rows as CSV lines, one at a time."""
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([cell_safe(cell) for cell in row])


def xlsx_file(rows: Iterable[list[Any]], title: str) -> IO[bytes]:
    """Rows in a write-only workbook spooled to a temporary file, rewound for streaming.

    Text that a spreadsheet would run as a formula is written as a text cell with Excel's
    quote-prefix style, so it reads exactly as typed and never runs (CSV has no cell types and
    gets a leading apostrophe instead).
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, cell) for cell in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return handle
