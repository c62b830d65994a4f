from __future__ import annotations

import pytest
from django.urls import reverse

from feedback.models import FeedbackSurvey, SurveyQuestion, SurveyResponse

pytestmark = pytest.mark.django_db


def _change_url(survey: FeedbackSurvey) -> str:
    return reverse("admin:feedback_feedbacksurvey_change", args=[survey.pk])


def _inline_data(survey: FeedbackSurvey, **changes: str) -> dict[str, str]:
    questions = list(survey.questions.all())
    data = {
        "name": survey.name,
        "slug": survey.slug,
        "description": survey.description,
        "audience": survey.audience,
        "active": "on",
        "opens_at_0": survey.opens_at.strftime("%Y-%m-%d"),
        "opens_at_1": survey.opens_at.strftime("%H:%M:%S"),
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": str(len(questions)),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for i, q in enumerate(questions):
        data.update(
            {
                f"questions-{i}-id": str(q.pk),
                f"questions-{i}-survey": str(survey.pk),
                f"questions-{i}-order": str(q.order),
                f"questions-{i}-key": q.key,
                f"questions-{i}-text": q.text,
                f"questions-{i}-help_text": q.help_text,
                f"questions-{i}-kind": q.kind,
                f"questions-{i}-required": "on" if q.required else "",
            }
        )
    data.update(changes)
    return data


def test_survey_page_lists_questions_in_order_with_the_response_count(admin_client, hr_survey):
    # when
    listing = admin_client.get(reverse("admin:feedback_feedbacksurvey_changelist"))
    page = admin_client.get(_change_url(hr_survey)).content.decode()
    # then
    assert listing.status_code == 200
    keys = ["system_speed", "data_quality", "ease_of_use", "missing_features", "suggestions"]
    positions = [page.index(f'value="{key}"') for key in keys]
    assert positions == sorted(positions)


def test_an_unanswered_survey_can_be_edited(admin_client, hr_survey):
    # when
    response = admin_client.post(
        _change_url(hr_survey), _inline_data(hr_survey, **{"questions-0-text": "How fast?"})
    )
    # then
    assert response.status_code == 302
    assert SurveyQuestion.objects.get(survey=hr_survey, key="system_speed").text == "How fast?"


def test_an_answered_survey_is_frozen(admin_client, hr_survey, answer):
    # given
    answer(4, 4, 4)
    # when
    page = admin_client.get(_change_url(hr_survey)).content.decode()
    admin_client.post(
        _change_url(hr_survey),
        _inline_data(hr_survey, name="Renamed", **{"questions-0-text": "How fast?"}),
    )
    # then
    assert 'name="questions-0-text"' not in page
    hr_survey.refresh_from_db()
    assert hr_survey.name == "Predefined Questions Feedback"
    assert SurveyQuestion.objects.get(survey=hr_survey, key="system_speed").text != "How fast?"


def test_responses_are_read_only(admin_client, answer):
    # given
    answer(5, 4, 3)
    response = SurveyResponse.objects.get()
    # when
    listing = admin_client.get(reverse("admin:feedback_surveyresponse_changelist"))
    add = admin_client.get(reverse("admin:feedback_surveyresponse_add"))
    page = admin_client.get(
        reverse("admin:feedback_surveyresponse_change", args=[response.pk])
    ).content.decode()
    # then
    assert listing.status_code == 200
    assert add.status_code == 403
    assert "system_speed" in page
    assert 'name="_save"' not in page
    assert 'name="answers-0-rating"' not in page
