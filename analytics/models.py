"""The nightly question statistics (the interview event log they read lives in interviews)."""

from __future__ import annotations

from django.db import models

from interviews.models import Interview, QuestionSet


class QuestionStats(models.Model):
    """How one question of one set version did in one period and mode."""

    class Period(models.TextChoices):
        DAY = "day", "Day"
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


class ComputedDay(models.Model):
    """A day whose statistics rows are computed (a day without answers has none)."""

    day = models.DateField(unique=True)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.day.isoformat()
