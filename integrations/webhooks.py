"""Outgoing webhooks: deliver each recorded event signed, and log every attempt."""

from __future__ import annotations

import json

import httpx
from django.conf import settings
from django.utils import timezone

from exitbot.lib.webhooks import SIGNATURE_HEADER, UnsafeUrlError, signature, url_check
from integrations.models import WebhookDelivery


class WebhookDeliveryError(Exception):
    """A delivery attempt failed in a way worth retrying."""


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
        url_check(hook.url, allow_private=settings.WEBHOOK_ALLOW_PRIVATE)
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
        response = httpx.post(
            hook.url, content=body, headers=headers, timeout=settings.WEBHOOK_TIMEOUT
        )
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
