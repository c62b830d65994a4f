"""The employee's journey in LLM mode through the pages, against a loopback model server."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from interviews.models import Interview, Question, Response
from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

ANSWERS = {"text": "The commute.", "rating": "4", "enps": "8", "yes_no": "yes"}


def _start(client: Client) -> tuple[Interview, str]:
    created = interview_create(employee=EmployeeFactory.create(), mode=Interview.Mode.LLM)
    response = client.get(created.invite_url.split("8000")[-1])
    assert response.status_code == 302
    return created.interview, response["Location"]


def _form(html: str) -> tuple[int, str]:
    question_id = re.search(r'name="question_id" value="(\d+)"', html)
    assert question_id, "the page shows no answer form"
    return int(question_id.group(1)), "followup" if 'id="followup-' in html else ""


def _answer(question: Question) -> str:
    return question.choices[0] if question.has_choices else ANSWERS[question.kind]


def test_llm_journey_shows_the_follow_up_takes_its_answer_and_completes(client, chat_server):
    # given: the model follows up on the first answer and acknowledges every other one
    interview, page = _start(client)
    chat_server.reply({"action": "follow_up", "message": "What made that the main reason?"})
    # when: the employee answers everything the page asks, follow-up included
    pages = []
    for _ in range(40):
        html = client.get(page).content.decode()
        pages.append(html)
        if 'name="question_id"' not in html:
            break
        question_id, turn = _form(html)
        if turn == "followup":
            data = {"question_id": question_id, "answer": "Pay, mostly."}
        else:
            question = Question.objects.get(pk=question_id)
            data = {"question_id": question_id, "answer": _answer(question)}
        assert client.post(page + "answer/", data).status_code == 302
    # then
    interview.refresh_from_db()
    assert interview.status == Interview.Status.COMPLETED
    follow_up_page = pages[1]
    assert "What made that the main reason?" in follow_up_page
    assert re.search(r"Question 1 of 1[12] · a follow-up", follow_up_page)
    assert 'class="turn-source"' in follow_up_page
    assert re.search(r"Question 2 of 1[12]<", pages[2])
    final = pages[-1]
    assert "Pay, mostly." in final
    assert "Thank you, that is helpful." in final
    assert final.count('title="Written by an AI language model') >= 2


def test_llm_page_says_what_the_model_receives(client, chat_server):
    # given
    _, page = _start(client)
    # when
    html = client.get(page).content.decode()
    # then
    assert "never your name" in html
    assert "AI language model" in html


def test_llm_failure_shows_the_next_question_and_no_error(client, chat_server):
    # given
    interview, page = _start(client)
    question_id, _ = _form(client.get(page).content.decode())
    question = Question.objects.get(pk=question_id)
    chat_server.reply_raw(500, b"Internal Server Error")
    # when
    response = client.post(
        page + "answer/", {"question_id": question_id, "answer": _answer(question)}, follow=True
    )
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Question 2 of" in html
    assert "error" not in html.lower().replace("aria-errormessage", "")
    assert 'class="turn-source" title' not in html


def test_model_reply_with_markup_is_shown_escaped(client, chat_server):
    # given
    _, page = _start(client)
    question_id, _ = _form(client.get(page).content.decode())
    question = Question.objects.get(pk=question_id)
    chat_server.reply({"action": "next", "message": "Thanks <script>alert(1)</script>"})
    # when
    client.post(page + "answer/", {"question_id": question_id, "answer": _answer(question)})
    html = client.get(page).content.decode()
    # then
    assert "<script>alert(1)</script>" not in html
    assert "Thanks &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_follow_up_double_submit_stores_the_answer_once(client, chat_server):
    # given
    _, page = _start(client)
    question_id, _ = _form(client.get(page).content.decode())
    question = Question.objects.get(pk=question_id)
    chat_server.reply({"action": "follow_up", "message": "Could you say more?"})
    client.post(page + "answer/", {"question_id": question_id, "answer": _answer(question)})
    data = {"question_id": question_id, "answer": "First."}
    # when
    client.post(page + "answer/", data)
    client.post(page + "answer/", {**data, "answer": "Second."})
    # then
    response = Response.objects.get(question=question)
    assert response.followup_answer == "First."


def test_follow_up_can_be_skipped(client, chat_server):
    # given
    _, page = _start(client)
    question_id, _ = _form(client.get(page).content.decode())
    question = Question.objects.get(pk=question_id)
    chat_server.reply({"action": "follow_up", "message": "Could you say more?"})
    client.post(page + "answer/", {"question_id": question_id, "answer": _answer(question)})
    # when
    client.post(
        page + "answer/",
        {"question_id": question_id, "answer": "typed", "skip": "1"},
    )
    html = client.get(page).content.decode()
    # then
    assert Response.objects.get(question=question).followup_answered_at is not None
    assert "Question 2 of" in html
    assert "<em>Skipped</em>" in html


def test_follow_up_answer_too_long_keeps_the_text_and_explains(client, chat_server, settings):
    # given
    _, page = _start(client)
    question_id, _ = _form(client.get(page).content.decode())
    question = Question.objects.get(pk=question_id)
    chat_server.reply({"action": "follow_up", "message": "Could you say more?"})
    client.post(page + "answer/", {"question_id": question_id, "answer": _answer(question)})
    settings.ANSWER_MAX_LENGTH = 5
    # when
    response = client.post(page + "answer/", {"question_id": question_id, "answer": "Too long"})
    # then
    html = response.content.decode()
    assert response.status_code == 422
    assert "under 5 characters" in html
    assert ">Too long</textarea>" in html


def test_admin_transcript_marks_the_model_turns(admin_client, client, chat_server):
    # given
    interview, page = _start(client)
    question_id, _ = _form(client.get(page).content.decode())
    question = Question.objects.get(pk=question_id)
    chat_server.reply({"action": "follow_up", "message": "Could you say more?"})
    client.post(page + "answer/", {"question_id": question_id, "answer": _answer(question)})
    client.post(page + "answer/", {"question_id": question_id, "answer": "Ok"})
    next_id, _ = _form(client.get(page).content.decode())
    chat_server.reply_raw(500, b"")
    client.post(
        page + "answer/",
        {"question_id": next_id, "answer": _answer(Question.objects.get(pk=next_id))},
    )
    # when
    html = admin_client.get(f"/admin/interviews/interview/{interview.pk}/change/").content.decode()
    # then
    assert "<strong>AI follow-up:</strong> Could you say more?" in html
    assert "Fell back to the next question (HTTP error)" in html
    assert "handled in " in html
