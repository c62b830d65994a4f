"""Celery interface for interviews: thin, id-based tasks that call one service each."""

from __future__ import annotations

from smtplib import SMTPException
from typing import Any

from celery import shared_task
from django.conf import settings


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def interview_invite_send_task(interview_id: int) -> bool:
    """E-mail the invite for one interview."""
    from interviews.models import Interview
    from interviews.services import interview_invite_send

    interview = Interview.objects.filter(pk=interview_id).first()
    if interview is None:
        return False
    return interview_invite_send(interview=interview)


@shared_task
def interview_reminders_send_task() -> int:
    """Send the due reminders (Celery beat, daily)."""
    from interviews.services import interview_reminders_send

    return interview_reminders_send()


@shared_task
def interviews_expire_due_task() -> int:
    """Expire the interviews past their date (Celery beat, daily)."""
    from interviews.services import interviews_expire_due

    return interviews_expire_due()


@shared_task(bind=True, max_retries=5)
def webhook_deliver_task(self: Any, delivery_id: int) -> bool:
    """Deliver one webhook event, retrying with exponential backoff on failure."""
    from interviews.models import WebhookDelivery
    from interviews.webhooks import (
        WebhookDeliveryError,
        webhook_deliver,
        webhook_delivery_claim,
        webhook_delivery_retry_at,
    )

    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or not webhook_delivery_claim(delivery=delivery):
        return False
    try:
        return webhook_deliver(delivery=delivery)
    except WebhookDeliveryError as exc:
        retry_at = webhook_delivery_retry_at(delivery=delivery)
        if retry_at is None:
            return False
        countdown = settings.WEBHOOK_RETRY_BASE_SECONDS * 2**self.request.retries
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task
def webhooks_deliver_due_task() -> int:
    """Send the deliveries that are due, first tries and retries (Celery beat, every minute)."""
    from interviews.webhooks import webhooks_deliver_due

    return webhooks_deliver_due()


@shared_task
def interviews_invite_due_task() -> int:
    """Create and send the interviews of leavers whose exit date is near (Celery beat, daily)."""
    from interviews.services import interviews_invite_due

    return len(interviews_invite_due())
