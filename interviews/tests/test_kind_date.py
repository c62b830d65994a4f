"""The date kind, added as one registry entry and one template: parsed, asked, imported, sent."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from interviews.answers import AnswerInvalidError, answer_parse
from interviews.forms import QuestionForm
from interviews.models import Question, QuestionSet, Response
from interviews.question_set_io import QuestionSetDocumentError, document_parse
from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory, QuestionFactory, QuestionSetFactory

pytestmark = pytest.mark.django_db

ASKED = "When did you first think about leaving?"


def _date_question(required: bool = True) -> Question:
    return Question(key="first_thought", text=ASKED, kind=Question.Kind.DATE, required=required)


@pytest.fixture
def date_set() -> QuestionSet:
    """A published set whose only question asks for a date."""
    question_set = QuestionSetFactory.create(slug="dates")
    QuestionFactory(question_set=question_set, key="first_thought", text=ASKED, kind="date")
    return question_set


@pytest.mark.parametrize("raw", ["2025-03-31", " 2025-03-31 "])
def test_answer_parse_date_keeps_an_iso_date(raw):
    # when
    parsed = answer_parse(_date_question(), raw)
    # then
    assert (parsed.value, parsed.text) == ("2025-03-31", "2025-03-31")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("31/03/2025", "Please give a date as year-month-day, for example 2025-03-31."),
        ("2025-02-30", "Please give a date as year-month-day, for example 2025-03-31."),
        ("last spring", "Please give a date as year-month-day, for example 2025-03-31."),
        (20250331, "Please give a date as year-month-day, for example 2025-03-31."),
        ("1025-03-31", "Please give a date between 1950 and 2100."),
    ],
)
def test_answer_parse_date_refuses_what_is_not_a_plausible_date(raw, message):
    # when / then
    with pytest.raises(AnswerInvalidError) as error:
        answer_parse(_date_question(), raw)
    assert error.value.message == message


def test_answer_parse_optional_date_left_empty_stores_no_value():
    # when
    parsed = answer_parse(_date_question(required=False), "")
    # then
    assert parsed.value is None


def test_interview_page_asks_a_date_refuses_a_bad_one_and_stores_a_good_one(
    client: Client, date_set
):
    # given: an employee on the page of a set that asks a date
    created = interview_create(employee=EmployeeFactory.create(), question_set=date_set)
    page = client.get(created.invite_url.split("testserver")[-1].split("8000")[-1])["Location"]
    question = date_set.questions.get()
    html = client.get(page).content.decode()
    assert f'<input type="date" id="answer-{question.pk}" name="answer"' in html
    # when: a date the way one writes it by hand, then a real one
    bad = client.post(page + "answer/", {"question_id": question.pk, "answer": "31/03/2025"})
    good = client.post(page + "answer/", {"question_id": question.pk, "answer": "2025-03-31"})
    # then: a clear message that keeps what was typed, then the date stored once
    assert bad.status_code == 422
    assert "Please give a date as year-month-day" in bad.content.decode()
    assert 'value="31/03/2025"' in bad.content.decode()
    assert good.status_code == 302
    stored = Response.objects.get(interview=created.interview)
    assert (stored.value, stored.employee_message, stored.sentiment) == (
        "2025-03-31",
        "2025-03-31",
        None,
    )


def test_api_journey_answers_a_date_question_and_reports_it(api_client_with, date_set):
    # given
    hris: APIClient = api_client_with(
        "interviews.view_interview",
        "interviews.add_interview",
        "interviews.change_interview",
        "interviews.add_employee",
    )
    body = {"employee_id": "D-1", "employee": {"name": "Dee Date"}, "question_set": "dates"}
    state = hris.post(reverse("api:interview-list"), body, format="json").json()
    question = state["current_question"]
    assert question["kind"] == "date"
    messages = reverse("api:interview-messages", args=[state["id"]])
    # when
    bad = hris.post(messages, {"question_id": question["id"], "message": "March"}, format="json")
    good = hris.post(
        messages, {"question_id": question["id"], "message": "2025-03-31"}, format="json"
    )
    report = hris.get(reverse("api:interview-report", args=[state["id"]])).json()
    # then
    assert bad.status_code == 400
    assert "year-month-day" in str(bad.json())
    assert good.status_code == 200
    assert good.json()["status"] == "completed"
    assert report["answers"]["first_thought"]["kind"] == "date"
    assert report["answers"]["first_thought"]["value"] == "2025-03-31"


def test_document_parse_reads_a_date_question_and_refuses_choices_on_it():
    # given
    good = "name: D\nslug: d\nquestions: [{key: when, kind: date, text: When}]"
    bad = "name: D\nslug: d\nquestions: [{key: when, kind: date, text: When, choices: [a, b]}]"
    # when
    spec = document_parse(good)
    with pytest.raises(QuestionSetDocumentError) as error:
        document_parse(bad)
    # then
    assert spec.questions[0].kind == "date"
    assert error.value.problems == ["Question 1 (when): only choice questions have choices."]


def test_question_form_offers_the_date_kind():
    # given
    data = {"order": 1, "key": "when", "text": "When?", "kind": "date", "required": True}
    # when
    form = QuestionForm(data=data)
    # then
    assert form.is_valid(), form.errors
    assert ("date", "Date") in form.fields["kind"].choices
