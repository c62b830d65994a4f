"""Celery interface for integrations: thin, id-based tasks that call one service each.

The task names stay those they had under interviews, so messages already queued and the
beat schedule keep working.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings

from integrations.models import WebhookDelivery
from integrations.scheduler import interviews_invite_due
from integrations.webhooks import WebhookDeliveryError, webhook_deliver, webhook_delivery_give_up


@shared_task(bind=True, max_retries=5, name="interviews.tasks.webhook_deliver_task")
def webhook_deliver_task(self: Any, delivery_id: int) -> bool:
    """Deliver one webhook event, retrying with exponential backoff on failure."""
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None:
        return False
    try:
        return webhook_deliver(delivery=delivery)
    except WebhookDeliveryError as exc:
        if self.request.retries >= self.max_retries:
            webhook_delivery_give_up(delivery=delivery)
            return False
        countdown = settings.WEBHOOK_RETRY_BASE_SECONDS * 2**self.request.retries
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(name="interviews.tasks.interviews_invite_due_task")
def interviews_invite_due_task() -> int:
    """Create and send the interviews of leavers whose exit date is near (Celery beat, daily)."""
    return len(interviews_invite_due())
