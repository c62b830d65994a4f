"""Builders shared by the analytics specs: interviews answered through the real services."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.utils import timezone

from interviews.models import Interview, Question, QuestionSet, Response
from interviews.services.answers import interview_answer_submit
from interviews.services.interviews import interview_classify
from interviews.tests.factories import (
    EmployeeFactory,
    InterviewFactory,
    QuestionFactory,
    QuestionSetFactory,
)

Answered = Callable[..., Interview]


@pytest.fixture
def small_set() -> QuestionSet:
    """Three questions: a rating, an optional comment, a yes/no."""
    question_set = QuestionSetFactory.create(slug="small")
    QuestionFactory(question_set=question_set, key="rate", kind=Question.Kind.RATING, order=1)
    QuestionFactory(
        question_set=question_set, key="comment", kind=Question.Kind.TEXT, required=False, order=2
    )
    QuestionFactory(question_set=question_set, key="back", kind=Question.Kind.YES_NO, order=3)
    return question_set


@pytest.fixture
def answered() -> Answered:
    """An interview answered through the service, with each answer's seconds and time set."""

    def make(
        question_set: QuestionSet,
        answers: Sequence[Any],
        *,
        seconds: Sequence[int] | None = None,
        mode: str = Interview.Mode.PREDEFINED,
        department: str = "Engineering",
        days_ago: int = 0,
        exit_type: str = "",
        regrettable: bool | None = None,
    ) -> Interview:
        interview = InterviewFactory.create(
            question_set=question_set,
            mode=mode,
            employee=EmployeeFactory(department=department),
            in_progress=True,
        )
        questions = list(question_set.questions.order_by("order"))
        for question, raw in zip(questions, answers, strict=False):
            interview_answer_submit(interview=interview, question_id=question.pk, raw=raw)
        when = timezone.now() - datetime.timedelta(days=days_ago)
        for index, response in enumerate(Response.objects.filter(interview=interview)):
            response.created_at = when
            if seconds is not None:
                response.seconds_spent = seconds[index]
            response.save(update_fields=["created_at", "seconds_spent"])
        Interview.objects.filter(pk=interview.pk).update(started_at=when)
        interview.refresh_from_db()
        if exit_type or regrettable is not None:
            interview_classify(interview=interview, exit_type=exit_type, regrettable=regrettable)
        return interview

    return make
