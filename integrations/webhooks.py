"""Outgoing webhooks: deliver each recorded event signed, and log every attempt."""

from __future__ import annotations

import datetime
import json

import httpx
from django.conf import settings
from django.utils import timezone

from exitbot.lib.webhooks import (
    SIGNATURE_HEADER,
    PinnedTransport,
    UnsafeUrlError,
    signature,
    url_check,
)
from integrations.models import WebhookDelivery

# The first try and five retries, waiting WEBHOOK_RETRY_BASE_SECONDS doubling in between.
MAX_ATTEMPTS = 6


class WebhookDeliveryError(Exception):
    """A delivery attempt failed in a way worth retrying."""


def webhook_delivery_claim(*, delivery: WebhookDelivery) -> bool:
    """Take a due delivery for one attempt; False when it is not due or another worker has it."""
    now = timezone.now()
    lease = now + datetime.timedelta(seconds=settings.WEBHOOK_TIMEOUT + 60)
    claimed = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=lease)
    return claimed == 1


def webhook_delivery_retry_at(*, delivery: WebhookDelivery) -> datetime.datetime | None:
    """Schedule the next attempt after a failure, or give up after MAX_ATTEMPTS (None)."""
    tried = len(delivery.attempts)
    if tried >= MAX_ATTEMPTS:
        webhook_delivery_give_up(delivery=delivery)
        return None
    retry_at = timezone.now() + datetime.timedelta(
        seconds=settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (tried - 1)
    )
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=retry_at)
    return retry_at


def webhooks_deliver_due(*, limit: int = 100) -> int:
    """Try each due pending delivery once, outside any request; returns how many were sent."""
    due = WebhookDelivery.objects.select_related("webhook").filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=timezone.now()
    )
    sent = 0
    for delivery in due.order_by("next_attempt_at", "pk")[:limit]:
        if not webhook_delivery_claim(delivery=delivery):
            continue
        try:
            sent += webhook_deliver(delivery=delivery)
        except WebhookDeliveryError:
            webhook_delivery_retry_at(delivery=delivery)
    return sent


def _attempt(delivery: WebhookDelivery, outcome: str) -> None:
    entry = {"at": timezone.now().isoformat(), "outcome": outcome}
    delivery.attempts = [*delivery.attempts, entry]


def webhook_deliver(*, delivery: WebhookDelivery) -> bool:
    """POST the signed payload once; log the attempt. Raises WebhookDeliveryError to retry.

    An unsafe URL is final: the delivery fails without a request.
    """
    if delivery.status == WebhookDelivery.Status.DELIVERED:
        return True
    hook = delivery.webhook
    try:
        addresses = url_check(hook.url, allow_private=settings.WEBHOOK_ALLOW_PRIVATE)
    except UnsafeUrlError as exc:
        _attempt(delivery, f"refused: {exc}")
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.save(update_fields=["attempts", "status"])
        return False
    body = json.dumps(delivery.payload, sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Exitbot-Event": delivery.event,
        "X-Exitbot-Delivery": str(delivery.pk),
        SIGNATURE_HEADER: signature(hook.secret, body),
    }
    try:
        transport = PinnedTransport(addresses[0])
        with httpx.Client(transport=transport, timeout=settings.WEBHOOK_TIMEOUT) as client:
            response = client.post(hook.url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        _attempt(delivery, f"error: {exc.__class__.__name__}")
        delivery.save(update_fields=["attempts"])
        raise WebhookDeliveryError(str(exc)) from exc
    _attempt(delivery, f"HTTP {response.status_code}")
    if response.is_success:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.save(update_fields=["attempts", "status", "delivered_at"])
        return True
    delivery.save(update_fields=["attempts"])
    raise WebhookDeliveryError(f"HTTP {response.status_code}")


def webhook_delivery_give_up(*, delivery: WebhookDelivery) -> None:
    """Mark a delivery failed after its last retry."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=WebhookDelivery.Status.FAILED)
