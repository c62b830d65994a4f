"""The HR-system API over HTTP: auth, permissions, the journey, bad input, idempotency."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from interviews.models import Employee, Interview, Response
from interviews.tests.factories import EmployeeFactory, InterviewFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "single_choice": "Pay and benefits",
    "text": "The commute was long.",
    "rating": 4,
    "enps": 9,
    "yes_no": True,
}


@pytest.fixture
def hris(api_client_with) -> APIClient:
    return api_client_with(
        "interviews.view_interview",
        "interviews.add_interview",
        "interviews.change_interview",
        "interviews.view_questionset",
        "interviews.add_employee",
        "interviews.change_employee",
    )


def _create(client: APIClient, **body) -> dict:
    payload = {"employee_id": "HR-1", "employee": {"name": "Ana Leaver"}, **body}
    response = client.post(reverse("api:interview-list"), payload, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_api_without_credentials_is_401(client):
    # when / then
    assert APIClient().get(reverse("api:interview-list")).status_code == 401


def test_api_token_without_the_view_permission_reads_nothing(api_client_with):
    # given
    InterviewFactory()
    client = api_client_with()
    # when
    response = client.get(reverse("api:interview-list"))
    # then
    assert response.status_code == 403
    assert "permission" in response.json()["detail"]


def test_api_create_then_answer_every_question_then_report(hris):
    # given
    created = _create(hris, send_invite=False)
    assert created["invite_url"].startswith("http")
    assert created["progress"] == {"answered": 0, "total": 12}
    state = created
    # when
    while state["current_question"]:
        question = state["current_question"]
        answer = ANSWERS[question["kind"]]
        response = hris.post(
            reverse("api:interview-messages", args=[state["id"]]),
            {"question_id": question["id"], "message": answer},
            format="json",
        )
        assert response.status_code == 200, response.json()
        state = response.json()
    # then
    assert state["status"] == "completed"
    report = hris.get(reverse("api:interview-report", args=[state["id"]])).json()
    assert report["answers"]["reason_for_leaving"]["answer"] == "Pay and benefits"
    assert report["answers"]["enps"]["value"] == 9
    assert Employee.objects.get(employee_id="HR-1").name == "Ana Leaver"


def test_api_create_in_the_german_default_set_says_its_language(hris):
    # when
    created = _create(hris, question_set="standard-exit-de", send_invite=False)
    # then
    assert created["language"] == "de"
    assert created["current_question"]["text"].startswith("Was ist der Hauptgrund")


def test_api_create_updates_an_existing_employee_inline(hris):
    # given
    EmployeeFactory(employee_id="HR-1", department="Old")
    # when
    _create(hris, employee={"name": "Ana", "department": "Sales"})
    # then
    assert Employee.objects.get(employee_id="HR-1").department == "Sales"


def test_api_create_with_the_same_idempotency_key_returns_the_same_interview(hris):
    # given
    url = reverse("api:interview-list")
    body = {"employee_id": "HR-9", "employee": {"name": "Idem"}}
    # when
    first = hris.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    again = hris.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    # then
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert again.json()["invite_url"] is None
    assert Interview.objects.count() == 1


def test_api_create_repeated_after_an_answer_reports_the_interview_as_it_is_now(hris):
    # given: the first creation, then its first question answered
    url = reverse("api:interview-list")
    body = {"employee_id": "HR-9", "employee": {"name": "Idem"}}
    first = hris.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="abc").json()
    question = first["current_question"]
    hris.post(
        reverse("api:interview-messages", args=[first["id"]]),
        {"question_id": question["id"], "message": "Pay and benefits"},
        format="json",
    )
    # when
    again = hris.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="abc").json()
    # then
    assert first["progress"] == {"answered": 0, "total": 12}
    assert again["progress"] == {"answered": 1, "total": 12}
    assert again["current_question"]["id"] != question["id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"employee": {"name": "x"}}, "employee_id"),
        ({"employee_id": "A", "employee": {"name": "x", "work_email": "nope"}}, "employee"),
        (
            {"employee_id": "A", "employee": {"name": "x"}, "question_set": "missing"},
            "question_set",
        ),
        ({"employee_id": "A", "employee": {"name": "x"}, "valid_days": 0}, "valid_days"),
        ({"employee_id": "A", "employee": {"name": "x"}, "mode": "telepathy"}, "mode"),
    ],
)
def test_api_create_explains_bad_fields(hris, body, field):
    # when
    response = hris.post(reverse("api:interview-list"), body, format="json")
    # then
    assert response.status_code == 400
    assert response.json()["detail"] == "Some fields are not valid; see errors."
    assert field in response.json()["errors"]
    assert not Interview.objects.exists()


def test_api_create_validates_each_request_s_employee_fields_on_their_own(hris):
    # given: a request whose employee has a bad e-mail (the fields are built once per process)
    url = reverse("api:interview-list")
    bad = {"employee_id": "A", "employee": {"name": "x", "work_email": "nope"}}
    assert hris.post(url, bad, format="json").status_code == 400
    # when
    good = {"employee_id": "B", "employee": {"name": "Bo", "work_email": "bo@example.com"}}
    response = hris.post(url, good, format="json")
    again = hris.post(url, bad, format="json")
    # then
    assert response.status_code == 201
    assert Employee.objects.get(employee_id="B").work_email == "bo@example.com"
    assert again.status_code == 400 and "employee" in again.json()["errors"]


def test_api_create_for_an_unknown_employee_without_a_name_is_400(hris):
    # when
    response = hris.post(reverse("api:interview-list"), {"employee_id": "Z"}, format="json")
    # then
    assert response.status_code == 400
    assert "name" in response.json()["errors"]


def test_api_create_refuses_a_second_open_interview(hris):
    # given
    _create(hris)
    # when
    response = hris.post(reverse("api:interview-list"), {"employee_id": "HR-1"}, format="json")
    # then
    assert response.status_code == 400
    assert "already has an open interview" in response.json()["detail"]


def test_api_malformed_json_is_400(hris):
    # when
    response = hris.post(
        reverse("api:interview-list"), "{not json", content_type="application/json"
    )
    # then
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_api_messages_errors_are_clear_4xx(hris, settings):
    # given
    state = _create(hris)
    url = reverse("api:interview-messages", args=[state["id"]])
    first = state["current_question"]
    settings.ANSWER_MAX_LENGTH = 10
    # when
    wrong = hris.post(url, {"question_id": 999999, "message": "x"}, format="json")
    bad_choice = hris.post(url, {"question_id": first["id"], "message": "Beer"}, format="json")
    missing = hris.post(url, {"message": "x"}, format="json")
    unknown = hris.post(
        reverse("api:interview-messages", args=[987654]),
        {"question_id": first["id"], "message": "x"},
        format="json",
    )
    # then
    assert wrong.status_code == 409
    assert bad_choice.status_code == 400
    assert bad_choice.json()["errors"]["message"] == ["Please pick one of the options shown."]
    assert missing.status_code == 400
    assert unknown.status_code == 404
    assert not Response.objects.exists()


def test_api_rating_out_of_range_and_text_over_the_cap_are_400(hris, settings):
    # given: answer the first two questions to reach the first rating
    state = _create(hris)
    url = reverse("api:interview-messages", args=[state["id"]])
    for message in ["Other", "ok"]:
        state = hris.post(
            url, {"question_id": state["current_question"]["id"], "message": message}, format="json"
        ).json()
    rating = state["current_question"]
    # when
    out_of_range = hris.post(url, {"question_id": rating["id"], "message": 6}, format="json")
    settings.ANSWER_MAX_LENGTH = 3
    too_long = hris.post(url, {"question_id": rating["id"], "message": "1234"}, format="json")
    # then
    assert out_of_range.status_code == 400
    assert "1 to 5" in out_of_range.json()["detail"]
    assert too_long.status_code == 400
    assert "under 3 characters" in too_long.json()["detail"]


def test_api_repeated_answer_stores_nothing_and_returns_the_state(hris):
    # given
    state = _create(hris)
    url = reverse("api:interview-messages", args=[state["id"]])
    body = {"question_id": state["current_question"]["id"], "message": "Other"}
    # when
    first = hris.post(url, body, format="json").json()
    again = hris.post(url, body, format="json")
    # then
    assert again.status_code == 200
    assert again.json()["progress"] == first["progress"]
    assert Response.objects.count() == 1


def test_api_answering_a_completed_interview_is_409(hris):
    # given
    interview = InterviewFactory(status=Interview.Status.COMPLETED)
    question = interview.question_set.questions.create(key="q", text="Q?", order=1)
    # when
    response = hris.post(
        reverse("api:interview-messages", args=[interview.pk]),
        {"question_id": question.pk, "message": "x"},
        format="json",
    )
    # then
    assert response.status_code == 409
    assert "completed" in response.json()["detail"]


def test_api_message_with_an_object_is_400(hris):
    # given
    state = _create(hris)
    # when
    response = hris.post(
        reverse("api:interview-messages", args=[state["id"]]),
        {"question_id": state["current_question"]["id"], "message": {"a": 1}},
        format="json",
    )
    # then
    assert response.status_code == 400


def test_api_interview_list_filters_and_paginates_in_constant_queries(
    hris, django_assert_max_num_queries
):
    # given
    InterviewFactory.create_batch(6, employee__department="Sales")
    InterviewFactory.create_batch(3, employee__department="Support", status="completed")
    url = reverse("api:interview-list")
    # when
    # token, permissions (user and group), count, page
    with django_assert_max_num_queries(5):
        sales = hris.get(url, {"department": "Sales", "page_size": 5}).json()
    completed = hris.get(url, {"status": "completed"}).json()
    bad = hris.get(url, {"created_after": "yesterday"})
    # then
    assert sales["count"] == 6
    assert len(sales["results"]) == 5
    assert sales["next"]
    assert completed["count"] == 3
    assert bad.status_code == 400


def test_api_question_sets_list_in_constant_queries(hris, django_assert_max_num_queries):
    # when
    # token, permissions (user and group), count, sets, their questions
    with django_assert_max_num_queries(6):
        response = hris.get(reverse("api:questionset-list"))
    # then
    first = response.json()["results"][0]
    assert first["slug"] == "standard-exit"
    assert first["questions"][0]["key"] == "reason_for_leaving"
