"""Reads for interviews: scoped, joined querysets and the state an interview page shows."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from exitbot.lib.tokens import token_hash
from interviews.engine import Progress, engine_for
from interviews.models import Employee, Interview, Question, QuestionSet, Response
from interviews.question_cache import frozen_questions
from interviews.rows import EMPLOYEES, INTERVIEWS, INVITE_TOKENS, QUESTION_SETS, RESPONSES


@dataclass(frozen=True)
class InterviewState:
    """Everything the employee's page shows, read from the database in one go."""

    interview: Interview
    questions: list[Question]
    responses: list[Response]
    progress: Progress

    @property
    def answers(self) -> dict[int, Any]:
        return {r.question_id: r.value for r in self.responses}

    @property
    def pending_followup(self) -> Response | None:
        """The answer whose model follow-up waits for the employee, if any."""
        return next((r for r in self.responses if r.followup_pending), None)

    @property
    def open_followup(self) -> Response | None:
        """The follow-up the employee must answer now; none once the interview is closed."""
        return self.pending_followup if self.interview.is_open else None

    @property
    def current_question(self) -> Question | None:
        """The question to ask now: none while a follow-up waits or once the interview closed."""
        if not self.interview.is_open or self.open_followup is not None:
            return None
        return self.progress.current


@functools.cache
def _public_id_sql(locked: bool) -> str:
    return INTERVIEWS.select(
        f"JOIN {QUESTION_SETS.table} ON s.id = i.question_set_id WHERE i.public_id = %s",
        QUESTION_SETS,
        for_update=locked,
    )


@functools.cache
def _page_sql() -> str:
    return INTERVIEWS.select(
        f"JOIN {QUESTION_SETS.table} ON s.id = i.question_set_id "
        f"LEFT JOIN {RESPONSES.table} ON r.interview_id = i.id "
        "WHERE i.public_id = %s ORDER BY r.id",
        QUESTION_SETS,
        RESPONSES,
    )


@functools.cache
def _token_sql() -> str:
    return INTERVIEWS.select(
        f"JOIN {QUESTION_SETS.table} ON s.id = i.question_set_id "
        f"JOIN {INVITE_TOKENS.table} ON t.interview_id = i.id WHERE t.token_hash = %s",
        QUESTION_SETS,
    )


@functools.cache
def _locked_sql() -> str:
    return INTERVIEWS.select("WHERE i.id = %s", for_update=True)


@functools.cache
def _responses_sql() -> str:
    return RESPONSES.select("WHERE r.interview_id = %s ORDER BY r.id")


def interview_get_by_public_id(*, public_id: str) -> Interview | None:
    """The interview behind a token-free page URL, with its question set, or None.

    Every employee request starts here, so the SQL is built once per process: compiling the same
    ORM query on each request took a tenth of a worker's time under load. The employee is not
    joined: only the completion screen names them, in one query of its own.
    """
    return _by_public_id(public_id, locked=False)


def interview_locked_by_public_id(*, public_id: str) -> Interview | None:
    """The interview behind a page URL with its question set, or None; its row (not the set's)
    locked until the caller's transaction ends. One statement where a lookup and then
    interview_row_locked take two, for the answer the page sends."""
    return _by_public_id(public_id, locked=True)


def _by_public_id(public_id: str, *, locked: bool) -> Interview | None:
    public_id_param = INTERVIEWS.param("public_id", public_id)
    found = INTERVIEWS.fetch_related(
        _public_id_sql(locked), [public_id_param], QUESTION_SETS, "question_set"
    )
    return found[0] if found else None


def interview_read_by_public_id(*, public_id: str) -> tuple[Interview, list[Response]] | None:
    """interview_get_by_public_id and the interview's answers in order (as interview_responses
    gives them) in one statement, or None: what the interview page shows, one database round
    trip less on every page view.

    Not for the answer service: a joined read under FOR UPDATE gives the answers as they were
    before the lock was granted, so it would miss one committed while it waited.
    """
    return INTERVIEWS.fetch_with_many(
        _page_sql(),
        [INTERVIEWS.param("public_id", public_id)],
        QUESTION_SETS,
        "question_set",
        RESPONSES,
    )


def interview_get_by_token(*, token: str) -> Interview | None:
    """The interview an invite token opens, with its question set, or None for an unknown token.

    Built once per process like the page lookup: each interview is opened this way at least once.
    """
    found = INTERVIEWS.fetch_related(
        _token_sql(), [token_hash(token)], QUESTION_SETS, "question_set"
    )
    return found[0] if found else None


def interview_row_locked(*, interview_id: int) -> Interview:
    """The interview's row alone, locked until the caller's transaction ends."""
    (interview,) = INTERVIEWS.fetch(_locked_sql(), [interview_id])
    return interview


def interview_responses(*, interview: Interview) -> list[Response]:
    """The interview's answers in the order given; the SQL is built once per process."""
    return RESPONSES.fetch(_responses_sql(), [interview.pk])


def question_list(*, question_set: QuestionSet) -> list[Question]:
    """The questions of one set version, in order; a frozen version's are read once per process."""
    if question_set.is_editable:
        return list(Question.objects.filter(question_set=question_set).order_by("order", "id"))
    return list(frozen_questions(question_set.pk))


def interview_state_get(
    *, interview: Interview, responses: list[Response] | None = None
) -> InterviewState:
    """The transcript so far and what to ask next: one query whatever the length, none when
    the caller read the interview's ``responses`` with it (interview_read_by_public_id).

    Each answer gets its question from the set's list (read once per process for a published
    set) instead of a join: fewer columns to read and no Question built per answer.
    """
    questions = question_list(question_set=interview.question_set)
    by_id = {question.pk: question for question in questions}
    if responses is None:
        responses = interview_responses(interview=interview)
    for response in responses:
        if response.question_id in by_id:
            response.question = by_id[response.question_id]
    answers = {r.question_id: r.value for r in responses}
    progress = engine_for(interview.mode).progress(questions, answers)
    return InterviewState(interview, questions, responses, progress)


@functools.cache
def _default_set_sql() -> str:
    # At most one set is the default, and it is published (questionset_one_default).
    return QUESTION_SETS.select("WHERE s.is_default = %s AND s.status = %s")


def question_set_default_get() -> QuestionSet | None:
    """The published set new interviews use when none is named.

    Every interview created without a set reads it, so the SQL is built once per process:
    compiling the ORM query took a thirteenth of an API creation's time.
    """
    found = QUESTION_SETS.fetch(_default_set_sql(), [True, QuestionSet.Status.PUBLISHED])
    return found[0] if found else None


def question_set_published_get(*, slug: str) -> QuestionSet | None:
    """The newest published version of a set."""
    return (
        QuestionSet.objects.filter(slug=slug, status=QuestionSet.Status.PUBLISHED)
        .order_by("-version")
        .first()
    )


def question_set_list() -> QuerySet[QuestionSet]:
    """All set versions with their question and interview counts."""
    return QuestionSet.objects.annotate(
        question_count=Count("questions", distinct=True),
        interview_count=Count("interviews", distinct=True),
    )


def interview_list(*, status: str | None = None) -> QuerySet[Interview]:
    """Interviews with their employee and set joined, newest first."""
    qs = Interview.objects.select_related("employee", "question_set", "created_by")
    return qs.filter(status=status) if status else qs


def interviews_due_for_reminder(*, invited_before: Any) -> QuerySet[Interview]:
    """Open interviews invited before the cut-off and not reminded yet."""
    return interview_list().filter(
        Q(status__in=Interview.OPEN_STATUSES),
        invite_sent_at__lte=invited_before,
        reminder_sent_at__isnull=True,
    )


def invite_recipient(*, employee: Employee, today: datetime.date | None = None) -> str:
    """Where invites go: the work address until the last day, the personal one after it."""
    today = today or timezone.localdate()
    after_last_day = employee.exit_date is not None and today > employee.exit_date
    if after_last_day and employee.personal_email:
        return employee.personal_email
    return employee.work_email or employee.personal_email


@functools.cache
def _employee_sql() -> str:
    return EMPLOYEES.select("WHERE p.employee_id = %s")


def employee_get(*, employee_id: str) -> Employee | None:
    """An employee by HR system id; every creation reads one, with SQL built once per process."""
    found = EMPLOYEES.fetch(_employee_sql(), [employee_id])
    return found[0] if found else None


# Figures for the rollout page: aggregated in the database, never row by row in Python.


@dataclass(frozen=True)
class Percentile:
    """A percentile of a sample and the sample's size; ``value`` is None for an empty sample."""

    value: int | None
    sample: int


@dataclass(frozen=True)
class Completion:
    """Interviews of one mode started in a window, and how many of them were completed."""

    started: int
    completed: int

    @property
    def rate(self) -> float | None:
        return self.completed / self.started if self.started else None


def interview_mode_daily_counts(*, since: datetime.datetime) -> list[dict[str, Any]]:
    """New interviews per local day and mode since a moment: rows of day, mode, count."""
    rows = (
        Interview.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("day", "mode")
        .annotate(count=Count("id"))
        .order_by("day", "mode")
    )
    return [dict(row) for row in rows]


def answer_handling_percentile(
    *, since: datetime.datetime, mode: str, percentile: int = 95
) -> Percentile:
    """Nearest-rank percentile of the recorded answer handling times (ms) of one mode."""
    timed = Response.objects.filter(
        created_at__gte=since, interview__mode=mode, handling_ms__isnull=False
    )
    sample = timed.count()
    if not sample:
        return Percentile(None, 0)
    rank = -(-sample * percentile // 100)  # ceil without floats
    value = timed.order_by("handling_ms").values_list("handling_ms", flat=True)[rank - 1]
    return Percentile(value, sample)


def interview_completion_by_mode(*, since: datetime.datetime) -> dict[str, Completion]:
    """For each mode, interviews started since a moment and how many were completed."""
    rows = (
        Interview.objects.filter(started_at__gte=since)
        .values("mode")
        .annotate(
            started=Count("id"),
            completed=Count("id", filter=Q(status=Interview.Status.COMPLETED)),
        )
        .order_by()
    )
    found = {row["mode"]: Completion(row["started"], row["completed"]) for row in rows}
    return {mode: found.get(mode, Completion(0, 0)) for mode in Interview.Mode.values}


@dataclass(frozen=True)
class LlmTurnCounts:
    """Model turns by outcome, and the fallbacks among them by reason."""

    by_outcome: dict[str, int]
    fallbacks_by_reason: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_outcome.values())

    @property
    def fallbacks(self) -> int:
        return self.by_outcome.get(Response.LlmOutcome.FALLBACK, 0)


def llm_turn_counts(*, since: datetime.datetime) -> LlmTurnCounts:
    """The model turns of answers given since a moment, counted in one GROUP BY."""
    rows = (
        Response.objects.filter(created_at__gte=since)
        .exclude(llm_outcome=Response.LlmOutcome.NONE)
        .values("llm_outcome", "llm_fallback_reason")
        .annotate(count=Count("id"))
        .order_by()
    )
    by_outcome: dict[str, int] = {}
    by_reason: dict[str, int] = {}
    for row in rows:
        by_outcome[row["llm_outcome"]] = by_outcome.get(row["llm_outcome"], 0) + row["count"]
        if row["llm_fallback_reason"]:
            by_reason[row["llm_fallback_reason"]] = row["count"]
    return LlmTurnCounts(by_outcome, by_reason)
