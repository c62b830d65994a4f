"""The invite link: a token-free page bound to the browser, guessing limited, closed links."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview, Response
from interviews.services.interviews import interview_cancel
from interviews.tests.pages import (
    _answer_current,
    _current_question_id,
    _invite,
    _open,
)

pytestmark = pytest.mark.django_db


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


def test_unknown_link_while_the_shared_cache_is_down_is_a_plain_not_found(client, settings):
    # given: the cache on a Redis that is not running (nothing listens on port 1)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    interview, path = _invite()
    # when
    miss = client.get("/i/guess-while-redis-is-down/")
    hit = client.get(path)
    # then: the miss is not counted, and a real link still opens
    assert miss.status_code == 404
    assert hit.status_code == 302


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
