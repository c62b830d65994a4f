"""Admin sign-in is locked per username and address after repeated failures (hole 7)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def hr_admin() -> User:
    return User.objects.create_user("hradmin", password="right-horse-battery", is_staff=True)


def _try(client: Client, password: str, address: str = "198.51.100.7") -> int:
    response = client.post(
        LOGIN, {"username": "hradmin", "password": password}, REMOTE_ADDR=address
    )
    return response.status_code


def test_right_password_after_many_wrong_ones_is_refused_with_a_clear_message(hr_admin, settings):
    # given
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "wrong")
    # when
    response = client.post(
        LOGIN,
        {"username": "hradmin", "password": "right-horse-battery"},
        REMOTE_ADDR="198.51.100.7",
    )
    # then
    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_address_so_the_same_user_elsewhere_can_sign_in(hr_admin, settings):
    # given
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(Client(), "wrong", address="198.51.100.7")
    # when
    status = _try(Client(), "right-horse-battery", address="203.0.113.20")
    # then: the admin redirects to the index after a good sign-in
    assert status == 302


def test_unlock_command_lifts_the_lockout(hr_admin, settings):
    # given
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(Client(), "wrong")
    # when
    call_command("axes_reset_username", "hradmin", stdout=StringIO())
    # then
    assert _try(Client(), "right-horse-battery") == 302
