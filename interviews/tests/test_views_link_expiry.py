"""A finished interview's link stops showing answers (issue 11, hole 2)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from interviews.models import Interview
from interviews.services.interviews import interview_cancel
from interviews.tests.pages import _answer_current, _invite, _open

pytestmark = pytest.mark.django_db

SECRET_ANSWER = "Because of the commute."


def _complete(client: Client) -> tuple[Interview, str, str]:
    interview, path = _invite()
    page = _open(client, path)
    for _ in range(interview.question_set.questions.count()):
        _answer_current(client, page)
        interview.refresh_from_db()
        if interview.status == Interview.Status.COMPLETED:
            break
    assert interview.status == Interview.Status.COMPLETED
    return interview, path, page


def test_completed_interview_shows_its_answers_to_the_session_that_completed_it(client):
    # given
    interview, path, page = _complete(client)
    # when
    response = client.get(page)
    # then
    assert response.status_code == 200
    assert SECRET_ANSWER in response.content.decode()


def test_completed_interview_link_in_a_new_browser_shows_only_a_thank_you_page(client):
    # given
    interview, path, page = _complete(client)
    other = Client()
    # when
    response = other.get(_open(other, path))
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "completed" in html and "Thank you" in html
    assert SECRET_ANSWER not in html
    assert "Question 1 of" not in html and "questions answered" not in html


def test_completed_interview_stops_showing_answers_after_the_review_window(client, settings):
    # given
    settings.INTERVIEW_REVIEW_HOURS = 24
    interview, path, page = _complete(client)
    Interview.objects.filter(pk=interview.pk).update(
        completed_at=timezone.now() - datetime.timedelta(hours=25)
    )
    # when
    response = client.get(page)
    # then
    assert response.status_code == 200
    assert SECRET_ANSWER not in response.content.decode()


def test_completed_interview_link_400_days_later_shows_no_answers(client):
    # given
    interview, path, page = _complete(client)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Interview.objects.filter(pk=interview.pk).update(completed_at=long_ago, expires_at=long_ago)
    # when
    fresh = Client()
    response = fresh.get(_open(fresh, path))
    # then
    assert SECRET_ANSWER not in response.content.decode()


def test_cancelled_interview_never_shows_answers_even_to_its_own_session(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    _answer_current(client, page)
    interview_cancel(interview=interview)
    # when
    response = client.get(page)
    # then
    assert response.status_code == 410
    assert SECRET_ANSWER not in response.content.decode()
