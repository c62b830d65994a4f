from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from exitbot.lib.anonymity import OTHER
from feedback.models import FeedbackSurvey, SurveyResponse
from feedback.selectors import (
    employee_feedback_get,
    hr_invited_count,
    hr_satisfaction,
    hr_survey_answer_rows,
    hr_survey_list_for,
    hr_survey_pending_for,
    hr_survey_results,
)
from feedback.tests.factories import FeedbackSurveyFactory, UserFactory
from interviews.models import Interview

pytestmark = pytest.mark.django_db
LLM = Interview.Mode.LLM


def test_hr_satisfaction_is_the_mean_of_every_rating_with_the_response_count(answer):
    # given: ratings 5,4,4 and 3,3,5 and 4,4,4 -> 36 / 9 = 4.0
    answer(5, 4, 4)
    answer(3, 3, 5)
    answer(4, 4, 4, suggestions="More reports")
    # when
    score = hr_satisfaction()
    # then
    assert score.mean == pytest.approx(4.0)
    assert (score.responses, score.ratings) == (3, 9)
    assert score.label == "4.00 of 5 (n=3)"


def test_hr_satisfaction_reads_only_the_active_hr_survey(answer, hr_survey):
    # given
    answer(1, 1, 1)
    FeedbackSurvey.objects.filter(pk=hr_survey.pk).update(active=False)
    # when
    score = hr_satisfaction()
    # then
    assert (score.survey, score.mean, score.responses) == (None, None, 0)
    assert score.label == "no answers yet"


def test_invited_hr_staff_are_the_active_staff_who_may_answer(hr_user, analyst):
    # given
    UserFactory.create(groups=["HR staff"], is_active=False)
    UserFactory.create(groups=["HR staff"], is_staff=False)
    UserFactory.create(groups=["HR admins", "HR staff"])
    UserFactory.create(is_superuser=True)
    # when / then: hr_user, the admin in two groups (once), the superuser
    assert hr_invited_count() == 3


def test_hr_survey_results_give_counts_rate_means_distributions_and_newest_texts_first(
    answer, hr_survey
):
    # given
    earlier = answer(5, 4, 2, suggestions="first")
    answer(4, 4, 2, suggestions="second")
    SurveyResponse.objects.filter(user=earlier).update(
        submitted_at=timezone.now() - datetime.timedelta(days=1)
    )
    UserFactory.create(groups=["HR staff"])  # invited, not answered
    UserFactory.create(groups=["HR staff"])
    # when
    results = hr_survey_results(survey=hr_survey)
    # then
    assert (results.responses, results.invited, results.rate) == (2, 4, 0.5)
    speed = results.ratings[0]
    assert (speed.question.key, speed.mean, speed.count) == ("system_speed", 4.5, 2)
    assert speed.distribution == [(1, 0), (2, 0), (3, 0), (4, 1), (5, 1)]
    suggestions = next(t for t in results.texts if t.question.key == "suggestions")
    assert [a.text for a in suggestions.answers] == ["second", "first"]


def test_hr_survey_answer_rows_have_keys_as_columns_and_no_names(answer, hr_survey):
    # given
    user = answer(5, 4, 3, missing_features="=HYPERLINK()")
    # when
    rows = hr_survey_answer_rows(survey=hr_survey)
    # then
    assert rows[0][2:] == [
        "system_speed",
        "data_quality",
        "ease_of_use",
        "missing_features",
        "suggestions",
    ]
    assert rows[1][2:] == [5, 4, 3, "=HYPERLINK()", ""]
    assert user.username not in str(rows)


def test_hr_survey_list_and_pending_follow_what_this_user_answered(answer, hr_user, hr_survey):
    # given
    FeedbackSurveyFactory.create(active=False)
    other = answer(4, 4, 4)
    # when / then
    assert [(i.survey, i.answered_at) for i in hr_survey_list_for(user=hr_user)] == [
        (hr_survey, None)
    ]
    assert hr_survey_pending_for(user=hr_user) == [hr_survey]
    assert hr_survey_pending_for(user=other) == []
    assert hr_survey_list_for(user=other)[0].answered_at is not None


def test_nobody_but_hr_staff_is_asked_to_answer(analyst, hr_survey):
    # when / then
    assert hr_survey_pending_for(user=analyst) == []


def test_employee_feedback_by_mode_is_hidden_when_every_group_is_small(rate, settings):
    # given
    settings.ANONYMITY_MIN_GROUP = 5
    for _ in range(4):
        rate(5)
    # when
    feedback = employee_feedback_get()
    # then
    assert feedback.respondents == 4
    assert feedback.mean is None
    assert feedback.by_mode == [] and feedback.by_month == []


def test_employee_feedback_folds_a_small_mode_so_it_cannot_be_recovered(rate, settings):
    # given: 6 predefined (mean 4) and 2 LLM ratings
    settings.ANONYMITY_MIN_GROUP = 5
    for rating in (3, 5, 4, 4, 4, 4):
        rate(rating)
    rate(1, mode=LLM)
    rate(2, mode=LLM)
    # when
    feedback = employee_feedback_get()
    # then: the small LLM group is folded with predefined, never shown on its own
    assert [(g.label, g.respondents) for g in feedback.by_mode] == [(OTHER, 8)]
    assert feedback.by_mode[0].mean == pytest.approx(27 / 8)
    assert feedback.mean == pytest.approx(27 / 8)


def test_employee_feedback_shows_each_mode_with_its_sample_size_when_groups_are_large(
    rate, settings
):
    # given
    settings.ANONYMITY_MIN_GROUP = 3
    for rating in (5, 5, 4):
        rate(rating)
    for rating in (2, 3, 4):
        rate(rating, mode=LLM)
    # when
    feedback = employee_feedback_get()
    # then
    assert [(g.label, g.respondents, round(g.mean or 0, 2)) for g in feedback.by_mode] == [
        ("LLM conversation", 3, 3.0),
        ("Predefined questions", 3, 4.67),
    ]
    month = timezone.localdate().strftime("%Y-%m")
    assert [(g.label, g.respondents) for g in feedback.by_month] == [(month, 6)]


def test_employee_comments_appear_only_from_the_comments_threshold(rate, settings):
    # given
    settings.ANONYMITY_MIN_GROUP_COMMENTS = 10
    for n in range(9):
        rate(4, comment=f"comment {n}")
    assert employee_feedback_get().comments == []
    # when
    rate(5, comment="the tenth")
    # then
    feedback = employee_feedback_get()
    assert feedback.comments_shown
    assert feedback.comments[0].text == "the tenth"
    assert len(feedback.comments) == 10
