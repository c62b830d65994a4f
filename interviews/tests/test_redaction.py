"""No known name, e-mail address, phone number or link reaches the LLM; the intro says where
reports of harassment or danger go."""

from __future__ import annotations

import json

import pytest

from interviews.models import Interview
from interviews.redaction import redactor_get
from interviews.services.answers import interview_answer_submit
from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory, QuestionFactory, QuestionSetFactory

pytestmark = pytest.mark.django_db


def test_redactor_get_knows_every_employee_and_manager_name():
    # given
    EmployeeFactory.create(name="Zoë Okafor", manager_name="Dávid Kovács")
    # when
    redactor = redactor_get()
    # then
    assert redactor.redact("zoe and DAVID KOVACS") == "[name] and [name]"


def test_llm_request_body_has_names_and_contacts_redacted(chat_server):
    # given: a leaver who names their manager and another employee, with contact details
    EmployeeFactory.create(name="Sinéad Byrne", manager_name="Tomás Ortega")
    question_set = QuestionSetFactory.create()
    first = QuestionFactory.create(question_set=question_set, text="Why are you leaving?")
    QuestionFactory.create(question_set=question_set, text="Anything else?")
    employee = EmployeeFactory.create(name="Ana Lima", manager_name="Tomás Ortega")
    interview = interview_create(
        employee=employee, question_set=question_set, mode=Interview.Mode.LLM
    ).interview
    answer = (
        "tomas ortega shouted at sinead byrne; write to ana.lima@example.com, "
        "call +44 20 7946 0958 or see https://example.com/x"
    )
    # when
    interview_answer_submit(interview=interview, question_id=first.pk, raw=answer)
    # then
    body = json.dumps(chat_server.last_payload)
    for leak in ("tomas", "ortega", "sinead", "byrne", "ana.lima", "7946", "https://"):
        assert leak not in body.lower()
    user = chat_server.last_payload["messages"][1]["content"]
    assert "[name] shouted at [name]; write to [email], call [phone] or see [link]" in user


def test_interview_intro_says_reports_of_harassment_or_danger_are_passed_on(client):
    # given
    question_set = QuestionSetFactory.create(intro_message="Welcome.")
    QuestionFactory.create(question_set=question_set)
    created = interview_create(employee=EmployeeFactory.create(), question_set=question_set)
    # when
    response = client.get(created.invite_url.split("8000")[-1], follow=True)
    # then
    html = response.content.decode()
    assert "Welcome." in html
    assert "harassment, discrimination or a danger to anyone" in html
