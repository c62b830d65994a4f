"""Writes for the feedback surveys: an HR user's answers, an employee's rating of an interview."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from feedback.answers import CleanAnswer, answers_clean
from feedback.models import FeedbackSurvey, SurveyAnswer, SurveyResponse
from feedback.selectors import employee_survey_get, response_for_interview, response_for_user
from interviews.models import Interview


class SurveyClosedError(Exception):
    """The survey does not take answers now (inactive, not yet open or closed)."""


class SurveyInvalidError(Exception):
    """Some answers are not acceptable; ``errors`` has one message per question key."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))
        self.errors = errors


class AlreadyAnsweredError(Exception):
    """This person or interview has answered already; ``response`` is the earlier answer."""

    def __init__(self, response: SurveyResponse) -> None:
        super().__init__(f"already answered at {response.submitted_at:%Y-%m-%d %H:%M}")
        self.response = response


def _store(
    *,
    survey: FeedbackSurvey,
    answers: list[CleanAnswer],
    user: User | None = None,
    interview: Interview | None = None,
) -> SurveyResponse:
    try:
        # The unique constraints decide a race between two tabs: the loser's savepoint rolls back
        # and nothing of its answers is kept.
        with transaction.atomic():
            response = SurveyResponse.objects.create(survey=survey, user=user, interview=interview)
            SurveyAnswer.objects.bulk_create(
                SurveyAnswer(response=response, question=a.question, rating=a.rating, text=a.text)
                for a in answers
            )
    except IntegrityError:
        earlier = (
            response_for_user(survey=survey, user=user)
            if user is not None
            else response_for_interview(interview=interview)
            if interview is not None
            else None
        )
        if earlier is None:
            raise
        raise AlreadyAnsweredError(earlier) from None
    return response


@transaction.atomic(durable=True)
def survey_answer_submit(
    *, survey: FeedbackSurvey, user: User, raw: Mapping[str, str]
) -> SurveyResponse:
    """Store an HR user's answers to an open HR survey, all or nothing, once per user.

    Raises AlreadyAnsweredError (nothing stored), SurveyClosedError or SurveyInvalidError.
    """
    if survey.audience != FeedbackSurvey.Audience.HR or not survey.is_open():
        raise SurveyClosedError
    earlier = response_for_user(survey=survey, user=user)
    if earlier is not None:
        raise AlreadyAnsweredError(earlier)
    answers, errors = answers_clean(
        list(survey.questions.all()), raw, max_length=settings.ANSWER_MAX_LENGTH
    )
    if errors:
        raise SurveyInvalidError(errors)
    return _store(survey=survey, answers=answers, user=user)


@transaction.atomic(durable=True)
def interview_feedback_submit(
    *, interview: Interview, raw: Mapping[str, str]
) -> SurveyResponse | None:
    """Store an employee's optional rating and comment of their completed interview, once.

    Returns None when there is nothing to store (no employee survey, or nothing was given).
    Raises AlreadyAnsweredError, SurveyClosedError (interview not completed) or SurveyInvalidError.
    """
    survey = employee_survey_get()
    if survey is None:
        return None
    if interview.status != Interview.Status.COMPLETED:
        raise SurveyClosedError
    earlier = response_for_interview(interview=interview)
    if earlier is not None:
        raise AlreadyAnsweredError(earlier)
    answers, errors = answers_clean(
        list(survey.questions.all()), raw, max_length=settings.ANSWER_MAX_LENGTH
    )
    if errors:
        raise SurveyInvalidError(errors)
    if not answers:
        return None
    return _store(survey=survey, answers=answers, interview=interview)
