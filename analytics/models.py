"""The nightly question statistics (the interview event log they read lives in interviews)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from analytics.taxonomy import THEMES
from exitbot.lib.anonymity import group_shown
from interviews.models import Interview, QuestionSet, Response

THEME_CHOICES = list(THEMES.items())


class QuestionStats(models.Model):
    """How one question of one set version did in one period and mode."""

    class Period(models.TextChoices):
        DAY = "day", _("Day")
        ROLLING_30 = "30d", "Rolling 30 days"

    # The figures of a row, in the order reports show them; hidden under the threshold.
    FIGURES = (
        "non_empty",
        "avg_length",
        "completion_rate",
        "drop_off",
        "median_seconds",
        "avg_sentiment",
    )

    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="stats")
    question_key = models.SlugField(max_length=80)
    question_order = models.PositiveIntegerField(default=0)
    mode = models.CharField(max_length=12, choices=Interview.Mode.choices)
    period = models.CharField(max_length=4, choices=Period.choices)
    period_start = models.DateField()
    period_end = models.DateField(help_text="Exclusive.")
    responses = models.PositiveIntegerField(default=0)
    non_empty = models.PositiveIntegerField(default=0)
    avg_length = models.FloatField(null=True, blank=True)
    completion_rate = models.FloatField(null=True, blank=True)
    drop_off = models.PositiveIntegerField(default=0)
    median_seconds = models.FloatField(null=True, blank=True)
    avg_sentiment = models.FloatField(null=True, blank=True)
    # Additive partials: the rolling window is summed from the day rows, never rescanned.
    length_sum = models.BigIntegerField(default=0)
    sentiment_sum = models.FloatField(default=0)
    sentiment_n = models.PositiveIntegerField(default=0)
    seconds_histogram = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "question statistics"
        permissions = [("view_free_text", "Can read free-text answers on the analytics pages")]
        ordering = ["question_set", "question_order", "mode"]
        constraints = [
            models.UniqueConstraint(
                fields=["question_set", "question_key", "mode", "period", "period_start"],
                name="questionstats_one_row_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_key} v{self.question_set_id} {self.mode} {self.period_start}"

    @property
    def non_empty_rate(self) -> float | None:
        return self.non_empty / self.responses if self.responses else None

    def shown_figures(self, k: int) -> dict[str, Any] | None:
        """The row's figures by name, or None when it counts too few answers to show any."""
        if not group_shown(self.responses, k):
            return None
        return {name: getattr(self, name) for name in self.FIGURES}


class ComputedDay(models.Model):
    """A day whose statistics rows are computed (a day without answers has none)."""

    day = models.DateField(unique=True)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.day.isoformat()


class AnswerTheme(models.Model):
    """A theme of one free-text answer, from the classifier, the LLM coding pass or HR."""

    class Source(models.TextChoices):
        MODEL = "model", _("Classifier")
        LLM = "llm", _("LLM coding")
        HR = "hr", _("Corrected by HR")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(max_length=24, choices=THEME_CHOICES)
    confidence = models.FloatField(default=1.0)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MODEL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["response", "-confidence"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "theme"], name="answertheme_once_per_answer"
            )
        ]
        indexes = [models.Index(fields=["theme", "response"])]

    def __str__(self) -> str:
        return f"{self.get_theme_display()} (answer #{self.response_id})"


class ThemeCorrection(models.Model):
    """An HR admin's correction of a theme, kept as a record and as future training data."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="+")
    old_theme = models.CharField(max_length=24, choices=THEME_CHOICES, blank=True)
    new_theme = models.CharField(max_length=24, choices=THEME_CHOICES)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-corrected_at"]

    def __str__(self) -> str:
        return f"{self.old_theme or '-'} → {self.new_theme} (answer #{self.response_id})"


class SensitiveComment(models.Model):
    """An answer reporting harassment, discrimination, safety, legal or self-harm concerns.

    Only users with ``view_sensitive`` see it (in the admin queue); it is hidden from every
    analyst page and export.
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        CLOSED = "closed", _("Closed")

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="sensitive")
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    notes = models.TextField(blank=True)
    flagged_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["status", "-flagged_at"]
        permissions = [("view_sensitive", "Can see and handle sensitive comments")]

    def __str__(self) -> str:
        return f"Sensitive comment #{self.pk} ({self.get_status_display()})"


class EmergingTopic(models.Model):
    """A cluster of recent answers that fit no theme well, from the nightly job."""

    terms = models.JSONField(default=list)
    count = models.PositiveIntegerField()
    window_start = models.DateField()
    window_end = models.DateField()
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-count"]

    def __str__(self) -> str:
        return ", ".join(self.terms[:5])
