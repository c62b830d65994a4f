"""Writes for interviews: every change to sets, interviews and answers goes through here."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from analytics.models import ExperienceEvent
from analytics.services import event_record
from exitbot.lib.sentiment import sentiment_score
from exitbot.lib.tokens import token_hash, token_new
from interviews.answers import AnswerInvalidError, RawAnswer, answer_parse
from interviews.engine import Progress, Turn, engine_for, llm_configured
from interviews.metrics import LLM_FALLBACKS, answer_observed, creation_timed
from interviews.models import (
    Employee,
    IdempotencyKey,
    Interview,
    InviteToken,
    Question,
    QuestionSet,
    Response,
    ScheduledInvite,
    Webhook,
)
from interviews.question_set_io import (
    QuestionSetDocumentError,
    QuestionSetSpec,
    QuestionSpec,
    questions_problems,
)
from interviews.selectors import invite_recipient, question_list, question_set_default_get
from interviews.signals import text_answer_stored
from interviews.webhooks import webhook_event_emit
from rollout.selectors import interview_mode_choose

EXPIRE_BATCH = 500


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


def invite_url_issue(*, interview: Interview) -> str:
    """Create a new invite token for the interview and return its absolute link."""
    token = token_new()
    InviteToken.objects.create(interview=interview, token_hash=token_hash(token))
    return settings.SITE_URL + reverse("interviews:invite-open", kwargs={"token": token})


def employee_upsert(*, employee_id: str, **fields: Any) -> Employee:
    """Create the employee or update the given fields of an existing one."""
    employee = Employee.objects.filter(employee_id=employee_id).first() or Employee(
        employee_id=employee_id
    )
    for name, value in fields.items():
        setattr(employee, name, value)
    employee.full_clean()
    employee.save()
    return employee


@creation_timed
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
    if Interview.objects.filter(employee=employee, status__in=Interview.OPEN_STATUSES).exists():
        raise InterviewError(
            f"{employee.name} already has an open interview; cancel it or resend its invite."
        )
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
    interview.full_clean()
    interview.save()
    invite_url = invite_url_issue(interview=interview)
    if send_invite:
        from interviews.tasks import interview_invite_send_task

        interview_pk = interview.pk
        transaction.on_commit(lambda: interview_invite_send_task.delay(interview_pk))
    return CreatedInterview(interview, invite_url)


def interview_invite_send(*, interview: Interview, reminder: bool = False) -> bool:
    """E-mail a fresh link to an open interview; False when there is nobody to send to."""
    interview = Interview.objects.select_related("employee").get(pk=interview.pk)
    recipient = invite_recipient(employee=interview.employee)
    if not interview.is_open or not recipient:
        return False
    now = timezone.now()
    if reminder:
        # Claim first: two workers or a retried task must not send the reminder twice.
        claimed = Interview.objects.filter(pk=interview.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if claimed != 1:
            return False
    context = {
        "interview": interview,
        "employee": interview.employee,
        "invite_url": invite_url_issue(interview=interview),
        "reminder": reminder,
        "organisation_name": settings.ORGANISATION_NAME,
        "hr_contact_email": settings.HR_CONTACT_EMAIL,
    }
    subject = render_to_string("interviews/email/invite_subject.txt", context).strip()
    body = render_to_string("interviews/email/invite_body.txt", context)
    send_mail(subject, body, None, [recipient])
    if not reminder:
        Interview.objects.filter(pk=interview.pk).update(invite_sent_at=now)
    return True


def interview_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind every open interview invited at least REMINDER_DAYS ago, once each."""
    from interviews.selectors import interviews_due_for_reminder

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.REMINDER_DAYS)
    sent = 0
    for interview in interviews_due_for_reminder(invited_before=cutoff).filter(expires_at__gt=now):
        sent += interview_invite_send(interview=interview, reminder=True)
    return sent


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
        webhook_event_emit(interview=interview, event=Webhook.Event.EXPIRED)
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
    with _open_interview_locked(interview) as (locked, now):
        result, turn_request = _answer_store(locked, question_id, raw, now)
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


def _answer_store(
    interview: Interview, question_id: int, raw: RawAnswer, now: datetime.datetime
) -> tuple[AnswerResult, _TurnRequest | None]:
    questions = question_list(question_set=interview.question_set)
    responses = list(Response.objects.filter(interview=interview).order_by("id"))
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
    if is_text and parsed.text:
        text_answer_stored.send(sender=Response, response=response)
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
        webhook_event_emit(interview=interview, event=Webhook.Event.COMPLETED)
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


@answer_observed
def interview_followup_submit(*, interview: Interview, question_id: int, text: str) -> AnswerResult:
    """Store the answer to the model's follow-up exactly once; an empty answer skips it.

    Raises InterviewClosedError, QuestionNotCurrentError (no follow-up waits for that question)
    or AnswerInvalidError (too long), each with a message for the employee.
    """
    with _open_interview_locked(interview) as (interview, now):
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
        answers = dict(
            Response.objects.filter(interview=interview).values_list("question_id", "value")
        )
        progress = engine_for(interview.mode).progress(questions, answers)
        return AnswerResult(interview, progress, stored=stored)


@transaction.atomic
def interview_cancel(*, interview: Interview) -> Interview:
    """Cancel an open interview; its links stop working. A no-op when already closed."""
    interview = _lock_interview(interview.pk)
    if not interview.is_open:
        return interview
    return _close(interview, Interview.Status.CANCELLED, timezone.now())


def interviews_expire_due(*, now: datetime.datetime | None = None) -> int:
    """Mark every open interview past its expiry as expired; returns how many."""
    now = now or timezone.now()
    due = Interview.objects.filter(status__in=Interview.OPEN_STATUSES, expires_at__lte=now)
    expired = 0
    while True:
        with transaction.atomic():
            # Claim a batch: a second worker skips the rows this one holds.
            batch = list(
                due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:EXPIRE_BATCH]
            )
            if not batch:
                return expired
            Interview.objects.filter(pk__in=batch).update(
                status=Interview.Status.EXPIRED, closed_at=now
            )
            for interview in Interview.objects.filter(pk__in=batch).select_related("employee"):
                webhook_event_emit(interview=interview, event=Webhook.Event.EXPIRED)
        expired += len(batch)


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


def _next_version(slug: str) -> int:
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
        version=_next_version(question_set.slug),
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
        version=_next_version(spec.slug),
    )
    _questions_create(question_set, spec.questions)
    if publish:
        question_set = question_set_publish(question_set=question_set)
    return question_set, True


def interview_create_once(
    *, user: User, key: str, **options: Any
) -> tuple[Interview, CreatedInterview | None]:
    """interview_create behind a client's Idempotency-Key: a repeated key returns the first
    interview and no new invite link (None in place of the CreatedInterview)."""
    existing = IdempotencyKey.objects.filter(user=user, key=key).select_related("interview")
    if (found := existing.first()) is not None:
        return found.interview, None
    try:
        with transaction.atomic():
            created = interview_create(created_by=user, **options)
            IdempotencyKey.objects.create(user=user, key=key, interview=created.interview)
    except IntegrityError:
        # A concurrent request with the same key won; return its interview.
        return existing.get().interview, None
    return created.interview, created


class LeaverResult(NamedTuple):
    employee_id: str
    status: str
    errors: dict[str, list[str]]


def leavers_upsert(*, rows: list[dict[str, Any]]) -> list[LeaverResult]:
    """Create or update each leaver on its own, so one bad row does not sink the others."""
    results = []
    for row in rows:
        fields = dict(row)
        employee_id = str(fields.pop("employee_id", "") or "")
        exists = Employee.objects.filter(employee_id=employee_id).exists()
        try:
            with transaction.atomic():
                employee_upsert(employee_id=employee_id, **fields)
        except ValidationError as exc:
            results.append(LeaverResult(employee_id, "error", exc.message_dict))
            continue
        results.append(LeaverResult(employee_id, "updated" if exists else "created", {}))
    return results


def leavers_due(*, today: datetime.date | None = None) -> list[Employee]:
    """Leavers whose exit date is at most INVITE_DAYS_BEFORE_EXIT days away and not past,
    with no automatic invite for the default set yet and no open interview."""
    today = today or timezone.localdate()
    question_set = question_set_default_get()
    if question_set is None:
        return []
    horizon = today + datetime.timedelta(days=settings.INVITE_DAYS_BEFORE_EXIT)
    invited = ScheduledInvite.objects.filter(question_set_slug=question_set.slug).values(
        "employee_id"
    )
    busy = Interview.objects.filter(status__in=Interview.OPEN_STATUSES).values("employee_id")
    return list(
        Employee.objects.filter(exit_date__gte=today, exit_date__lte=horizon)
        .exclude(pk__in=invited)
        .exclude(pk__in=busy)
        .order_by("exit_date", "employee_id")
    )


def interviews_invite_due(*, today: datetime.date | None = None) -> list[Interview]:
    """Create and e-mail one interview per due leaver, exactly once per leaver and set.

    The ScheduledInvite row is the claim: a second run, or a second worker, finds it and
    skips the leaver. The interview is due, and expires, INTERVIEW_DUE_DAYS_AFTER_EXIT days
    after the exit date.
    """
    today = today or timezone.localdate()
    created = []
    for employee in leavers_due(today=today):
        question_set, exit_date = question_set_default_get(), employee.exit_date
        if question_set is None or exit_date is None:
            continue  # both were there when leavers_due chose this leaver
        due = exit_date + datetime.timedelta(days=settings.INTERVIEW_DUE_DAYS_AFTER_EXIT)
        expires_at = datetime.datetime.combine(
            due, datetime.time(23, 59), timezone.get_current_timezone()
        )
        try:
            with transaction.atomic():
                interview = interview_create(
                    employee=employee,
                    question_set=question_set,
                    expires_at=expires_at,
                    send_invite=True,
                ).interview
                ScheduledInvite.objects.create(
                    employee=employee, question_set_slug=question_set.slug, interview=interview
                )
        except IntegrityError:
            continue  # another run claimed this leaver first
        created.append(interview)
    return created
