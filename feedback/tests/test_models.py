"""The rules the database itself keeps, whatever the code above it does."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from feedback.models import SurveyAnswer, SurveyResponse
from feedback.tests.factories import (
    FeedbackSurveyFactory,
    SurveyAnswerFactory,
    SurveyQuestionFactory,
    SurveyResponseFactory,
    UserFactory,
)
from interviews.tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def test_one_response_per_user_and_survey():
    # given
    first = SurveyResponseFactory.create()
    # when / then
    with pytest.raises(IntegrityError):
        SurveyResponse.objects.create(survey=first.survey, user=first.user)


def test_one_response_per_interview():
    # given
    interview = InterviewFactory.create()
    SurveyResponseFactory.create(user=None, interview=interview)
    # when / then
    with pytest.raises(IntegrityError):
        SurveyResponseFactory.create(user=None, interview=interview)


def test_a_response_is_from_a_user_or_about_an_interview_never_both():
    # when / then
    with pytest.raises(IntegrityError):
        SurveyResponseFactory.create(user=UserFactory.create(), interview=InterviewFactory.create())


def test_responses_of_deleted_users_all_keep_counting():
    # given
    survey = FeedbackSurveyFactory.create()
    users = UserFactory.create_batch(2)
    for user in users:
        SurveyResponseFactory.create(survey=survey, user=user)
    # when
    for user in users:
        user.delete()
    # then
    assert SurveyResponse.objects.filter(survey=survey, user__isnull=True).count() == 2


@pytest.mark.parametrize("rating", [0, 6])
def test_a_rating_is_from_1_to_5(rating):
    # when / then
    with pytest.raises(IntegrityError):
        SurveyAnswerFactory.create(rating=rating)


def test_an_answer_is_a_rating_or_a_text_not_both():
    # when / then
    with pytest.raises(IntegrityError):
        SurveyAnswerFactory.create(rating=3, text="and words")


def test_one_answer_per_question_and_response():
    # given
    first = SurveyAnswerFactory.create(rating=3)
    # when / then
    with pytest.raises(IntegrityError):
        SurveyAnswer.objects.create(response=first.response, question=first.question, rating=4)


def test_a_survey_closes_after_it_opens():
    # when / then
    with pytest.raises(IntegrityError):
        FeedbackSurveyFactory.create(closes_at=timezone.now() - datetime.timedelta(days=1))


def test_a_survey_is_open_only_while_active_and_between_its_dates():
    # given
    now = timezone.now()
    day = datetime.timedelta(days=1)
    # when / then
    assert FeedbackSurveyFactory.build(opens_at=now - day).is_open(now)
    assert not FeedbackSurveyFactory.build(opens_at=now - day, active=False).is_open(now)
    assert not FeedbackSurveyFactory.build(opens_at=now + day).is_open(now)
    assert not FeedbackSurveyFactory.build(opens_at=now - 2 * day, closes_at=now - day).is_open(now)


def test_str_of_each_model_says_what_it_is():
    # given
    answer = SurveyAnswerFactory.create(
        question=SurveyQuestionFactory.create(key="ease_of_use"), rating=4
    )
    # when / then
    assert str(answer) == "ease_of_use: 4"
    assert str(answer.question) == "ease_of_use"
    assert str(answer.response).startswith(f"Response to {answer.response.survey.name} at ")
    assert str(answer.response.survey) == answer.response.survey.name
