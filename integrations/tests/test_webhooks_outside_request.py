"""Webhook deliveries never run inside the employee's request (issue 11, hole 6)."""

from __future__ import annotations

import datetime
import socket
import time
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from integrations.models import Webhook, WebhookDelivery
from integrations.webhooks import MAX_ATTEMPTS, webhooks_deliver_due
from interviews.models import Interview
from interviews.tests.pages import _answer_current, _invite, _open

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_server(settings) -> Iterator[str]:
    """A loopback socket that accepts connections and never answers."""
    settings.WEBHOOK_ALLOW_PRIVATE = True
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
    listener.close()


def _finish(client: Client) -> Interview:
    interview, path = _invite()
    page = _open(client, path)
    for _ in range(interview.question_set.questions.count()):
        assert _answer_current(client, page).status_code == 302
        interview.refresh_from_db()
        if interview.status == Interview.Status.COMPLETED:
            break
    return interview


def test_last_answer_returns_at_once_when_the_webhook_hangs(client, silent_server, settings):
    # given: no broker (tasks would run inline) and a receiver that never answers
    settings.WEBHOOK_TIMEOUT = 30.0
    Webhook.objects.create(url=silent_server, secret="x", events=["interview.completed"])
    # when
    started = time.monotonic()
    interview = _finish(client)
    elapsed = time.monotonic() - started
    # then: the answers were stored, the delivery waits for the command
    assert interview.status == Interview.Status.COMPLETED
    assert elapsed < settings.WEBHOOK_TIMEOUT
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.attempts == []


def test_deliver_webhooks_times_out_each_attempt_and_schedules_a_retry(silent_server, settings):
    # given
    settings.WEBHOOK_TIMEOUT = 0.5
    hook = Webhook.objects.create(url=silent_server, secret="x", events=["interview.completed"])
    delivery = WebhookDelivery.objects.create(webhook=hook, event="interview.completed", payload={})
    # when
    started = time.monotonic()
    call_command("deliver_webhooks", stdout=StringIO())
    elapsed = time.monotonic() - started
    # then
    delivery.refresh_from_db()
    assert elapsed < 3
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.attempts[0]["outcome"].startswith("error:")
    assert delivery.next_attempt_at > timezone.now()


def test_deliver_webhooks_gives_up_after_the_last_attempt(silent_server, settings):
    # given
    settings.WEBHOOK_TIMEOUT = 0.2
    hook = Webhook.objects.create(url=silent_server, secret="x", events=["interview.completed"])
    tried = [{"at": "2026-01-01T00:00:00", "outcome": "HTTP 500"}] * (MAX_ATTEMPTS - 1)
    delivery = WebhookDelivery.objects.create(
        webhook=hook, event="interview.completed", payload={}, attempts=tried
    )
    # when
    webhooks_deliver_due()
    # then
    delivery.refresh_from_db()
    assert len(delivery.attempts) == MAX_ATTEMPTS
    assert delivery.status == WebhookDelivery.Status.FAILED


def test_deliver_webhooks_skips_a_delivery_that_is_not_due(silent_server):
    # given
    hook = Webhook.objects.create(url=silent_server, secret="x", events=["interview.completed"])
    later = timezone.now() + datetime.timedelta(minutes=5)
    delivery = WebhookDelivery.objects.create(
        webhook=hook, event="interview.completed", payload={}, next_attempt_at=later
    )
    # when
    sent = webhooks_deliver_due()
    # then
    delivery.refresh_from_db()
    assert sent == 0
    assert delivery.attempts == []
