"""manage.py create_api_client: the HR system's user, exactly the API permissions, a token."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from interviews.api.permissions import API_PERMISSIONS
from interviews.services.api_clients import ApiClientError, api_client_create

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("create_api_client", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_create_api_client_prints_a_token_for_a_user_with_exactly_the_api_permissions():
    # when
    token = _run("hris")
    # then
    user = User.objects.get(username="hris")
    assert user.get_all_permissions() == set(API_PERMISSIONS)
    assert not user.is_staff and not user.has_usable_password()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/question-sets/").status_code == 200
    assert api.get("/api/v1/interviews/").status_code == 200


def test_create_api_client_again_keeps_the_token_and_sets_the_permissions_anew():
    # given
    token = _run("hris")
    # when
    again = _run("hris", "--permission", "interviews.view_questionset")
    # then
    assert again == token
    assert User.objects.get(username="hris").get_all_permissions() == {
        "interviews.view_questionset"
    }
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/interviews/").status_code == 403


def test_create_api_client_refuses_a_staff_account_and_unknown_permissions(staff_user):
    # when / then
    with pytest.raises(CommandError, match="staff account"):
        _run(staff_user.username)
    with pytest.raises(CommandError, match="invalid choice"):
        _run("hris", "--permission", "auth.change_user")
    assert not User.objects.filter(username="hris").exists()


def test_api_client_create_refuses_a_permission_outside_the_api():
    # when / then
    with pytest.raises(ApiClientError, match="Not an API permission: auth.change_user"):
        api_client_create(username="hris", permissions=["auth.change_user"])
    assert not User.objects.filter(username="hris").exists()
