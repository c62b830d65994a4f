"""Writes for interviews: every change to sets, interviews and answers goes through here."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from exitbot.lib.sentiment import sentiment_score
from interviews.answers import AnswerInvalidError, RawAnswer, answer_parse
from interviews.engine import Progress, Turn, engine_for, llm_configured
from interviews.events import event_record
from interviews.invites import invite_url_issue
from interviews.metrics import LLM_FALLBACKS
from interviews.models import (
    Employee,
    ExperienceEvent,
    IdempotencyKey,
    Interview,
    Question,
    QuestionSet,
    Response,
)
from interviews.modes import interview_mode_choose
from interviews.question_set_io import (
    QuestionSetDocumentError,
    QuestionSetSpec,
    QuestionSpec,
    questions_problems,
)
from interviews.selectors import question_list, question_set_default_get
from interviews.signals import interview_completed, interview_expired
from interviews.tasks import interview_invite_send_task


class InterviewError(Exception):
    """A request the interview's state does not allow; the message is shown to people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InterviewClosedError(InterviewError):
    """The interview is completed, cancelled or expired."""


class QuestionNotCurrentError(InterviewError):
    """The answer is for a question that is not the one being asked."""


class QuestionSetError(InterviewError):
    """A question set operation that its status does not allow."""


class CreatedInterview(NamedTuple):
    interview: Interview
    invite_url: str


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


def _lock_interview(pk: int) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("employee", "question_set")
        .get(pk=pk)
    )


def employee_upsert(*, employee_id: str, **fields: Any) -> Employee:
    """Create the employee or update the given fields of an existing one."""
    employee = Employee.objects.filter(employee_id=employee_id).first() or Employee(
        employee_id=employee_id
    )
    if employee.pk is not None and not fields:
        return employee
    for name, value in fields.items():
        setattr(employee, name, value)
    employee.full_clean()
    employee.save()
    return employee


@transaction.atomic
def interview_create(
    *,
    employee: Employee,
    question_set: QuestionSet | None = None,
    mode: str | None = None,
    created_by: User | None = None,
    expires_at: datetime.datetime | None = None,
    send_invite: bool = False,
) -> CreatedInterview:
    """Create an interview and its first invite link; e-mail a separate link if asked.

    Without a ``mode`` the rollout flags choose it for the employee (sticky per employee).
    """
    question_set = question_set or question_set_default_get()
    if question_set is None:
        raise InterviewError(
            "There is no published default question set. Load one with "
            "'manage.py load_question_set interviews/question_sets/default.yaml'."
        )
    if question_set.status != QuestionSet.Status.PUBLISHED:
        raise InterviewError(f"'{question_set}' is not published; publish it first.")
    now = timezone.now()
    expires_at = expires_at or now + datetime.timedelta(days=settings.INTERVIEW_VALID_DAYS)
    if expires_at <= now:
        raise InterviewError("The expiry date must be in the future.")
    if mode is None:
        mode = interview_mode_choose(
            employee_id=employee.employee_id, department=employee.department
        )
    elif mode == Interview.Mode.LLM and not llm_configured():
        raise InterviewError(
            "LLM mode needs an LLM: set LLM_BASE_URL and LLM_MODEL (see docs/llm.md)."
        )
    interview = Interview(
        employee=employee,
        question_set=question_set,
        mode=mode,
        created_by=created_by,
        expires_at=expires_at,
    )
    # The database holds the rule "one open interview per employee"; no racy check first.
    interview.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            interview.save()
    except IntegrityError:
        if not Interview.objects.filter(
            employee=employee, status__in=Interview.OPEN_STATUSES
        ).exists():
            raise
        raise InterviewError(
            f"{employee.name} already has an open interview; cancel it or resend its invite."
        ) from None
    invite_url = invite_url_issue(interview=interview)
    if send_invite:
        interview_pk = interview.pk
        transaction.on_commit(lambda: interview_invite_send_task.delay(interview_pk))
    return CreatedInterview(interview, invite_url)


@transaction.atomic
def interview_open(*, interview: Interview) -> Interview:
    """Record that the employee opened the interview; expire it if its time is up."""
    interview = _lock_interview(interview.pk)
    now = timezone.now()
    if interview.is_open and interview.expires_at <= now:
        return _close(interview, Interview.Status.EXPIRED, now)
    if interview.status == Interview.Status.PENDING:
        interview.status = Interview.Status.IN_PROGRESS
        interview.started_at = now
        interview.last_activity_at = now
        interview.save(update_fields=["status", "started_at", "last_activity_at"])
        event_record(interview_id=interview.pk, type=ExperienceEvent.Type.INTERVIEW_OPENED)
    return interview


def interview_view_record(*, interview: Interview, question: Question | None) -> None:
    """Record that the employee was shown a question (a refresh counts again)."""
    if question is not None:
        event_record(
            interview_id=interview.pk,
            type=ExperienceEvent.Type.QUESTION_VIEWED,
            data={"question_key": question.key},
        )


def interview_resume_record(*, interview: Interview) -> None:
    """Record that the employee came back to an interview already under way."""
    if interview.status == Interview.Status.IN_PROGRESS:
        event_record(interview_id=interview.pk, type=ExperienceEvent.Type.INTERVIEW_RESUMED)


def _close(interview: Interview, status: str, now: datetime.datetime) -> Interview:
    interview.status = status
    interview.closed_at = now
    interview.save(update_fields=["status", "closed_at"])
    if status == Interview.Status.EXPIRED:
        interview_expired.send(sender=Interview, interview=interview)
    return interview


def _elapsed_ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)


@contextmanager
def _open_interview_locked(interview: Interview) -> Iterator[tuple[Interview, datetime.datetime]]:
    """A transaction holding the interview's row lock, entered only while it is open.

    An interview found past its date is expired and that is committed before
    InterviewClosedError is raised, so a late answer never undoes the expiry.
    """
    with transaction.atomic():
        locked = _lock_interview(interview.pk)
        now = timezone.now()
        if locked.is_open and locked.expires_at <= now:
            _close(locked, Interview.Status.EXPIRED, now)
        elif locked.is_open:
            yield locked, now
            return
    raise InterviewClosedError(
        f"This interview is {locked.get_status_display().lower()}; no more answers can be added."
    )


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
    with _open_interview_locked(interview) as (locked, now):
        result, turn_request = _answer_store(locked, question_id, raw, now)
    return _answer_finish(result, turn_request, question_id, started)


def interview_message_submit(
    *, interview: Interview, question_id: int, raw: RawAnswer
) -> AnswerResult:
    """Store the employee's message about ``question_id``, as the page and the API send it.

    Under the interview's lock: the answer to the model's follow-up if one waits on that
    question, otherwise the answer to the question (see interview_followup_submit and
    interview_answer_submit for what each stores and raises).
    """
    started = time.perf_counter()
    with _open_interview_locked(interview) as (locked, now):
        responses = _responses(locked)
        if any(r.question_id == question_id and r.followup_pending for r in responses):
            text = raw if isinstance(raw, str) else "" if raw in (None, []) else str(raw)
            return _followup_store(locked, question_id, text, now)
        result, turn_request = _answer_store(locked, question_id, raw, now, responses)
    return _answer_finish(result, turn_request, question_id, started)


def _answer_finish(
    result: AnswerResult, turn_request: _TurnRequest | None, question_id: int, started: float
) -> AnswerResult:
    """After the answer's commit: record the handling time, or let the engine take its turn."""
    if turn_request is None:
        if result.stored:
            Response.objects.filter(interview=result.interview, question_id=question_id).update(
                handling_ms=_elapsed_ms(started)
            )
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


def _responses(interview: Interview) -> list[Response]:
    return list(Response.objects.filter(interview=interview).order_by("id"))


def _answer_store(
    interview: Interview,
    question_id: int,
    raw: RawAnswer,
    now: datetime.datetime,
    responses: list[Response] | None = None,
) -> tuple[AnswerResult, _TurnRequest | None]:
    questions = question_list(question_set=interview.question_set)
    responses = _responses(interview) if responses is None else responses
    answers = {r.question_id: r.value for r in responses}
    engine = engine_for(interview.mode)
    progress = engine.progress(questions, answers)
    if question_id in answers:
        return AnswerResult(interview, progress, stored=False), None
    current = progress.current
    if current is None or current.pk != question_id or any(r.followup_pending for r in responses):
        raise QuestionNotCurrentError(
            "That question is not the one being asked now; here is where you are."
        )
    parsed = answer_parse(current, raw)
    answers[current.pk] = parsed.value
    progress = engine.progress(questions, answers)
    wants_turn = engine.wants_turn(answer_text=parsed.text, next_question=progress.current)
    since = interview.last_activity_at or interview.started_at or now
    seconds_spent = max(0, int((now - since).total_seconds()))
    is_text = current.kind == Question.Kind.TEXT
    response = Response.objects.create(
        interview=interview,
        mode=interview.mode,
        question=current,
        value=parsed.value,
        employee_message=parsed.text,
        seconds_spent=seconds_spent,
        sentiment=sentiment_score(parsed.text) if is_text else None,
        llm_outcome=Response.LlmOutcome.PENDING if wants_turn else Response.LlmOutcome.NONE,
    )
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
    interview.save(update_fields=fields)
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
        interview = _lock_interview(interview.pk)
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


def interview_followup_submit(*, interview: Interview, question_id: int, text: str) -> AnswerResult:
    """Store the answer to the model's follow-up exactly once; an empty answer skips it.

    Raises InterviewClosedError, QuestionNotCurrentError (no follow-up waits for that question)
    or AnswerInvalidError (too long), each with a message for the employee.
    """
    with _open_interview_locked(interview) as (locked, now):
        return _followup_store(locked, question_id, text, now)


def _followup_store(
    interview: Interview, question_id: int, text: str, now: datetime.datetime
) -> AnswerResult:
    response = Response.objects.filter(interview=interview, question_id=question_id).first()
    if response is None or not response.followup_question:
        raise QuestionNotCurrentError(
            "That question is not the one being asked now; here is where you are."
        )
    text = text.strip()
    if len(text) > settings.ANSWER_MAX_LENGTH:
        raise AnswerInvalidError(
            f"Please keep your answer under {settings.ANSWER_MAX_LENGTH} characters "
            f"(it has {len(text)})."
        )
    # Claim the follow-up: a double submit or a second tab finds it answered and stores nothing.
    stored = (
        Response.objects.filter(pk=response.pk, followup_answered_at__isnull=True).update(
            followup_answer=text, followup_answered_at=now
        )
        == 1
    )
    if stored:
        interview.last_activity_at = now
        interview.save(update_fields=["last_activity_at"])
    questions = question_list(question_set=interview.question_set)
    answers = dict(Response.objects.filter(interview=interview).values_list("question_id", "value"))
    progress = engine_for(interview.mode).progress(questions, answers)
    return AnswerResult(interview, progress, stored=stored)


@transaction.atomic
def interview_cancel(*, interview: Interview) -> Interview:
    """Cancel an open interview; its links stop working. A no-op when already closed."""
    interview = _lock_interview(interview.pk)
    if not interview.is_open:
        return interview
    return _close(interview, Interview.Status.CANCELLED, timezone.now())


def interview_classify(
    *, interview: Interview, exit_type: str, regrettable: bool | None
) -> Interview:
    """Record HR's classification of the exit."""
    interview.exit_type = exit_type
    interview.regrettable = regrettable
    interview.full_clean()
    interview.save(update_fields=["exit_type", "regrettable"])
    return interview


# Question sets


def _questions_create(question_set: QuestionSet, specs: list[QuestionSpec]) -> None:
    Question.objects.bulk_create(
        Question(
            question_set=question_set,
            key=q.key,
            text=q.text,
            help_text=q.help_text,
            kind=q.kind,
            choices=q.choices,
            required=q.required,
            order=(number + 1) * 10,
            show_if_key=q.show_if_key,
            show_if_values=q.show_if_values,
        )
        for number, q in enumerate(specs)
    )


def question_set_next_version(*, slug: str) -> int:
    """The version number a new set with this slug gets: one more than the latest."""
    latest = QuestionSet.objects.filter(slug=slug).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


@transaction.atomic
def question_set_publish(*, question_set: QuestionSet) -> QuestionSet:
    """Freeze a draft, retire the older published version and take over its default role."""
    question_set = QuestionSet.objects.select_for_update().get(pk=question_set.pk)
    if question_set.status != QuestionSet.Status.DRAFT:
        raise QuestionSetError(f"'{question_set}' is not a draft; only drafts can be published.")
    problems = questions_problems(
        [QuestionSpec.from_question(q) for q in question_list(question_set=question_set)]
    )
    if problems:
        raise QuestionSetDocumentError(problems)
    older = QuestionSet.objects.filter(
        slug=question_set.slug, status=QuestionSet.Status.PUBLISHED
    ).exclude(pk=question_set.pk)
    was_default = older.filter(is_default=True).exists()
    older.update(status=QuestionSet.Status.RETIRED, is_default=False)
    question_set.status = QuestionSet.Status.PUBLISHED
    question_set.published_at = timezone.now()
    question_set.is_default = (
        was_default or not QuestionSet.objects.filter(is_default=True).exists()
    )
    question_set.save(update_fields=["status", "published_at", "is_default"])
    return question_set


@transaction.atomic
def question_set_clone(*, question_set: QuestionSet) -> tuple[QuestionSet, bool]:
    """A new draft version with the same questions; the existing draft if there is one."""
    draft = QuestionSet.objects.filter(
        slug=question_set.slug, status=QuestionSet.Status.DRAFT
    ).first()
    if draft is not None:
        return draft, False
    clone = QuestionSet.objects.create(
        name=question_set.name,
        slug=question_set.slug,
        language=question_set.language,
        description=question_set.description,
        intro_message=question_set.intro_message,
        version=question_set_next_version(slug=question_set.slug),
    )
    _questions_create(
        clone, [QuestionSpec.from_question(q) for q in question_list(question_set=question_set)]
    )
    return clone, True


@transaction.atomic
def question_set_make_default(*, question_set: QuestionSet) -> QuestionSet:
    """Make a published set the one new interviews use."""
    if question_set.status != QuestionSet.Status.PUBLISHED:
        raise QuestionSetError("Only a published question set can be the default.")
    QuestionSet.objects.filter(is_default=True).exclude(pk=question_set.pk).update(is_default=False)
    QuestionSet.objects.filter(pk=question_set.pk).update(is_default=True)
    question_set.is_default = True
    return question_set


@transaction.atomic
def question_set_retire(*, question_set: QuestionSet) -> QuestionSet:
    """Stop using a published set for new interviews; running interviews carry on."""
    if question_set.is_default:
        raise QuestionSetError("This is the default set; make another set the default first.")
    if question_set.status != QuestionSet.Status.PUBLISHED:
        raise QuestionSetError("Only a published question set can be retired.")
    question_set.status = QuestionSet.Status.RETIRED
    question_set.save(update_fields=["status"])
    return question_set


def _same_questions(question_set: QuestionSet, spec: QuestionSetSpec) -> bool:
    current = [QuestionSpec.from_question(q) for q in question_list(question_set=question_set)]
    return current == spec.questions and question_set.name == spec.name


@transaction.atomic
def question_set_load(*, spec: QuestionSetSpec, publish: bool = True) -> tuple[QuestionSet, bool]:
    """Install a set from a document as a new version; a no-op if the latest is identical."""
    latest = QuestionSet.objects.filter(slug=spec.slug).order_by("-version").first()
    if latest is not None and _same_questions(latest, spec):
        return latest, False
    question_set = QuestionSet.objects.create(
        name=spec.name,
        slug=spec.slug,
        language=spec.language,
        description=spec.description,
        intro_message=spec.intro_message,
        version=question_set_next_version(slug=spec.slug),
    )
    _questions_create(question_set, spec.questions)
    if publish:
        question_set = question_set_publish(question_set=question_set)
    return question_set, True


class CreatedForEmployee(NamedTuple):
    interview: Interview
    employee: Employee
    invite_url: str | None  # None when an Idempotency-Key repeat returned the first interview


def _idempotent(user: User, key: str) -> Interview | None:
    found = IdempotencyKey.objects.filter(user=user, key=key).select_related("interview").first()
    return found.interview if found is not None else None


def interview_create_for_employee(
    *,
    employee_id: str,
    employee_fields: Mapping[str, Any] | None = None,
    created_by: User | None = None,
    idempotency_key: str = "",
    also: Callable[[Interview], object] | None = None,
    **options: Any,
) -> CreatedForEmployee:
    """Create or update the employee and create their interview, in one transaction.

    What the admin, the API, the create_interview command and the nightly scheduler all do.
    A failed creation leaves the employee as it was. With an ``idempotency_key`` (kept per
    ``created_by``, so only with a user) a repeat returns the first interview and no new
    link. ``also`` adds more writes for the new interview to the same transaction (the
    scheduler's claim); an IntegrityError from it is raised. Options are those of
    interview_create. Raises ValidationError (employee fields) or InterviewError.
    """
    key_owner = created_by if idempotency_key else None
    if key_owner is not None and (first := _idempotent(key_owner, idempotency_key)) is not None:
        return CreatedForEmployee(first, first.employee, None)
    try:
        with transaction.atomic(durable=True):
            employee = employee_upsert(employee_id=employee_id, **(employee_fields or {}))
            created = interview_create(employee=employee, created_by=created_by, **options)
            if key_owner is not None:
                IdempotencyKey.objects.create(
                    user=key_owner, key=idempotency_key, interview=created.interview
                )
            if also is not None:
                also(created.interview)
    except IntegrityError:
        # A concurrent request with the same key won; return its interview.
        if key_owner is not None and (first := _idempotent(key_owner, idempotency_key)):
            return CreatedForEmployee(first, first.employee, None)
        raise
    return CreatedForEmployee(created.interview, employee, created.invite_url)
