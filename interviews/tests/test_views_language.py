"""An interview speaks its question set's language, whatever the browser asks for."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from interviews.invites import interview_invite_send
from interviews.models import Interview, QuestionSet
from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory, QuestionFactory, QuestionSetFactory

pytestmark = pytest.mark.django_db


def _set(language: str) -> QuestionSet:
    question_set = QuestionSetFactory.create(language=language)
    QuestionFactory.create(question_set=question_set, text="Warum gehen Sie?")
    return question_set


def _page(client: Client, language: str) -> tuple[Interview, str]:
    created = interview_create(
        employee=EmployeeFactory.create(work_email="ana@example.com"),
        question_set=_set(language),
    )
    token_path = "/i/" + created.invite_url.rstrip("/").rsplit("/", 1)[-1] + "/"
    return created.interview, client.get(token_path)["Location"]


def test_interview_page_speaks_the_language_of_its_question_set(client):
    # given
    _interview, page = _page(client, "de")
    # when
    response = client.get(page)
    # then
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert response["Content-Language"] == "de"
    assert "Frage 1 von 1" in html
    assert "vertraulich, aber nicht anonym" in html
    assert "Antwort senden" in html


def test_interview_page_of_an_english_set_stays_english_for_a_german_browser(client):
    # given
    _interview, page = _page(client, "en")
    # when
    response = client.get(page, headers={"accept-language": "de"})
    # then
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Question 1 of 1" in html


def test_interview_page_leaves_the_next_request_in_its_own_language(client):
    # given
    _interview, page = _page(client, "de")
    # when
    client.get(page)
    # then: the thread that served the German page is back to the default language
    assert translation.get_language() == "en"


def test_interview_answer_refusal_speaks_the_language_of_its_question_set(client):
    # given
    interview, page = _page(client, "de")
    question = interview.question_set.questions.get()
    # when
    response = client.post(page + "answer/", {"question_id": question.pk, "answer": ""})
    # then
    assert response.status_code == 422
    assert "Diese Frage braucht eine Antwort." in response.content.decode()


def test_invite_email_speaks_the_language_of_its_question_set(client):
    # given
    interview, _page_url = _page(client, "de")
    # when
    sent = interview_invite_send(interview=interview)
    # then
    assert sent
    message = mail.outbox[-1]
    assert message.subject.startswith("Ihr Austrittsgespräch bei")
    assert "vertraulich, aber nicht anonym" in message.body
    assert translation.get_language() == "en"
