"""Writes for interviews: every change to an interview and its answers goes through here."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from interviews.engine import llm_configured
from interviews.events import event_record
from interviews.invites import invite_url_issue
from interviews.metrics import creation_timed
from interviews.models import (
    ONE_OPEN_PER_EMPLOYEE,
    Employee,
    ExperienceEvent,
    IdempotencyKey,
    Interview,
    Question,
    QuestionSet,
)
from interviews.modes import interview_mode_choose
from interviews.rows import EMPLOYEES, INTERVIEWS
from interviews.selectors import employee_get, interview_row_locked, question_set_default_get
from interviews.signals import interview_expired
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


class InterviewNotFoundError(Exception):
    """No interview has the public id a page sent."""


class CreatedInterview(NamedTuple):
    interview: Interview
    invite_url: str


def _lock_interview(interview: Interview) -> Interview:
    """The interview's row, locked and read again.

    Its set and employee, when the caller has read them, are kept rather than joined again: an
    interview never changes either, and the lock's query stays one narrow row.
    """
    locked = interview_row_locked(interview_id=interview.pk)
    if Interview.question_set.is_cached(interview):
        locked.question_set = interview.question_set
    if Interview.employee.is_cached(interview):
        locked.employee = interview.employee
    return locked


def _errors_name_constraints() -> bool:
    """PostgreSQL names the constraint a failed write broke; SQLite does not."""
    return connection.vendor == "postgresql"


def _one_open_violated(error: IntegrityError, employee: Employee) -> bool:
    """Whether a failed interview INSERT broke the rule of one open interview per employee.

    From the constraint's name where the error carries it: that failed transaction takes no
    further query. Elsewhere the INSERT ran in a savepoint and the open interview is looked up.
    """
    if _errors_name_constraints():
        diagnostics = getattr(error.__cause__, "diag", None)
        return bool(getattr(diagnostics, "constraint_name", None) == ONE_OPEN_PER_EMPLOYEE)
    return Interview.objects.filter(employee=employee, status__in=Interview.OPEN_STATUSES).exists()


def employee_upsert(*, employee_id: str, **fields: Any) -> Employee:
    """Create the employee or update the given fields of an existing one.

    Every creation runs this, so the row is read and written with SQL built once per process
    (exitbot.lib.rows); nothing listens to an employee's save signals.
    """
    employee = employee_get(employee_id=employee_id) or Employee(employee_id=employee_id)
    if employee.pk is not None and not fields:
        return employee
    for name, value in fields.items():
        setattr(employee, name, value)
    # employee_id, the one unique field, was just looked up: no second query to check it.
    employee.full_clean(validate_unique=False)
    if employee.pk is None:
        EMPLOYEES.insert(employee)
    else:
        EMPLOYEES.update(employee, [*Employee.HR_FIELDS, "updated_at"])
    return employee


@creation_timed
@transaction.atomic(savepoint=False)
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
    # The database holds the rules: one open interview per employee (no racy check first) and a
    # unique random public id. The related rows were read or written in this transaction: no
    # query checks that they exist.
    interview.full_clean(
        exclude=["employee", "question_set", "created_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    # Where the error names no constraint, a savepoint keeps the transaction usable for the
    # query that tells which rule the INSERT broke.
    try:
        with nullcontext() if _errors_name_constraints() else transaction.atomic():
            INTERVIEWS.insert(interview)
    except IntegrityError as error:
        if not _one_open_violated(error, employee):
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
    interview = _lock_interview(interview)
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


@transaction.atomic
def interview_cancel(*, interview: Interview) -> Interview:
    """Cancel an open interview; its links stop working. A no-op when already closed."""
    interview = _lock_interview(interview)
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
