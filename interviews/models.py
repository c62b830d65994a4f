"""Employees, versioned question sets, interviews and their answers."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from interviews.kinds import Kind, QuestionKind, kind_choices, kind_get


class Employee(models.Model):
    """A person leaving the company, as known to the HR system (personal data)."""

    employee_id = models.CharField("employee id", max_length=64, unique=True)
    name = models.CharField(max_length=200)
    work_email = models.EmailField(blank=True)
    personal_email = models.EmailField(blank=True)
    department = models.CharField(max_length=120, blank=True)
    job_title = models.CharField(max_length=120, blank=True)
    manager_name = models.CharField(max_length=200, blank=True)
    hire_date = models.DateField(null=True, blank=True)
    exit_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What an HR system tells about a leaver, besides the id: the API, the leavers import and
    # the admin take these, with the rules the fields above declare.
    HR_FIELDS: ClassVar[tuple[str, ...]] = (
        "name",
        "work_email",
        "personal_email",
        "department",
        "job_title",
        "manager_name",
        "hire_date",
        "exit_date",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.employee_id})"


class QuestionSet(models.Model):
    """One version of a named list of questions; published versions are frozen."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The interview page and its e-mails speak this language."),
    )
    version = models.PositiveIntegerField(default=1)
    description = models.TextField(blank=True)
    intro_message = models.TextField(
        blank=True,
        help_text="Shown first to the employee. Leave empty for the standard wording that "
        "says who will read the answers and how they are used.",
    )
    is_default = models.BooleanField(
        default=False, help_text="New interviews use the default set when none is chosen."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="questionset_slug_version"),
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="questionset_one_default"
            ),
            models.CheckConstraint(
                condition=Q(is_default=False) | Q(status="published"),
                name="questionset_default_is_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version} ({self.get_status_display().lower()})"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class Question(models.Model):
    """One question of a set; `key` stays the same across versions so analytics can join."""

    Kind = Kind

    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(
        max_length=80, help_text="Stable identifier kept across versions, e.g. reason_for_leaving."
    )
    text = models.TextField()
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=kind_choices, default=Kind.TEXT.value)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)
    show_if_key = models.SlugField(
        max_length=80,
        blank=True,
        help_text="Ask this question only if the answer to this earlier question's key …",
    )
    show_if_values = models.JSONField(
        default=list, blank=True, help_text="… is one of these values."
    )

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question_set", "key"], name="question_set_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.text[:60]}"

    @property
    def kind_spec(self) -> QuestionKind:
        """What this question's kind does: its parser, input template, choices rule, ..."""
        return kind_get(self.kind)

    @property
    def has_choices(self) -> bool:
        return self.kind_spec.has_choices


# The constraint's name, which a failed creation reports.
ONE_OPEN_PER_EMPLOYEE = "interview_one_open_per_employee"


class Interview(models.Model):
    """One employee's exit interview on one exact question set version."""

    class Mode(models.TextChoices):
        PREDEFINED = "predefined", _("Predefined questions")
        LLM = "llm", _("LLM conversation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    OPEN_STATUSES = (Status.PENDING, Status.IN_PROGRESS)

    class ExitType(models.TextChoices):
        VOLUNTARY = "voluntary", _("Voluntary")
        INVOLUNTARY = "involuntary", _("Involuntary")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="interviews")
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.PROTECT, related_name="interviews"
    )
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.PREDEFINED)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    last_question = models.ForeignKey(
        "Question",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The question answered last; kept so drop-off needs no scan of the answers.",
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was cancelled or expired."
    )
    invite_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    exit_type = models.CharField(max_length=12, choices=ExitType.choices, blank=True)
    regrettable = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "expires_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(status__in=["pending", "in_progress"]),
                name=ONE_OPEN_PER_EMPLOYEE,
            )
        ]

    def __str__(self) -> str:
        return f"Interview #{self.pk} for {self.employee.name}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class InviteToken(models.Model):
    """A hashed secret from one invite or reminder link; the link alone holds the token."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Invite token for interview #{self.interview_id}"


class Response(models.Model):
    """The employee's answer to one question; at most one per interview and question.

    In LLM mode the same row holds the model's turn after the answer: either an
    acknowledgement (``bot_response``) or one follow-up question and the employee's answer
    to it, or the reason the model's reply was replaced by the next predefined question.
    """

    class LlmOutcome(models.TextChoices):
        NONE = "", _("Not asked")
        PENDING = "pending", _("Waiting for the model")
        ACKNOWLEDGED = "acknowledged", _("Model acknowledged")
        FOLLOW_UP = "follow_up", _("Model asked a follow-up")
        FALLBACK = "fallback", _("Fell back to the next question")

    MODEL_OUTCOMES = (LlmOutcome.ACKNOWLEDGED, LlmOutcome.FOLLOW_UP)

    class FallbackReason(models.TextChoices):
        NONE = "", _("—")
        NOT_CONFIGURED = "not_configured", _("No LLM configured")
        TIMEOUT = "timeout", _("Timed out")
        UNREACHABLE = "unreachable", _("Endpoint unreachable")
        PAUSED = "paused", _("Paused after repeated failures")
        HTTP_ERROR = "http_error", _("HTTP error")
        MALFORMED = "malformed", _("Malformed reply")
        REFUSED = "refused", _("Model refused")
        EMPTY = "empty", _("Empty reply")
        TOO_LONG = "too_long", _("Reply too long")
        ENDS_EARLY = "ends_early", _("Tried to end the interview")
        OFF_SCRIPT = "off_script", _("Off script")
        SUPERSEDED = "superseded", _("Interview moved on first")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="responses")
    mode = models.CharField(
        max_length=12,
        choices=Interview.Mode.choices,
        default=Interview.Mode.PREDEFINED,
        help_text="The interview's mode (fixed at creation), so statistics need no join.",
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="responses")
    value = models.JSONField(null=True, blank=True)
    employee_message = models.TextField(blank=True)
    bot_response = models.TextField(blank=True)
    seconds_spent = models.PositiveIntegerField(null=True, blank=True)
    sentiment = models.FloatField(
        null=True, blank=True, help_text="VADER compound score of a free-text answer, -1 to 1."
    )
    handling_ms = models.PositiveIntegerField(
        null=True, blank=True, help_text="Server time to handle the answer, model call included."
    )
    llm_outcome = models.CharField(
        max_length=12, choices=LlmOutcome.choices, blank=True, default=LlmOutcome.NONE
    )
    llm_fallback_reason = models.CharField(
        max_length=16, choices=FallbackReason.choices, blank=True, default=FallbackReason.NONE
    )
    followup_question = models.TextField(blank=True)
    followup_answer = models.TextField(blank=True)
    followup_answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "question"], name="response_once_per_question"
            ),
            models.CheckConstraint(
                condition=Q(followup_answered_at__isnull=True) | ~Q(followup_question=""),
                name="response_followup_answer_needs_question",
            ),
            models.CheckConstraint(
                condition=Q(llm_outcome="fallback") | Q(llm_fallback_reason=""),
                name="response_fallback_reason_only_on_fallback",
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="response_created_at")]

    def __str__(self) -> str:
        return f"Answer to {self.question.key} in interview #{self.interview_id}"

    @property
    def followup_pending(self) -> bool:
        return bool(self.followup_question) and self.followup_answered_at is None

    @property
    def bot_response_from_model(self) -> bool:
        return bool(self.bot_response) and self.llm_outcome in self.MODEL_OUTCOMES


class IdempotencyKey(models.Model):
    """A client's Idempotency-Key for creating an interview: a repeat returns the same one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.key} -> interview #{self.interview_id}"


class ExperienceEvent(models.Model):
    """Something that happened to an interview, for timelines and statistics (no answer text)."""

    class Type(models.TextChoices):
        INTERVIEW_OPENED = "interview_opened", _("Interview opened")
        INTERVIEW_RESUMED = "interview_resumed", _("Interview resumed")
        QUESTION_VIEWED = "question_viewed", _("Question viewed")
        ANSWER_SUBMITTED = "answer_submitted", _("Answer submitted")
        INTERVIEW_COMPLETED = "interview_completed", _("Interview completed")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=24, choices=Type.choices)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "analytics_experienceevent"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["interview", "created_at"], name="analytics_e_intervi_591b32_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} (interview #{self.interview_id})"
