"""The audit log: who read raw answers or changed what matters, when, and from where."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One read of personal answers or one change of access-relevant settings (append-only)."""

    class Action(models.TextChoices):
        TRANSCRIPT_READ = "transcript_read", _("Read a transcript")
        REPORT_READ = "report_read", _("Read a report")
        EXPORT_READ = "export_read", _("Downloaded an export")
        COMMENTS_READ = "comments_read", _("Read free-text comments")
        FLAG_CHANGED = "flag_changed", _("Changed a flag")
        QUESTION_SET_CHANGED = "question_set_changed", _("Changed a question set")
        ROLE_CHANGED = "role_changed", _("Changed a role or its members")
        PURGE = "purge", _("Purged expired data")
        ERASE = "erase", _("Erased an employee")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text too, so the entry still names the account after it is deleted.
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=24, choices=Action.choices)
    target = models.CharField(max_length=200, blank=True, help_text="What was read or changed.")
    interview_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.username or 'system'}: {self.get_action_display()} {self.target}"
