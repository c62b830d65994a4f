"""Interview events turned into webhook deliveries (connected in IntegrationsConfig.ready())."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from integrations.models import Webhook
from integrations.services import webhook_event_emit
from interviews.models import Interview
from interviews.signals import interview_completed, interview_expired


@receiver(interview_completed, dispatch_uid="integrations.webhook_completed")
def webhook_on_completed(sender: Any, *, interview: Interview, **kwargs: Any) -> None:
    webhook_event_emit(interview=interview, event=Webhook.Event.COMPLETED)


@receiver(interview_expired, dispatch_uid="integrations.webhook_expired")
def webhook_on_expired(sender: Any, *, interview: Interview, **kwargs: Any) -> None:
    webhook_event_emit(interview=interview, event=Webhook.Event.EXPIRED)
