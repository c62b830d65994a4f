"""API tokens: a valid token acts as its user; an unknown one or an inactive user's is refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from interviews.models import Interview

pytestmark = pytest.mark.django_db

INTERVIEWS = "/api/v1/interviews/"


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_valid_token_acts_as_its_user(api_client_with):
    # given
    client = api_client_with("interviews.view_interview")
    # when
    response = client.get(INTERVIEWS)
    # then
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_an_unknown_token_is_refused_with_the_reason():
    # when
    response = _client("0" * 40).get(INTERVIEWS)
    # then
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."
    assert response["WWW-Authenticate"] == "Token"


def test_the_token_of_a_deactivated_user_is_refused():
    # given
    user = User.objects.create_user("former-hris", is_superuser=True)
    token = Token.objects.create(user=user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    # when
    response = _client(token.key).get(INTERVIEWS)
    # then
    assert response.status_code == 401
    assert response.json()["detail"] == "User inactive or deleted."


def test_what_a_token_creates_is_recorded_as_its_users():
    # given
    user = User.objects.create_user("hris", first_name="Payroll", is_superuser=True)
    token = Token.objects.create(user=user)
    body = {"employee_id": "E-1", "employee": {"name": "Robin Leaver"}}
    # when
    response = _client(token.key).post(INTERVIEWS, body, format="json")
    # then
    assert response.status_code == 201
    creator = Interview.objects.get().created_by
    assert creator == user
    assert creator is not None and creator.first_name == "Payroll"
