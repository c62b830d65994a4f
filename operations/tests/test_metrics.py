"""/metrics: the product metrics move by the right amounts, and only operators can read them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from interviews.selectors import interview_state_get
from interviews.services.interviews import interview_create
from interviews.tasks import interviews_expire_due_task
from interviews.tests.factories import EmployeeFactory
from operations.tests.conftest import parse, value

pytestmark = pytest.mark.django_db

API_ANSWERS = {
    "single_choice": "Pay and benefits",
    "multiple_choice": ["Pay and benefits"],
    "text": "Long commute.",
    "rating": 4,
    "enps": 9,
    "yes_no": True,
}


def _answer_through_api(hris) -> int:
    created = hris.post(
        reverse("api:interview-list"),
        {"employee_id": "M-1", "employee": {"name": "Api Leaver"}},
        format="json",
    ).json()
    state, answered = created, 0
    while state["current_question"]:
        question = state["current_question"]
        state = hris.post(
            reverse("api:interview-messages", args=[state["id"]]),
            {"question_id": question["id"], "message": API_ANSWERS[question["kind"]]},
            format="json",
        ).json()
        answered += 1
    assert state["status"] == "completed"
    return answered


def _answer_through_page() -> int:
    created = interview_create(employee=EmployeeFactory.create())
    client = Client()
    page = client.get(created.invite_url.split("8000", 1)[-1])["Location"]
    answered = 0
    while (
        question := interview_state_get(interview=created.interview).current_question
    ) is not None:
        answer = API_ANSWERS[question.kind]
        form = {"question_id": question.pk, "answer": "yes" if answer is True else answer}
        assert client.post(page + "answer/", form).status_code == 302
        answered += 1
    return answered


def test_metrics_count_creations_answers_and_completions_from_page_and_api(hris, scrape):
    # given
    before = scrape()
    # when
    answers = _answer_through_api(hris) + _answer_through_page()
    after = scrape()

    # then
    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("interviews_started_total", status="success", mode="predefined") == 2
    assert moved("interview_creation_time_seconds_count") == 2
    assert moved("interviews_completed_total", mode="predefined") == 2
    assert moved("message_response_time_seconds_count", mode="predefined") == answers
    assert moved("message_response_time_seconds_bucket", mode="predefined", le="5.0") == answers
    assert value(after, "interview_completion_rate", mode="all") == 1.0


def test_metrics_histograms_have_the_old_buckets_and_finer_ones_below(scrape):
    # when
    samples = scrape()
    # then
    bounds = {
        dict(labels)["le"]
        for name, labels in samples
        if name == "interview_creation_time_seconds_bucket"
    }
    assert bounds == {"0.005", "0.01", "0.025", "0.05", "0.1", "0.5", "1.0", "2.0", "5.0", "+Inf"}


def test_metrics_count_an_api_4xx_under_its_route_name(hris, scrape):
    # given
    before = scrape()
    # when
    response = hris.post(
        reverse("api:interview-messages", args=[999999]),
        {"question_id": 1, "message": "x"},
        format="json",
    )
    # then
    assert response.status_code == 404
    labels = {"endpoint": "api:interview-messages", "status_code": "404"}
    assert (
        value(scrape(), "api_errors_total", **labels) - value(before, "api_errors_total", **labels)
        == 1
    )


def test_metrics_count_celery_task_outcomes(scrape):
    # given
    labels = {"task": "interviews.tasks.interviews_expire_due_task", "state": "success"}
    before = value(scrape(), "celery_tasks_total", **labels)
    # when
    interviews_expire_due_task.delay()
    # then
    assert value(scrape(), "celery_tasks_total", **labels) == before + 1


def test_metrics_are_404_from_an_address_not_allowed_without_the_token(settings):
    # given
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    settings.METRICS_TOKEN = "s3cret-scrape-token"
    client = Client(REMOTE_ADDR="192.0.2.7")
    # when / then
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 200
    allowed = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")
    assert allowed.status_code == 200
    assert "interviews_started" in parse(allowed.content.decode()).__repr__()


def test_metrics_labels_never_carry_an_employee_id_or_a_token(hris, scrape):
    # given
    _answer_through_api(hris)
    # when
    labels = {v for _, pairs in scrape() for _, v in pairs}
    # then
    assert not any("M-1" in label or "/i/" in label for label in labels)
