"""The employee's journey through the interview pages, with and without htmx."""

from __future__ import annotations

import pytest

from interviews.models import Interview, Question, Response
from interviews.selectors import question_set_default_get
from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory
from interviews.tests.pages import (
    _answer_current,
    _current_question_id,
    _good_answer,
    _invite,
    _open,
)

pytestmark = pytest.mark.django_db


def test_whole_journey_without_javascript_completes_the_interview(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    total = interview.question_set.questions.count()
    # when
    for _ in range(total):
        response = _answer_current(client, page)
        assert response.status_code == 302
        if client.get(page).content.decode().find('name="question_id"') == -1:
            break
    # then
    interview.refresh_from_db()
    assert interview.status == Interview.Status.COMPLETED
    assert interview.completed_at is not None
    html = client.get(page).content.decode()
    assert "Thank you" in html
    assert "All" in html and "questions answered" in html
    assert Response.objects.filter(interview=interview).count() == interview.responses.count()


def test_progress_counts_up_as_questions_are_answered(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    # when
    _answer_current(client, page)
    _answer_current(client, page)
    # then
    assert "Question 3 of" in client.get(page).content.decode()


def test_double_submit_stores_the_answer_once(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    question_id = _current_question_id(client.get(page).content.decode())
    question = Question.objects.get(pk=question_id)
    data = {"question_id": question_id, "answer": _good_answer(question)}
    # when
    first = client.post(page + "answer/", data)
    second = client.post(page + "answer/", data)
    # then
    assert first.status_code == second.status_code == 302
    assert Response.objects.filter(interview=interview, question=question).count() == 1
    assert "Question 2 of" in client.get(page).content.decode()


def test_second_tab_answer_for_a_passed_question_is_ignored(client):
    # given: two tabs show question 1; tab A answers it, then tab A answers question 2
    interview, path = _invite()
    page = _open(client, path)
    stale = _current_question_id(client.get(page).content.decode())
    _answer_current(client, page)
    _answer_current(client, page)
    # when: tab B still sends question 1 with a different answer
    response = client.post(page + "answer/", {"question_id": stale, "answer": "Other"})
    # then
    assert response.status_code == 302
    assert Response.objects.get(interview=interview, question_id=stale).value != "Other"
    assert "Question 3 of" in client.get(page).content.decode()


def test_answer_from_an_out_of_date_window_says_so_and_shows_the_current_question(client):
    # given: question 1 answered in one window
    interview, path = _invite()
    page = _open(client, path)
    stale = _current_question_id(client.get(page).content.decode())
    _answer_current(client, page)
    # when: the other window, still at question 1, sends its answer
    response = client.post(page + "answer/", {"question_id": stale, "answer": "Other"}, follow=True)
    # then
    html = response.content.decode()
    assert "This question was already answered in another window; here is where you are now." in (
        html
    )
    assert "Question 2 of" in html
    assert Response.objects.filter(interview=interview).count() == 1


def test_htmx_answer_from_an_out_of_date_window_says_so_without_a_history_entry(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    stale = _current_question_id(client.get(page).content.decode())
    _answer_current(client, page)
    # when
    response = client.post(
        page + "answer/", {"question_id": stale, "answer": "Other"}, HTTP_HX_REQUEST="true"
    )
    # then: the notice sits in the swapped chat; no new history entry for an answer not stored
    html = response.content.decode()
    assert '<p class="notice" role="status">This question was already answered' in html
    assert "Question 2 of" in html
    assert "HX-Push-Url" not in response
    assert Response.objects.filter(interview=interview).count() == 1


def test_htmx_stored_answer_adds_a_history_entry_for_the_page(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    question_id = _current_question_id(client.get(page).content.decode())
    # when
    response = client.post(
        page + "answer/",
        {"question_id": question_id, "answer": "Pay and benefits"},
        HTTP_HX_REQUEST="true",
    )
    # then: Back and Forward then reload the page itself, never the answer URL
    assert response["HX-Push-Url"] == page


def test_interview_page_keeps_no_snapshot_for_back_and_forward(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    # when
    html = client.get(page).content.decode()
    # then: htmx keeps no copy of the answers and reloads from the server on Back
    assert '"historyCacheSize": 0' in html
    assert '"refreshOnHistoryMiss": true' in html


def test_htmx_answer_for_a_question_ahead_says_where_the_interview_is(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    last = interview.question_set.questions.order_by("-order").first()
    assert last is not None
    # when
    response = client.post(
        page + "answer/", {"question_id": last.pk, "answer": "x"}, HTTP_HX_REQUEST="true"
    )
    # then
    assert "not the one being asked now" in response.content.decode()
    assert "Question 1 of" in response.content.decode()
    assert not Response.objects.filter(interview=interview).exists()


def test_answer_over_the_length_limit_is_not_cut_by_the_page_and_is_kept(client, settings):
    # given: at the free-text question after the first one
    interview, path = _invite()
    page = _open(client, path)
    _answer_current(client, page)
    html = client.get(page).content.decode()
    question_id = _current_question_id(html)
    assert "maxlength" not in html  # the browser would drop the rest of a paste without a word
    long_text = "x" * 20000
    # when
    response = client.post(page + "answer/", {"question_id": question_id, "answer": long_text})
    # then
    assert response.status_code == 422
    html = response.content.decode()
    assert "Please keep your answer under 5000 characters (it has 20000)." in html
    assert long_text in html
    assert not Response.objects.filter(interview=interview, question_id=question_id).exists()


def test_answer_for_a_question_ahead_is_refused_with_a_message(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    last = interview.question_set.questions.order_by("-order").first()
    assert last is not None
    # when
    response = client.post(page + "answer/", {"question_id": last.pk, "answer": "x"}, follow=True)
    # then
    assert "not the one being asked now" in response.content.decode()
    assert not Response.objects.filter(interview=interview).exists()


def test_bad_answer_shows_a_clear_error_and_keeps_what_was_typed(client):
    # given: reach the first rating question
    interview, path = _invite()
    page = _open(client, path)
    _answer_current(client, page)
    _answer_current(client, page)
    question_id = _current_question_id(client.get(page).content.decode())
    assert Question.objects.get(pk=question_id).kind == Question.Kind.RATING
    # when
    response = client.post(page + "answer/", {"question_id": question_id, "answer": "7"})
    # then
    assert response.status_code == 422
    html = response.content.decode()
    assert "Please choose a number from 1 to 5." in html
    assert 'role="alert"' in html
    assert not Response.objects.filter(interview=interview, question_id=question_id).exists()


def test_required_free_text_left_empty_is_refused_and_typed_text_is_kept(client):
    # given: a set whose first question is required free text
    from interviews.tests.factories import QuestionFactory, QuestionSetFactory

    question_set = QuestionSetFactory.create()
    question = QuestionFactory.create(question_set=question_set, kind=Question.Kind.TEXT)
    created = interview_create(employee=EmployeeFactory.create(), question_set=question_set)
    page = _open(client, created.invite_url.split("8000")[-1])
    # when
    empty = client.post(page + "answer/", {"question_id": question.pk, "answer": "   "})
    long = client.post(page + "answer/", {"question_id": question.pk, "answer": "é" * 6000})
    # then
    assert empty.status_code == 422
    assert "This question needs an answer." in empty.content.decode()
    assert long.status_code == 422
    assert "under 5000 characters" in long.content.decode()
    assert "é" * 100 in long.content.decode()


def test_optional_question_can_be_skipped(client):
    # given: the second question of the default set is optional free text
    interview, path = _invite()
    page = _open(client, path)
    _answer_current(client, page)
    question_id = _current_question_id(client.get(page).content.decode())
    # when
    client.post(page + "answer/", {"question_id": question_id, "answer": "typed", "skip": "1"})
    # then
    response = Response.objects.get(interview=interview, question_id=question_id)
    assert response.value is None
    assert response.employee_message == ""
    assert "Skipped" in client.get(page).content.decode()


def test_htmx_answer_gets_the_next_question_without_a_redirect(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    question_id = _current_question_id(client.get(page).content.decode())
    # when
    response = client.post(
        page + "answer/",
        {"question_id": question_id, "answer": "Pay and benefits"},
        HTTP_HX_REQUEST="true",
    )
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<div id="chat"')
    assert "<html" not in html
    assert "Question 2 of" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_htmx_answer_is_stored_once_and_the_page_agrees_on_refresh(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    question_id = _current_question_id(client.get(page).content.decode())
    data = {"question_id": question_id, "answer": "Pay and benefits"}
    # when
    client.post(page + "answer/", data, HTTP_HX_REQUEST="true")
    again = client.post(page + "answer/", data, HTTP_HX_REQUEST="true")
    # then
    assert Response.objects.filter(interview=interview, question_id=question_id).count() == 1
    assert "Question 2 of" in again.content.decode()
    assert "Question 2 of" in client.get(page).content.decode()


def test_htmx_bad_answer_is_answered_with_200_so_htmx_swaps_the_error_in(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    question_id = _current_question_id(client.get(page).content.decode())
    # when
    response = client.post(
        page + "answer/", {"question_id": question_id, "answer": "Nope"}, HTTP_HX_REQUEST="true"
    )
    # then
    assert response.status_code == 200
    assert "Please pick one of the options shown." in response.content.decode()


def test_answers_with_html_are_shown_escaped_in_the_transcript(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    _answer_current(client, page)
    question_id = _current_question_id(client.get(page).content.decode())
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    # when
    client.post(page + "answer/", {"question_id": question_id, "answer": payload})
    # then
    html = client.get(page).content.decode()
    assert payload not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_missing_question_id_redirects_with_a_message(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    # when
    response = client.post(page + "answer/", {"answer": "x"}, follow=True)
    # then
    assert "did not say which question" in response.content.decode()


def test_answer_to_an_interview_gone_since_the_invite_is_a_404_and_stores_nothing(client):
    # given: the browser holds the interview, which was then erased
    interview, path = _invite()
    page = _open(client, path)
    question_id = _current_question_id(client.get(page).content.decode())
    interview.delete()
    # when
    response = client.post(page + "answer/", {"question_id": question_id, "answer": "x"})
    # then
    assert response.status_code == 404
    assert not Response.objects.exists()


def test_answer_page_refuses_get(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    # when
    response = client.get(page + "answer/")
    # then
    assert response.status_code == 405


def test_default_set_is_installed_by_migration():
    # when
    question_set = question_set_default_get()
    # then
    assert question_set is not None
    assert question_set.questions.count() == 12
    first = question_set.questions.first()
    assert first is not None
    assert first.key == "reason_for_leaving"
