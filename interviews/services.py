"""Writes for interviews: every change to sets, interviews and answers goes through here."""

from __future__ import annotations

import datetime
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from exitbot.lib.tokens import token_hash, token_new
from interviews.answers import RawAnswer, answer_parse
from interviews.engine import PredefinedEngine, Progress
from interviews.models import Employee, Interview, InviteToken, Question, QuestionSet, Response
from interviews.question_set_io import (
    QuestionSetDocumentError,
    QuestionSetSpec,
    QuestionSpec,
    questions_problems,
)
from interviews.selectors import invite_recipient, question_list, question_set_default_get


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


@transaction.atomic
def interview_create(
    *,
    employee: Employee,
    question_set: QuestionSet | None = None,
    mode: str = Interview.Mode.PREDEFINED,
    created_by: User | None = None,
    expires_at: datetime.datetime | None = None,
    send_invite: bool = False,
) -> CreatedInterview:
    """Create an interview and its first invite link; e-mail a separate link if asked."""
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
    return interview


def _close(interview: Interview, status: str, now: datetime.datetime) -> Interview:
    interview.status = status
    interview.closed_at = now
    interview.save(update_fields=["status", "closed_at"])
    return interview


def _closed_error(interview: Interview) -> InterviewClosedError:
    return InterviewClosedError(
        f"This interview is {interview.get_status_display().lower()}; no more answers can be added."
    )


def interview_answer_submit(
    *, interview: Interview, question_id: int, raw: RawAnswer
) -> AnswerResult:
    """Store the answer to the current question exactly once, in one transaction.

    A re-sent answer for a question already answered stores nothing and returns the current
    state (a double submit or a second tab). Raises InterviewClosedError,
    QuestionNotCurrentError or AnswerInvalidError, each with a message for the employee.
    """
    with transaction.atomic():
        locked = _lock_interview(interview.pk)
        now = timezone.now()
        if not (locked.is_open and locked.expires_at <= now):
            return _answer_store(locked, question_id, raw, now)
        # Commit the expiry before refusing the answer, so the page shows it too.
        _close(locked, Interview.Status.EXPIRED, now)
    raise _closed_error(locked)


def _answer_store(
    interview: Interview, question_id: int, raw: RawAnswer, now: datetime.datetime
) -> AnswerResult:
    if not interview.is_open:
        raise _closed_error(interview)
    questions = question_list(question_set=interview.question_set)
    answers = dict(Response.objects.filter(interview=interview).values_list("question_id", "value"))
    engine = PredefinedEngine()
    progress = engine.progress(questions, answers)
    if question_id in answers:
        return AnswerResult(interview, progress, stored=False)
    current = progress.current
    if current is None or current.pk != question_id:
        raise QuestionNotCurrentError(
            "That question is not the one being asked now; here is where you are."
        )
    parsed = answer_parse(current, raw)
    since = interview.last_activity_at or interview.started_at or now
    Response.objects.create(
        interview=interview,
        question=current,
        value=parsed.value,
        employee_message=parsed.text,
        seconds_spent=max(0, int((now - since).total_seconds())),
    )
    answers[current.pk] = parsed.value
    progress = engine.progress(questions, answers)
    fields = ["status", "last_activity_at"]
    interview.last_activity_at = now
    interview.status = Interview.Status.IN_PROGRESS
    if interview.started_at is None:
        interview.started_at = now
        fields.append("started_at")
    if progress.current is None:
        interview.status = Interview.Status.COMPLETED
        interview.completed_at = now
        fields.append("completed_at")
    interview.save(update_fields=fields)
    return AnswerResult(interview, progress, stored=True)


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
    return Interview.objects.filter(status__in=Interview.OPEN_STATUSES, expires_at__lte=now).update(
        status=Interview.Status.EXPIRED, closed_at=now
    )


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
