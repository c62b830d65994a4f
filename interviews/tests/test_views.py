"""The employee's journey through the interview pages, with and without htmx."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview, Question, Response
from interviews.selectors import question_set_default_get
from interviews.services.interviews import interview_cancel, interview_create
from interviews.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

GOOD_ANSWERS = {
    Question.Kind.TEXT: "Because of the commute.",
    Question.Kind.RATING: "4",
    Question.Kind.ENPS: "9",
    Question.Kind.YES_NO: "yes",
}


def _invite(**employee_fields: object) -> tuple[Interview, str]:
    created = interview_create(employee=EmployeeFactory.create(**employee_fields))
    return created.interview, created.invite_url.split("testserver")[-1].split("8000")[-1]


def _open(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 302
    return response["Location"]


def _current_question_id(html: str) -> int:
    match = re.search(r'name="question_id" value="(\d+)"', html)
    assert match, "the page shows no question form"
    return int(match.group(1))


def _good_answer(question: Question) -> str:
    if question.has_choices:
        return question.choices[0]
    return GOOD_ANSWERS[Question.Kind(question.kind)]


def _answer_current(client: Client, page: str, **extra: str) -> Any:
    html = client.get(page).content.decode()
    question = Question.objects.get(pk=_current_question_id(html))
    answer_url = page + "answer/"
    return client.post(
        answer_url, {"question_id": question.pk, "answer": _good_answer(question), **extra}
    )


def test_invite_link_redirects_to_a_token_free_page_that_shows_the_first_question(client):
    # given
    interview, path = _invite()
    # when
    page = _open(client, path)
    response = client.get(page)
    # then
    assert path.split("/")[2] not in page
    assert response.status_code == 200
    html = response.content.decode()
    assert "Question 1 of" in html
    assert "confidential, not anonymous" in html
    assert "What is the main reason you decided to leave?" in html
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_invite_link_sends_no_referrer_and_is_not_cached(client):
    # given
    interview, path = _invite()
    # when
    response = client.get(path)
    # then
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_answer_form_passes_the_csrf_check_a_browser_makes():
    # given: a browser that enforces CSRF and sends the Origin its referrer policy allows
    browser = Client(enforce_csrf_checks=True)
    interview, path = _invite()
    page = _open(browser, path)
    html = browser.get(page).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    # when
    response = browser.post(
        page + "answer/",
        {"csrfmiddlewaretoken": csrf, "question_id": _current_question_id(html), "answer": "Other"},
        HTTP_ORIGIN="http://testserver",
    )
    # then
    assert response.status_code == 302
    assert interview.responses.count() == 1


def test_invite_link_marks_the_interview_in_progress(client):
    # given
    interview, path = _invite()
    # when
    client.get(_open(client, path))
    # then
    interview.refresh_from_db()
    assert interview.status == Interview.Status.IN_PROGRESS
    assert interview.started_at is not None


def test_unknown_token_is_a_plain_404(client):
    # when
    response = client.get("/i/not-a-real-token/")
    # then
    assert response.status_code == 404
    assert b"invite e-mail" in response.content


def test_token_free_page_without_the_session_is_a_404(client):
    # given
    interview, _ = _invite()
    # when
    response = Client().get(reverse("interviews:interview-detail", args=[interview.public_id]))
    # then
    assert response.status_code == 404


def test_token_guessing_is_limited_per_address(client, settings):
    # given
    settings.INVITE_TOKEN_GUESS_LIMIT = 3
    for attempt in range(3):
        assert client.get(f"/i/guess-{attempt}/").status_code == 404
    # when
    response = client.get("/i/guess-4/")
    # then
    assert response.status_code == 429


def test_rotated_forwarded_for_does_not_reset_the_guess_limit(client, settings):
    # given
    settings.INVITE_TOKEN_GUESS_LIMIT = 2
    settings.NUM_PROXIES = 1
    for attempt in range(2):
        client.get(f"/i/guess-{attempt}/", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}, 203.0.113.9")
    # when
    response = client.get("/i/guess-x/", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9")
    # then
    assert response.status_code == 429


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


def test_coming_back_days_later_with_the_link_lands_on_the_same_question(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    _answer_current(client, page)
    _answer_current(client, page)
    # when: a new browser, the same link
    later = Client()
    page_again = _open(later, path)
    html = later.get(page_again).content.decode()
    # then
    assert page_again == page
    assert "Question 3 of" in html
    assert html.count('class="bubble employee"') == 2


def test_cancelled_interview_link_shows_a_clear_page(client):
    # given
    interview, path = _invite()
    interview_cancel(interview=interview)
    # when
    response = client.get(_open(client, path))
    # then
    assert response.status_code == 410
    assert "cancelled" in response.content.decode()
    assert "hr@example.com" in response.content.decode()


def test_expired_interview_link_shows_a_clear_page_and_marks_it_expired(client):
    # given
    interview, path = _invite()
    Interview.objects.filter(pk=interview.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    # when
    response = client.get(_open(client, path))
    # then
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    interview.refresh_from_db()
    assert interview.status == Interview.Status.EXPIRED


def test_answer_after_cancel_is_not_stored(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    question_id = _current_question_id(client.get(page).content.decode())
    interview_cancel(interview=interview)
    # when
    response = client.post(page + "answer/", {"question_id": question_id, "answer": "Other"})
    # then
    assert response.status_code == 302
    assert client.get(page).status_code == 410
    assert not Response.objects.filter(interview=interview).exists()


def test_missing_question_id_redirects_with_a_message(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    # when
    response = client.post(page + "answer/", {"answer": "x"}, follow=True)
    # then
    assert "did not say which question" in response.content.decode()


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
