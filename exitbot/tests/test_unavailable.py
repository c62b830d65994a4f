"""A lost database connection answers 503 with Retry-After, not a 500."""

from __future__ import annotations

import json

import pytest
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from exitbot.unavailable import (
    RETRY_AFTER_SECONDS,
    DatabaseUnavailableMiddleware,
    server_error_view,
)


def _served_by_a_view_that_raises(error: Exception) -> DatabaseUnavailableMiddleware:
    def view(request: HttpRequest) -> HttpResponse:
        raise error

    return DatabaseUnavailableMiddleware(view)


@pytest.mark.parametrize("error", [OperationalError("server closed"), InterfaceError("closed")])
def test_database_unavailable_page_is_a_503_saying_answers_are_saved(rf: RequestFactory, error):
    # given
    request = rf.get("/interview/4b1c0d4e-0000-4000-8000-000000000000/")
    # when
    response = _served_by_a_view_that_raises(error).process_exception(request, error)
    # then
    assert response is not None
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Your answers so far are saved" in response.content.decode()
    assert "Try again" in response.content.decode()


def test_database_unavailable_page_keeps_what_was_typed_ready_to_send_again(rf: RequestFactory):
    # given
    request = rf.post(
        "/interview/4b1c0d4e-0000-4000-8000-000000000000/answer/",
        {"question_id": "7", "answer": "The commute <b>was</b> long", "csrfmiddlewaretoken": "x"},
    )
    error = OperationalError("terminating connection due to administrator command")
    # when
    response = _served_by_a_view_that_raises(error).process_exception(request, error)
    # then
    assert response is not None
    html = response.content.decode()
    assert response.status_code == 503
    assert 'action="/interview/4b1c0d4e-0000-4000-8000-000000000000/answer/"' in html
    assert "The commute &lt;b&gt;was&lt;/b&gt; long</textarea>" in html
    assert '<input type="hidden" name="question_id" value="7">' in html
    assert 'value="x"' not in html


def test_database_unavailable_api_answer_is_json(rf: RequestFactory):
    # given
    request = rf.post("/api/v1/interviews/1/messages/", {}, content_type="application/json")
    error = OperationalError("could not connect to server")
    # when
    response = _served_by_a_view_that_raises(error).process_exception(request, error)
    # then
    assert response is not None
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert "answers so far are saved" in body["detail"]
    assert body["retry_after"] == RETRY_AFTER_SECONDS


def test_database_unavailable_middleware_leaves_other_errors_alone(rf: RequestFactory):
    # given
    error = ValueError("a bug")
    # when
    response = _served_by_a_view_that_raises(error).process_exception(rf.get("/"), error)
    # then
    assert response is None


def test_database_unavailable_middleware_passes_good_requests_through(rf: RequestFactory):
    # given
    middleware = DatabaseUnavailableMiddleware(lambda request: HttpResponse("fine"))
    # when
    response = middleware(rf.get("/"))
    # then
    assert response.content == b"fine"


def test_server_error_view_is_a_503_for_a_database_error_raised_outside_a_view(rf):
    # given: the session could not be saved after the view had run
    request = rf.get("/i/some-token/")
    # when
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error_view(request)
    # then
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


def test_server_error_view_is_the_plain_500_page_for_anything_else(rf):
    # given
    request = rf.get("/")
    # when
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error_view(request)
    # then
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
