"""Satisfaction surveys: HR rates the tool, employees rate their interview."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RATING_MIN = 1
RATING_MAX = 5


class FeedbackSurvey(models.Model):
    """A short survey for one audience; it takes answers while active and between its dates."""

    class Audience(models.TextChoices):
        HR = "hr", _("HR staff")
        EMPLOYEES = "employees", _("Employees (after their interview)")

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    audience = models.CharField(max_length=12, choices=Audience.choices)
    active = models.BooleanField(default=True)
    opens_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["audience", "-opens_at", "name"]
        permissions = [("view_results", "Can see the results of the feedback surveys")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="feedbacksurvey_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        """Active, opened, and not yet closed."""
        moment = now or timezone.now()
        return (
            self.active
            and self.opens_at <= moment
            and (self.closes_at is None or moment < self.closes_at)
        )


class SurveyQuestion(models.Model):
    """One question of a survey; ``key`` is stable so results can be compared over time."""

    class Kind(models.TextChoices):
        RATING = "rating", _("Rating 1–5")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(FeedbackSurvey, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=80)
    text = models.TextField()
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    required = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="surveyquestion_survey_key"),
        ]

    def __str__(self) -> str:
        return self.key


class SurveyResponse(models.Model):
    """One person's answers to one survey: an HR user's, or an employee's about an interview.

    A response whose user was deleted keeps counting in the results with neither set.
    """

    survey = models.ForeignKey(FeedbackSurvey, on_delete=models.PROTECT, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    interview = models.ForeignKey(
        "interviews.Interview",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feedback_responses",
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            # NULLs stay distinct on purpose: responses of deleted users all keep counting.
            models.UniqueConstraint(fields=["survey", "user"], name="surveyresponse_one_per_user"),
            models.UniqueConstraint(fields=["interview"], name="surveyresponse_one_per_interview"),
            models.CheckConstraint(
                condition=Q(user__isnull=True) | Q(interview__isnull=True),
                name="surveyresponse_user_or_interview",
            ),
        ]
        indexes = [models.Index(fields=["survey", "submitted_at"])]

    def __str__(self) -> str:
        return f"Response to {self.survey} at {self.submitted_at:%Y-%m-%d %H:%M}"


class SurveyAnswer(models.Model):
    """The answer to one question: a rating 1–5, or text."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["question__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="surveyanswer_one_per_question"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True)
                | Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="surveyanswer_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(text=""),
                name="surveyanswer_rating_or_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.key}: {self.rating if self.rating is not None else self.text}"
