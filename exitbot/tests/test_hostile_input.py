"""Hostile input gets a 400 with a clear message and stores nothing (issue 11, hole 5)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from interviews.models import Interview, Response
from interviews.tests.pages import _current_question_id, _invite, _open

pytestmark = pytest.mark.django_db

# Every query parameter a page or endpoint reads.
QUERY_PARAMETERS = [
    "mode",
    "key",
    "by",
    "sort",
    "dir",
    "status",
    "department",
    "created_after",
    "created_before",
    "page",
    "q",
    "next",
    "script",
]


@pytest.fixture
def api(staff_user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff_user).key}")
    return client


def _page_with_question(client: Client) -> tuple[Interview, str, int]:
    interview, path = _invite()
    page = _open(client, path)
    return interview, page, _current_question_id(client.get(page).content.decode())


def test_nul_byte_in_a_page_answer_is_refused_and_nothing_is_stored(client):
    # given
    interview, page, question_id = _page_with_question(client)
    # when
    response = client.post(page + "answer/", {"question_id": question_id, "answer": "a\x00b"})
    # then
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert not Response.objects.filter(interview=interview).exists()


def test_non_utf8_form_bytes_are_refused_not_stored_as_replacement_characters(client):
    # given
    interview, page, question_id = _page_with_question(client)
    body = f"question_id={question_id}&answer=caf%E9".encode()
    # when
    response = client.post(page + "answer/", body, content_type="application/x-www-form-urlencoded")
    # then
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()
    assert not Response.objects.filter(interview=interview).exists()


@pytest.mark.parametrize("path", ["/analytics/?mode=%00", "/analytics/comments/?key=%00"])
def test_nul_byte_in_an_analytics_query_is_a_400(admin_client, path):
    # when
    response = admin_client.get(path)
    # then
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_nul_byte_in_an_api_message_is_a_400_and_nothing_is_stored(api):
    # given
    interview, _ = _invite()
    question = interview.question_set.questions.order_by("order").first()
    # when
    response = api.post(
        f"/api/v1/interviews/{interview.pk}/messages/",
        {"question_id": question.pk, "message": "a\x00b"},
        format="json",
    )
    # then
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    assert not Response.objects.filter(interview=interview).exists()


def test_deeply_nested_json_is_a_400(api):
    # given
    interview, _ = _invite()
    body = '{"question_id": 1, "message": ' + "[" * 100_000 + "]" * 100_000 + "}"
    # when
    response = api.post(
        f"/api/v1/interviews/{interview.pk}/messages/", body, content_type="application/json"
    )
    # then
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        "created_after=9999-12-31T23:59:59-23:59",
        "created_before=0001-01-01T00:00:00%2B05:00",
    ],
)
def test_dates_that_cannot_move_to_utc_are_a_400(api, query):
    # when
    response = api.get(f"/api/v1/interviews/?{query}")
    # then
    assert response.status_code == 400
    assert "outside the range" in json.dumps(response.json())


def _routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every URL of the site, its path parameters filled with a NUL byte."""
    resolver = resolver or get_resolver()
    routes = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
        if isinstance(pattern, URLResolver):
            routes.extend(_routes(pattern, route))
        elif isinstance(pattern, URLPattern) and "(?P" not in route:
            routes.append(route)
    return [
        "/" + route.replace("<path:object_id>", "%00").replace("<str:", "%00<").split("<")[0]
        for route in routes
    ]


def test_no_url_answers_a_nul_byte_in_any_parameter_with_a_5xx(admin_client):
    # given
    urls = sorted(set(_routes()))
    assert len(urls) > 40
    for url in urls:
        for parameter in QUERY_PARAMETERS:
            # when
            got = admin_client.get(url, {parameter: "\x00"})
            posted = admin_client.post(url, {parameter: "\x00", "answer": "\x00"})
            # then
            assert got.status_code < 500, (url, parameter)
            assert posted.status_code < 500, (url, parameter)
