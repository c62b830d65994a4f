"""Writes for the employee's answers: exactly once, under the interview's lock; in LLM mode
the model is asked after the commit and its turn stored in a second short transaction."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from functools import partial
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from exitbot.lib.sentiment import sentiment_score
from interviews.answers import AnswerInvalidError, RawAnswer, answer_parse
from interviews.engine import Progress, Turn, engine_for
from interviews.events import event_record
from interviews.language import interview_language
from interviews.metrics import LLM_FALLBACKS, answer_mode_note, answer_observed
from interviews.models import ExperienceEvent, Interview, Question, Response
from interviews.rows import INTERVIEWS, RESPONSES
from interviews.selectors import (
    interview_locked_by_public_id,
    interview_responses,
    question_list,
)
from interviews.services.interviews import (
    InterviewClosedError,
    InterviewNotFoundError,
    QuestionNotCurrentError,
    _close,
    _lock_interview,
)
from interviews.signals import interview_completed, text_answer_stored


class AnswerResult(NamedTuple):
    interview: Interview
    progress: Progress
    stored: bool


class _TurnRequest(NamedTuple):
    """An answer stored in LLM mode that the engine gets to respond to after the commit."""

    response_pk: int
    question: Question
    answer_text: str
    next_question: Question


def _elapsed_ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)


@contextmanager
def _open_interview_locked(
    lock: Callable[[], Interview], *, in_its_language: bool = False
) -> Iterator[tuple[Interview, datetime.datetime]]:
    """A transaction holding the interview's row lock, which ``lock`` takes and reads the row
    with, entered only while the interview is open; with ``in_its_language``, the messages
    raised are in the interview's language. The request's answer timer learns its mode.

    An interview found past its date is expired and that is committed before
    InterviewClosedError is raised, so a late answer never undoes the expiry.
    """
    with transaction.atomic():
        locked = lock()
        answer_mode_note(locked.mode)
        with translation.override(interview_language(locked)) if in_its_language else nullcontext():
            now = timezone.now()
            if locked.is_open and locked.expires_at <= now:
                _close(locked, Interview.Status.EXPIRED, now)
            elif locked.is_open:
                yield locked, now
                return
            closed = InterviewClosedError(
                _("This interview is %(status)s; no more answers can be added.")
                % {"status": locked.get_status_display().lower()}
            )
    raise closed


def _locked_by_public_id(public_id: str) -> Interview:
    interview = interview_locked_by_public_id(public_id=public_id)
    if interview is None:
        raise InterviewNotFoundError
    return interview


@answer_observed
def interview_answer_submit(
    *, interview: Interview, question_id: int, raw: RawAnswer
) -> AnswerResult:
    """Store the answer to the current question exactly once; in LLM mode, add the model's turn.

    A re-sent answer for a question already answered stores nothing and returns the current
    state (a double submit or a second tab). Raises InterviewClosedError,
    QuestionNotCurrentError or AnswerInvalidError, each with a message for the employee.
    The answer is committed first; the model is asked outside any transaction, and its turn
    is stored in a second short one. The handling time of each stored answer is recorded.
    """
    started = time.perf_counter()
    with _open_interview_locked(partial(_lock_interview, interview)) as (locked, now):
        result, turn_request = _answer_store(locked, question_id, raw, now, started=started)
    return _answer_finish(result, turn_request, question_id, started)


@answer_observed
def interview_message_submit(
    *, interview: Interview, question_id: int, raw: RawAnswer
) -> AnswerResult:
    """Store the employee's message about ``question_id``, as the page and the API send it.

    Under the interview's lock: the answer to the model's follow-up if one waits on that
    question, otherwise the answer to the question (see interview_followup_submit and
    interview_answer_submit for what each stores and raises).
    """
    return _message_submit(partial(_lock_interview, interview), question_id, raw)


@answer_observed
def interview_page_message_submit(
    *, public_id: str, question_id: int, raw: RawAnswer
) -> AnswerResult:
    """interview_message_submit for the employee's page, which knows the interview by its
    public id: the interview is found and locked in one statement, and the messages raised are
    in its language, the page's. Raises InterviewNotFoundError when no interview has that id.
    """
    return _message_submit(
        partial(_locked_by_public_id, public_id), question_id, raw, in_its_language=True
    )


def _message_submit(
    lock: Callable[[], Interview],
    question_id: int,
    raw: RawAnswer,
    *,
    in_its_language: bool = False,
) -> AnswerResult:
    started = time.perf_counter()
    with _open_interview_locked(lock, in_its_language=in_its_language) as (locked, now):
        responses = interview_responses(interview=locked)
        if any(r.question_id == question_id and r.followup_pending for r in responses):
            text = raw if isinstance(raw, str) else "" if raw in (None, []) else str(raw)
            return _followup_store(locked, question_id, text, now)
        result, turn_request = _answer_store(
            locked, question_id, raw, now, responses, started=started
        )
    return _answer_finish(result, turn_request, question_id, started)


def _answer_finish(
    result: AnswerResult, turn_request: _TurnRequest | None, question_id: int, started: float
) -> AnswerResult:
    """After the answer's commit: record the handling time, or let the engine take its turn."""
    if turn_request is None:
        return result
    turn = engine_for(result.interview.mode).turn(
        question=turn_request.question,
        answer_text=turn_request.answer_text,
        next_question=turn_request.next_question,
    )
    _turn_store(
        interview=result.interview,
        request=turn_request,
        turn=turn,
        handling_ms=_elapsed_ms(started),
    )
    return result


def _answer_store(
    interview: Interview,
    question_id: int,
    raw: RawAnswer,
    now: datetime.datetime,
    responses: list[Response] | None = None,
    *,
    started: float,
) -> tuple[AnswerResult, _TurnRequest | None]:
    questions = question_list(question_set=interview.question_set)
    responses = interview_responses(interview=interview) if responses is None else responses
    answers = {r.question_id: r.value for r in responses}
    engine = engine_for(interview.mode)
    progress = engine.progress(questions, answers)
    if question_id in answers:
        return AnswerResult(interview, progress, stored=False), None
    current = progress.current
    if current is None or current.pk != question_id or any(r.followup_pending for r in responses):
        raise QuestionNotCurrentError(
            _("That question is not the one being asked now; here is where you are.")
        )
    parsed = answer_parse(current, raw)
    answers[current.pk] = parsed.value
    progress = engine.progress(questions, answers)
    wants_turn = engine.wants_turn(answer_text=parsed.text, next_question=progress.current)
    since = interview.last_activity_at or interview.started_at or now
    seconds_spent = max(0, int((now - since).total_seconds()))
    is_text = current.kind_spec.free_text
    response = Response(
        interview=interview,
        mode=interview.mode,
        question=current,
        value=parsed.value,
        employee_message=parsed.text,
        seconds_spent=seconds_spent,
        sentiment=sentiment_score(parsed.text) if is_text else None,
        llm_outcome=Response.LlmOutcome.PENDING if wants_turn else Response.LlmOutcome.NONE,
        # Timed up to this write rather than updated after the commit: one statement less per
        # answer. A model turn, when there is one, replaces it with the full time.
        handling_ms=_elapsed_ms(started),
    )
    RESPONSES.insert(response)
    if is_text and parsed.text:
        text_answer_stored.send(sender=Response, response=response, text=parsed.text)
    fields = ["status", "last_activity_at", "last_question"]
    interview.last_activity_at = now
    interview.last_question = current
    interview.status = Interview.Status.IN_PROGRESS
    if interview.started_at is None:
        interview.started_at = now
        fields.append("started_at")
    if progress.current is None:
        interview.status = Interview.Status.COMPLETED
        interview.completed_at = now
        fields.append("completed_at")
    INTERVIEWS.update(interview, fields)
    _answer_events_record(interview, current, parsed.text, seconds_spent, progress, now)
    if interview.status == Interview.Status.COMPLETED:
        interview_completed.send(sender=Interview, interview=interview)
    result = AnswerResult(interview, progress, stored=True)
    if not wants_turn or progress.current is None:
        return result, None
    return result, _TurnRequest(response.pk, current, parsed.text, progress.current)


def _answer_events_record(
    interview: Interview,
    question: Question,
    text: str,
    seconds_spent: int,
    progress: Progress,
    now: datetime.datetime,
) -> None:
    event_record(
        interview_id=interview.pk,
        type=ExperienceEvent.Type.ANSWER_SUBMITTED,
        data={"question_key": question.key, "seconds": seconds_spent, "length": len(text)},
    )
    if progress.current is None:
        started = interview.started_at or now
        event_record(
            interview_id=interview.pk,
            type=ExperienceEvent.Type.INTERVIEW_COMPLETED,
            data={
                "seconds": int((now - started).total_seconds()),
                "questions_answered": progress.answered,
            },
        )


def _turn_store(
    *, interview: Interview, request: _TurnRequest, turn: Turn, handling_ms: int
) -> None:
    """Store the engine's turn once; drop it if the interview moved on while the model ran."""
    with transaction.atomic():
        interview = _lock_interview(interview)
        moved_on = (
            not interview.is_open
            or Response.objects.filter(interview=interview, pk__gt=request.response_pk).exists()
        )
        if moved_on:
            turn = Turn.fallback(Response.FallbackReason.SUPERSEDED)
        Response.objects.filter(
            pk=request.response_pk, llm_outcome=Response.LlmOutcome.PENDING
        ).update(
            llm_outcome=turn.outcome,
            llm_fallback_reason=turn.fallback_reason,
            bot_response="" if turn.is_follow_up else turn.message,
            followup_question=turn.message if turn.is_follow_up else "",
            handling_ms=handling_ms,
        )
    if turn.fallback_reason:
        LLM_FALLBACKS.labels(reason=turn.fallback_reason).inc()


@answer_observed
def interview_followup_submit(*, interview: Interview, question_id: int, text: str) -> AnswerResult:
    """Store the answer to the model's follow-up exactly once; an empty answer skips it.

    Raises InterviewClosedError, QuestionNotCurrentError (no follow-up waits for that question)
    or AnswerInvalidError (too long), each with a message for the employee.
    """
    with _open_interview_locked(partial(_lock_interview, interview)) as (locked, now):
        return _followup_store(locked, question_id, text, now)


def _followup_store(
    interview: Interview, question_id: int, text: str, now: datetime.datetime
) -> AnswerResult:
    response = Response.objects.filter(interview=interview, question_id=question_id).first()
    if response is None or not response.followup_question:
        raise QuestionNotCurrentError(
            _("That question is not the one being asked now; here is where you are.")
        )
    text = text.strip()
    if len(text) > settings.ANSWER_MAX_LENGTH:
        raise AnswerInvalidError(
            _("Please keep your answer under %(limit)d characters (it has %(length)d).")
            % {"limit": settings.ANSWER_MAX_LENGTH, "length": len(text)}
        )
    # Claim the follow-up: a double submit or a second tab finds it answered and stores nothing.
    stored = (
        Response.objects.filter(pk=response.pk, followup_answered_at__isnull=True).update(
            followup_answer=text, followup_answered_at=now
        )
        == 1
    )
    if stored and text:
        text_answer_stored.send(sender=Response, response=response, text=text)
    if stored:
        interview.last_activity_at = now
        interview.save(update_fields=["last_activity_at"])
    questions = question_list(question_set=interview.question_set)
    answers = dict(Response.objects.filter(interview=interview).values_list("question_id", "value"))
    progress = engine_for(interview.mode).progress(questions, answers)
    return AnswerResult(interview, progress, stored=stored)
