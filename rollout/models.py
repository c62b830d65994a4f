"""Feature flags with sticky percentage assignment, the rollout phases and incidents."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREDEFINED_QUESTIONS = "predefined_questions"
LLM_FALLBACK_ALLOWED = "llm_fallback_allowed"


class Flag(models.Model):
    """A switch that is on for a sticky share of employees, optionally only in some departments."""

    name = models.SlugField(max_length=80, unique=True)
    enabled = models.BooleanField(default=False)
    percentage = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(100)],
        help_text="Share of employees (0–100) the flag is on for. Each employee has a fixed "
        "bucket from 0 to 99, so raising the share only adds employees.",
    )
    departments = models.JSONField(
        default=list,
        blank=True,
        help_text="Only employees of these departments; empty means every department.",
    )
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(percentage__lte=100), name="flag_percentage_max_100")
        ]

    def __str__(self) -> str:
        return self.name


class FlagChange(models.Model):
    """One change to a flag: when, by whom or what, which fields, and why."""

    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=60, help_text="Where the change was made.")
    changes = models.JSONField(help_text="Each changed field with its old and new value.")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.flag.name} changed at {self.changed_at:%Y-%m-%d %H:%M}"


class RolloutPhase(models.Model):
    """One step of the rollout plan and the share of new interviews with predefined questions."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    target_percentage = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(100)],
        help_text="Entering the phase sets the predefined_questions flag to this percentage.",
    )
    is_current = models.BooleanField(default=False)
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="rolloutphase_one_current"
            ),
            models.CheckConstraint(
                condition=Q(target_percentage__lte=100), name="rolloutphase_target_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"Phase {self.number}: {self.name}"


class PhaseChange(models.Model):
    """A move to another phase, with the success criteria as they stood at that moment."""

    from_phase = models.ForeignKey(
        RolloutPhase, null=True, on_delete=models.PROTECT, related_name="+"
    )
    to_phase = models.ForeignKey(RolloutPhase, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=60)
    forced = models.BooleanField(default=False)
    reason = models.TextField(blank=True)
    criteria = models.JSONField(default=list)

    class Meta:
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(forced=False) | ~Q(reason=""), name="phasechange_forced_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"To phase {self.to_phase.number} at {self.changed_at:%Y-%m-%d %H:%M}"


class Incident(models.Model):
    """Something that went wrong in production; an open critical one holds the rollout back."""

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    title = models.CharField(max_length=200)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    description = models.TextField(blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", resolved_at__isnull=True)
                | Q(status="resolved", resolved_at__isnull=False),
                name="incident_resolved_at_matches_status",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.title}"
