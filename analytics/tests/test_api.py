"""The analytics API over HTTP: the CSV export and the question statistics."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from analytics.tests.factories import QuestionStatsFactory
from interviews.models import Interview, Question
from interviews.tests.factories import InterviewFactory, ResponseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hris(api_client_with) -> APIClient:
    return api_client_with(
        "interviews.view_interview", "analytics.view_questionstats", "analytics.view_free_text"
    )


def test_api_export_csv_has_a_row_per_respondent_and_neutralised_formulas(hris):
    # given: ten completed interviews, one with a formula in a free-text answer
    question = Question.objects.get(key="reason_detail", question_set__is_default=True)
    for number in range(10):
        interview = InterviewFactory(
            question_set=question.question_set, status=Interview.Status.COMPLETED
        )
        message = "=cmd|' /C calc'!A0" if number == 0 else f"Reason {number}"
        ResponseFactory(interview=interview, question=question, employee_message=message)
    InterviewFactory(question_set=question.question_set, in_progress=True)
    # when
    response = hris.get(reverse("api:export-interviews"))
    # then
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, body = rows[0], rows[1:]
    assert len(body) == 10
    assert "'=cmd|' /C calc'!A0" in [row[header.index("reason_detail")] for row in body]


def test_api_export_csv_leaves_free_text_out_without_the_free_text_grant(api_client_with):
    # given: ten respondents who wrote a reason, and a client allowed the export but not the text
    question = Question.objects.get(key="reason_detail", question_set__is_default=True)
    for number in range(10):
        interview = InterviewFactory(
            question_set=question.question_set, status=Interview.Status.COMPLETED
        )
        ResponseFactory(interview=interview, question=question, employee_message=f"Reason {number}")
    client = api_client_with("interviews.view_interview")
    # when
    response = client.get(reverse("api:export-interviews"))
    # then
    body = b"".join(response.streaming_content).decode()
    header = next(csv.reader(io.StringIO(body)))
    assert response.status_code == 200
    assert "reason_detail" not in header and "reason_for_leaving" in header
    assert "Reason 3" not in body


def test_api_stats_hide_figures_under_the_threshold(hris):
    # given
    QuestionStatsFactory(responses=3, non_empty=3)
    QuestionStatsFactory(
        responses=8,
        non_empty=6,
        period_start=QuestionStatsFactory._meta.model.objects.get().period_start,
    )
    # when
    results = hris.get(reverse("api:stats-questions")).json()["results"]
    # then
    hidden = [r for r in results if r["hidden"]]
    shown = [r for r in results if not r["hidden"]]
    assert hidden[0]["non_empty"] is None
    assert shown[0]["non_empty"] == 6
