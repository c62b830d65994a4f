"""An interview speaks its question set's language, whatever the browser asks for."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from interviews.invites import interview_invite_send
from interviews.models import Interview, Question, QuestionSet
from interviews.selectors import question_set_default_get
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


def test_answer_from_an_out_of_date_window_is_told_so_in_the_language_of_its_set(client):
    # given: a second question, not yet asked
    interview, page = _page(client, "de")
    later = QuestionFactory.create(question_set=interview.question_set, text="Was noch?")
    # when: a window that shows it sends its answer
    response = client.post(
        page + "answer/", {"question_id": later.pk, "answer": "Noch etwas."}, follow=True
    )
    # then
    assert "Diese Frage wird gerade nicht gestellt" in response.content.decode()
    assert translation.get_language() == "en"


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


GOOD_ANSWERS = {
    Question.Kind.TEXT: "Der Arbeitsweg war zu lang.",
    Question.Kind.RATING: "2",
    Question.Kind.ENPS: "7",
    Question.Kind.YES_NO: "yes",
}


def _answer(question: Question) -> str:
    return (
        question.choices[0] if question.has_choices else GOOD_ANSWERS[Question.Kind(question.kind)]
    )


def test_employee_completes_the_german_default_interview(client):
    # given: the German default set, installed by its migration
    german = QuestionSet.objects.get(slug="standard-exit-de", status="published")
    created = interview_create(employee=EmployeeFactory.create(name="Ana"), question_set=german)
    page = client.get("/i/" + created.invite_url.rstrip("/").rsplit("/", 1)[-1] + "/")["Location"]
    # when: every question is answered as the page asks it
    asked = []
    html = client.get(page).content.decode()
    while match := re.search(r'name="question_id" value="(\d+)"', html):
        question = Question.objects.get(pk=match.group(1))
        assert f"von {german.questions.count()}" in html
        asked.append(question.key)
        response = client.post(
            page + "answer/", {"question_id": question.pk, "answer": _answer(question)}
        )
        assert response.status_code == 302
        html = client.get(page).content.decode()
    # then
    interview = Interview.objects.get(pk=created.interview.pk)
    assert interview.status == Interview.Status.COMPLETED
    assert "Vielen Dank, Ana." in html
    assert "Ja" in interview.responses.get(question__key="would_return").employee_message
    assert "manager_improvement" in asked  # the skip rule works on the German set too


def test_german_default_set_has_the_keys_of_the_english_one():
    # given
    english = question_set_default_get()
    german = QuestionSet.objects.get(slug="standard-exit-de", status="published")
    # when
    english_questions = list(english.questions.order_by("order"))
    german_questions = list(german.questions.order_by("order"))
    # then: analytics joins answers across both languages on these keys
    assert german.language == "de" and english.language == "en"
    assert not german.is_default
    assert [(q.key, q.kind) for q in german_questions] == [
        (q.key, q.kind) for q in english_questions
    ]
    assert [len(q.choices) for q in german_questions] == [len(q.choices) for q in english_questions]


def test_admin_preview_shows_a_german_set_in_german(admin_client):
    # given
    german = QuestionSet.objects.get(slug="standard-exit-de", status="published")
    # when
    response = admin_client.get(reverse("admin:interviews_questionset_preview", args=[german.pk]))
    # then
    html = response.content.decode()
    assert "Frage 1 von 12" in html
    assert "Was ist der Hauptgrund" in html
    assert translation.get_language() == "en"
