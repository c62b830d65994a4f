"""Reads for interviews: scoped, joined querysets and the state an interview page shows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from exitbot.lib.tokens import token_hash
from interviews.engine import PredefinedEngine, Progress
from interviews.models import Employee, Interview, InviteToken, Question, QuestionSet, Response


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


def interview_get_by_token(*, token: str) -> Interview | None:
    """The interview an invite token opens, or None for an unknown token."""
    found = (
        InviteToken.objects.filter(token_hash=token_hash(token))
        .select_related("interview__employee", "interview__question_set")
        .first()
    )
    return found.interview if found else None


def interview_get_by_public_id(*, public_id: str) -> Interview | None:
    """The interview behind a token-free page URL, or None."""
    return (
        Interview.objects.select_related("employee", "question_set")
        .filter(public_id=public_id)
        .first()
    )


def question_list(*, question_set: QuestionSet) -> list[Question]:
    """The questions of one set version, in order."""
    return list(Question.objects.filter(question_set=question_set).order_by("order", "id"))


def interview_state_get(*, interview: Interview) -> InterviewState:
    """The transcript so far and what to ask next: two queries whatever the length."""
    questions = question_list(question_set=interview.question_set)
    responses = list(
        Response.objects.filter(interview=interview).select_related("question").order_by("id")
    )
    answers = {r.question_id: r.value for r in responses}
    progress = PredefinedEngine().progress(questions, answers)
    return InterviewState(interview, questions, responses, progress)


def question_set_default_get() -> QuestionSet | None:
    """The published set new interviews use when none is named."""
    return QuestionSet.objects.filter(is_default=True, status=QuestionSet.Status.PUBLISHED).first()


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


def employee_get(*, employee_id: str) -> Employee | None:
    """An employee by HR system id."""
    return Employee.objects.filter(employee_id=employee_id).first()
