"""The whole /api/v1/ surface: each endpoint needs a token and its permission; docs a login."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def hris(api_client_with) -> APIClient:
    return api_client_with("interviews.view_interview")


def test_api_docs_and_schema_need_a_login(hris, admin_client):
    # when / then
    assert APIClient().get(reverse("api-schema")).status_code == 401
    assert admin_client.get(reverse("api-docs")).status_code == 200
    assert b"swagger-ui" in admin_client.get(reverse("api-docs")).content
    assert hris.get(reverse("api-schema")).status_code == 200


ENDPOINTS = [
    ("get", "api:interview-list", []),
    ("post", "api:interview-list", []),
    ("get", "api:interview-detail", [1]),
    ("post", "api:interview-messages", [1]),
    ("get", "api:interview-report", [1]),
    ("get", "api:questionset-list", []),
    ("get", "api:export-interviews", []),
    ("get", "api:stats-questions", []),
    ("post", "api:leavers-upsert", []),
]


@pytest.mark.parametrize(("method", "name", "args"), ENDPOINTS)
def test_every_endpoint_needs_credentials(method, name, args):
    # when
    response = getattr(APIClient(), method)(reverse(name, args=args), {}, format="json")
    # then
    assert response.status_code == 401
    assert response.json()["detail"]


@pytest.mark.parametrize(("method", "name", "args"), ENDPOINTS)
def test_every_endpoint_needs_its_permission(api_client_with, method, name, args):
    # given: a valid token of a user with no permissions
    client = api_client_with()
    # when
    response = getattr(client, method)(reverse(name, args=args), {}, format="json")
    # then
    assert response.status_code == 403
