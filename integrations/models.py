"""HR-system integration: the nightly scheduler's claims, webhooks and their deliveries.

The tables keep the names they had when these models lived in interviews (db_table), so
moving them between apps copied no data.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interviews.models import Employee, Interview


class ScheduledInvite(models.Model):
    """The nightly job's claim: one automatic interview per leaver and question set."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    question_set_slug = models.SlugField(max_length=80)
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "interviews_scheduledinvite"
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "question_set_slug"], name="scheduled_invite_once"
            )
        ]

    def __str__(self) -> str:
        return f"Scheduled invite for {self.employee_id} ({self.question_set_slug})"


class Webhook(models.Model):
    """An HR system's endpoint for interview events, signed with its secret."""

    class Event(models.TextChoices):
        COMPLETED = "interview.completed", "Interview completed"
        EXPIRED = "interview.expired", "Interview expired"

    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=200, help_text="Signs each body with HMAC-SHA256.")
    events = models.JSONField(default=list, help_text="Event names to send.")
    include_answers = models.BooleanField(
        default=False, help_text="Send the answer text too (personal data: only if needed)."
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "interviews_webhook"

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one webhook, and what happened on each attempt to deliver it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Webhook.Event.choices)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.JSONField(default=list, help_text="Time, status code or error, per try.")
    next_attempt_at = models.DateTimeField(
        default=timezone.now, help_text="A pending delivery is tried again from this time on."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "interviews_webhookdelivery"
        ordering = ["-created_at"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} to {self.webhook_id} ({self.status})"
