from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from feedback.models import FeedbackSurvey, SurveyAnswer, SurveyResponse
from feedback.services import (
    AlreadyAnsweredError,
    SurveyClosedError,
    SurveyInvalidError,
    _store,
    interview_feedback_submit,
    survey_answer_submit,
)
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "system_speed": "5",
    "data_quality": "4",
    "ease_of_use": "4",
    "missing_features": "",
    "suggestions": "Bulk invites, please.",
}


def test_survey_answer_submit_stores_every_answer_once(hr_survey, hr_user):
    # when
    response = survey_answer_submit(survey=hr_survey, user=hr_user, raw=GOOD)
    # then
    stored = {a.question.key: (a.rating, a.text) for a in response.answers.all()}
    assert stored == {
        "system_speed": (5, ""),
        "data_quality": (4, ""),
        "ease_of_use": (4, ""),
        "suggestions": (None, "Bulk invites, please."),
    }
    assert response.user == hr_user and response.interview is None


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        ({"system_speed": ""}, "system_speed", "Choose a rating from 1 to 5."),
        ({"data_quality": "6"}, "data_quality", "Choose a rating from 1 to 5."),
        ({"ease_of_use": "four"}, "ease_of_use", "Choose a rating from 1 to 5."),
        ({"suggestions": "x" * 5001}, "suggestions", "under 5000 characters"),
    ],
)
def test_survey_answer_submit_refuses_bad_answers_and_stores_nothing(
    hr_survey, hr_user, change, key, message
):
    # when
    with pytest.raises(SurveyInvalidError) as caught:
        survey_answer_submit(survey=hr_survey, user=hr_user, raw={**GOOD, **change})
    # then
    assert list(caught.value.errors) == [key]
    assert message in caught.value.errors[key]
    assert not SurveyResponse.objects.exists()


def test_survey_answer_submit_twice_keeps_the_first_answers(hr_survey, hr_user):
    # given
    first = survey_answer_submit(survey=hr_survey, user=hr_user, raw=GOOD)
    # when
    with pytest.raises(AlreadyAnsweredError) as caught:
        survey_answer_submit(survey=hr_survey, user=hr_user, raw={**GOOD, "system_speed": "1"})
    # then
    assert caught.value.response == first
    assert SurveyAnswer.objects.get(question__key="system_speed").rating == 5


def test_survey_answer_submit_lost_race_is_told_it_already_answered(hr_survey, hr_user):
    # given: the other tab's response committed between our check and our insert
    other = SurveyResponse.objects.create(survey=hr_survey, user=hr_user)
    # when
    with pytest.raises(AlreadyAnsweredError) as caught, transaction.atomic():
        _store(survey=hr_survey, answers=[], user=hr_user)
    # then
    assert caught.value.response == other
    assert SurveyResponse.objects.count() == 1


def test_survey_answer_submit_refuses_a_closed_survey(hr_survey, hr_user):
    # given
    hr_survey.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    hr_survey.opens_at = hr_survey.closes_at - datetime.timedelta(days=7)
    hr_survey.save()
    # when / then
    with pytest.raises(SurveyClosedError):
        survey_answer_submit(survey=hr_survey, user=hr_user, raw=GOOD)


def test_survey_answer_submit_refuses_the_employee_survey(employee_survey, hr_user):
    # when / then
    with pytest.raises(SurveyClosedError):
        survey_answer_submit(survey=employee_survey, user=hr_user, raw={"rating": "4"})


def _completed() -> Interview:
    return InterviewFactory.create(status=Interview.Status.COMPLETED)


def test_interview_feedback_submit_stores_the_rating_and_comment(employee_survey):
    # given
    interview = _completed()
    # when
    response = interview_feedback_submit(
        interview=interview, raw={"rating": "4", "comment": "Quick and clear."}
    )
    # then
    assert response is not None
    assert response.interview == interview and response.user is None
    assert {a.question.key: (a.rating, a.text) for a in response.answers.all()} == {
        "rating": (4, ""),
        "comment": (None, "Quick and clear."),
    }


def test_interview_feedback_submit_with_nothing_given_stores_nothing(employee_survey):
    # when
    result = interview_feedback_submit(interview=_completed(), raw={"rating": "", "comment": " "})
    # then
    assert result is None
    assert not SurveyResponse.objects.exists()


def test_interview_feedback_submit_is_accepted_once(employee_survey):
    # given
    interview = _completed()
    interview_feedback_submit(interview=interview, raw={"rating": "2"})
    # when / then
    with pytest.raises(AlreadyAnsweredError):
        interview_feedback_submit(interview=interview, raw={"rating": "5"})
    assert SurveyAnswer.objects.get().rating == 2


def test_interview_feedback_submit_refuses_an_interview_not_completed(employee_survey):
    # given
    interview = InterviewFactory.create(in_progress=True)
    # when / then
    with pytest.raises(SurveyClosedError):
        interview_feedback_submit(interview=interview, raw={"rating": "5"})


def test_interview_feedback_submit_refuses_a_rating_out_of_range(employee_survey):
    # when / then
    with pytest.raises(SurveyInvalidError) as caught:
        interview_feedback_submit(interview=_completed(), raw={"rating": "9", "comment": "hi"})
    assert list(caught.value.errors) == ["rating"]
    assert not SurveyResponse.objects.exists()


def test_interview_feedback_submit_does_nothing_when_the_survey_is_off(employee_survey):
    # given
    FeedbackSurvey.objects.filter(pk=employee_survey.pk).update(active=False)
    # when / then
    assert interview_feedback_submit(interview=_completed(), raw={"rating": "5"}) is None
    assert not SurveyResponse.objects.exists()
