"""The webhook secret is never written back into the admin page; names stay on one line."""

from __future__ import annotations

import pytest
from django.core import mail

from integrations.models import Webhook
from interviews.invites import interview_invite_send
from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

SECRET = "whsec-do-not-show-7Q2x"


def _form(**fields: str) -> dict[str, str]:
    return {
        "url": "https://93.184.216.34/hook",
        "events": "interview.completed",
        "active": "on",
        "deliveries-TOTAL_FORMS": "0",
        "deliveries-INITIAL_FORMS": "0",
        **fields,
    }


def test_webhook_change_page_does_not_render_the_secret(admin_client):
    # given
    hook = Webhook.objects.create(url="https://93.184.216.34/hook", secret=SECRET, events=[])
    # when
    response = admin_client.get(f"/admin/integrations/webhook/{hook.pk}/change/")
    # then
    assert response.status_code == 200
    assert SECRET not in response.content.decode()


def test_webhook_saved_with_an_empty_secret_keeps_the_old_one(admin_client):
    # given
    hook = Webhook.objects.create(url="https://93.184.216.34/hook", secret=SECRET, events=[])
    # when
    response = admin_client.post(f"/admin/integrations/webhook/{hook.pk}/change/", _form(secret=""))
    # then
    assert response.status_code == 302
    hook.refresh_from_db()
    assert hook.secret == SECRET
    assert hook.events == ["interview.completed"]


def test_new_webhook_needs_a_secret(admin_client):
    # when
    response = admin_client.post("/admin/integrations/webhook/add/", _form(secret=""))
    # then
    assert response.status_code == 200
    assert "A new webhook needs a secret." in response.content.decode()
    assert not Webhook.objects.exists()


def test_line_breaks_in_a_name_do_not_start_new_lines_in_the_invite():
    # given
    employee = EmployeeFactory.create(
        name="Ann\r\nYour interview moved: http://evil.example/\r\nLee",
        personal_email="ann@example.com",
    )
    # when
    interview_invite_send(interview=interview_create(employee=employee).interview)
    # then
    body = mail.outbox[0].body
    assert "Hello Ann Your interview moved: http://evil.example/ Lee," in body
    assert not any(line.startswith("Your interview moved") for line in body.splitlines())
