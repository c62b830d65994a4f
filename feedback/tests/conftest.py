"""Builders shared by the feedback specs: the seeded surveys, HR users, rated interviews."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from feedback.models import FeedbackSurvey
from feedback.selectors import EMPLOYEE_SURVEY_SLUG
from feedback.services import interview_feedback_submit, survey_answer_submit
from feedback.tests.factories import UserFactory
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory

HR_SLUG = "predefined-questions-feedback"
Answer = Callable[..., User]
Rate = Callable[..., Interview]


@pytest.fixture
def hr_survey(db: None) -> FeedbackSurvey:
    """The survey the data migration installs from feedback/surveys/."""
    return FeedbackSurvey.objects.get(slug=HR_SLUG)


@pytest.fixture
def employee_survey(db: None) -> FeedbackSurvey:
    return FeedbackSurvey.objects.get(slug=EMPLOYEE_SURVEY_SLUG)


@pytest.fixture
def hr_user(db: None) -> User:
    return UserFactory.create(username="hr-staff", groups=["HR staff"])


@pytest.fixture
def analyst(db: None) -> User:
    return UserFactory.create(username="analyst", groups=["Analysts"])


@pytest.fixture
def answer(hr_survey: FeedbackSurvey) -> Answer:
    """A new HR staff member answering the HR survey through the service."""

    def make(speed: int, quality: int, ease: int, **texts: str) -> User:
        user = UserFactory.create(groups=["HR staff"])
        raw = {"system_speed": str(speed), "data_quality": str(quality), "ease_of_use": str(ease)}
        survey_answer_submit(survey=hr_survey, user=user, raw={**raw, **texts})
        return user

    return make


@pytest.fixture
def rate(employee_survey: FeedbackSurvey) -> Rate:
    """A completed interview in a mode, rated by its employee through the service."""

    def make(rating: int, *, mode: str = Interview.Mode.PREDEFINED, comment: str = "") -> Interview:
        interview = InterviewFactory.create(status=Interview.Status.COMPLETED, mode=mode)
        interview_feedback_submit(
            interview=interview, raw={"rating": str(rating), "comment": comment}
        )
        return interview

    return make
