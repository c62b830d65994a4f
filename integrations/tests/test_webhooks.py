"""Webhooks delivered to a real HTTP server on loopback: signed, retried, logged."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from exitbot.lib.webhooks import SIGNATURE_HEADER, UnsafeUrlError, signature_valid, url_check
from integrations.models import Webhook, WebhookDelivery
from interviews.housekeeping import interviews_expire_due
from interviews.models import Interview
from interviews.services.answers import interview_answer_submit
from interviews.tests.factories import InterviewFactory, QuestionFactory

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP server on 127.0.0.1 answering each POST with the next scripted status."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                code = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(code)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"


@pytest.fixture
def receiver(settings) -> Iterator[Receiver]:
    settings.WEBHOOK_ALLOW_PRIVATE = True
    server = Receiver([])
    yield server
    server.server.shutdown()


def _complete_one(django_capture_on_commit_callbacks) -> Interview:
    interview = InterviewFactory.create(in_progress=True)
    question = QuestionFactory.create(question_set=interview.question_set)
    with django_capture_on_commit_callbacks(execute=True):
        interview_answer_submit(interview=interview, question_id=question.pk, raw="Bye")
    call_command("deliver_webhooks", stdout=StringIO())
    return interview


def test_completed_interview_is_delivered_signed(receiver, django_capture_on_commit_callbacks):
    # given
    Webhook.objects.create(url=receiver.url, secret="s3cret", events=["interview.completed"])
    # when
    interview = _complete_one(django_capture_on_commit_callbacks)
    # then
    headers, body = receiver.received[0]
    payload = json.loads(body)
    assert payload["event"] == "interview.completed"
    assert payload["interview_id"] == interview.pk
    assert payload["employee_id"] == interview.employee.employee_id
    assert payload["report_url"].endswith(f"/api/v1/interviews/{interview.pk}/report/")
    assert "answers" not in payload
    assert signature_valid("s3cret", body, headers[SIGNATURE_HEADER])
    assert WebhookDelivery.objects.get().status == "delivered"


def test_a_completion_is_queued_only_for_active_webhooks_that_want_it(
    django_capture_on_commit_callbacks,
):
    # given
    wanted = Webhook.objects.create(
        url="https://hr.example/a", secret="s", events=["interview.completed"]
    )
    Webhook.objects.create(url="https://hr.example/b", secret="s", events=["interview.expired"])
    Webhook.objects.create(
        url="https://hr.example/c", secret="s", events=["interview.completed"], active=False
    )
    interview = InterviewFactory.create(in_progress=True)
    question = QuestionFactory.create(question_set=interview.question_set)
    # when
    interview_answer_submit(interview=interview, question_id=question.pk, raw="Bye")
    # then
    delivery = WebhookDelivery.objects.get()
    assert (delivery.webhook, delivery.event) == (wanted, "interview.completed")


def test_answers_are_sent_only_when_the_webhook_asks(receiver, django_capture_on_commit_callbacks):
    # given
    Webhook.objects.create(
        url=receiver.url, secret="x", events=["interview.completed"], include_answers=True
    )
    # when
    _complete_one(django_capture_on_commit_callbacks)
    # then
    assert list(json.loads(receiver.received[0][1])["answers"].values()) == ["Bye"]


def _wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not condition():
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_a_500_is_retried_and_each_attempt_is_logged(receiver, settings, celery_worker):
    # given: a real worker; the receiver fails twice, then accepts
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0
    receiver.statuses = [500, 503]
    Webhook.objects.create(url=receiver.url, secret="x", events=["interview.completed"])
    interview = InterviewFactory(in_progress=True)
    question = QuestionFactory(question_set=interview.question_set)
    # when
    interview_answer_submit(interview=interview, question_id=question.pk, raw="Bye")
    _wait_for(lambda: WebhookDelivery.objects.filter(status="delivered").exists())
    # then
    delivery = WebhookDelivery.objects.get()
    assert len(receiver.received) == 3
    assert [a["outcome"] for a in delivery.attempts] == ["HTTP 500", "HTTP 503", "HTTP 200"]
    assert delivery.status == "delivered"


@pytest.mark.django_db(transaction=True)
def test_a_delivery_that_keeps_failing_is_marked_failed(receiver, settings, celery_worker):
    # given
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0
    receiver.statuses = [500] * 10
    Webhook.objects.create(url=receiver.url, secret="x", events=["interview.completed"])
    interview = InterviewFactory(in_progress=True)
    question = QuestionFactory(question_set=interview.question_set)
    # when
    interview_answer_submit(interview=interview, question_id=question.pk, raw="Bye")
    _wait_for(lambda: WebhookDelivery.objects.filter(status="failed").exists())
    # then: the first try and five retries
    delivery = WebhookDelivery.objects.get()
    assert len(delivery.attempts) == 6
    assert delivery.status == "failed"


def test_expired_interviews_are_announced(receiver, django_capture_on_commit_callbacks):
    # given
    Webhook.objects.create(url=receiver.url, secret="x", events=["interview.expired"])
    InterviewFactory.create_batch(2, expires_at=timezone.now() - timezone.timedelta(hours=1))
    # when
    with django_capture_on_commit_callbacks(execute=True):
        expired = interviews_expire_due()
    call_command("deliver_webhooks", stdout=StringIO())
    # then
    assert expired == 2
    assert sorted(json.loads(b)["event"] for _, b in receiver.received) == [
        "interview.expired",
        "interview.expired",
    ]
    assert Interview.objects.filter(status="expired").count() == 2


def test_a_webhook_to_a_private_address_is_refused_without_a_request(
    receiver, settings, django_capture_on_commit_callbacks
):
    # given
    settings.WEBHOOK_ALLOW_PRIVATE = False
    Webhook.objects.create(url=receiver.url, secret="x", events=["interview.completed"])
    # when
    _complete_one(django_capture_on_commit_callbacks)
    # then
    delivery = WebhookDelivery.objects.get()
    assert receiver.received == []
    assert delivery.status == "failed"
    assert "non-public address" in delivery.attempts[0]["outcome"]


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/x", "http://127.0.0.1/x", "http://localhost/x", "http://169.254.169.254/"],
)
def test_url_check_refuses_unsafe_urls(url):
    # when / then
    with pytest.raises(UnsafeUrlError):
        url_check(url, allow_private=False)


def test_webhook_admin_refuses_a_private_url(admin_client, settings):
    # given
    settings.WEBHOOK_ALLOW_PRIVATE = False
    # when
    response = admin_client.post(
        "/admin/integrations/webhook/add/",
        {
            "url": "http://10.0.0.5/hook",
            "secret": "x",
            "events": ["interview.completed"],
            "active": "on",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )
    # then
    assert response.status_code == 200
    assert "non-public address" in response.content.decode()
    assert not Webhook.objects.exists()
