"""Surveys with their ordered questions, frozen once answered; responses are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from feedback.models import FeedbackSurvey, SurveyAnswer, SurveyQuestion, SurveyResponse


def _answered(survey: FeedbackSurvey | None) -> bool:
    return survey is not None and survey.pk is not None and survey.responses.exists()


class SurveyQuestionInline(admin.TabularInline[SurveyQuestion, FeedbackSurvey]):
    """Questions in order; a survey with answers keeps its questions so results stay comparable."""

    model = SurveyQuestion
    extra = 0
    fields = ["order", "key", "text", "help_text", "kind", "required"]
    ordering = ["order", "id"]

    def get_readonly_fields(self, request: HttpRequest, obj: FeedbackSurvey | None = None) -> Any:
        return self.fields if _answered(obj) else []

    def has_add_permission(self, request: HttpRequest, obj: FeedbackSurvey | None = None) -> bool:
        return not _answered(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(
        self, request: HttpRequest, obj: FeedbackSurvey | None = None
    ) -> bool:
        return not _answered(obj) and super().has_delete_permission(request, obj)


@admin.register(FeedbackSurvey)
class FeedbackSurveyAdmin(admin.ModelAdmin[FeedbackSurvey]):
    list_display = ["name", "audience", "active", "opens_at", "closes_at", "response_count"]
    list_filter = ["audience", "active"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SurveyQuestionInline]
    fields = ["name", "slug", "description", "audience", "active", "opens_at", "closes_at"]
    # Once answered, only opening, closing and switching the survey off stay editable.
    frozen_fields = ["name", "slug", "description", "audience"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[FeedbackSurvey]:
        return super().get_queryset(request).annotate(n_responses=Count("responses"))

    @admin.display(description="responses", ordering="n_responses")
    def response_count(self, obj: FeedbackSurvey) -> int:
        return getattr(obj, "n_responses", 0)

    def get_readonly_fields(self, request: HttpRequest, obj: FeedbackSurvey | None = None) -> Any:
        return self.frozen_fields if _answered(obj) else []

    def get_prepopulated_fields(
        self, request: HttpRequest, obj: FeedbackSurvey | None = None
    ) -> dict[str, Any]:
        return {} if _answered(obj) else dict(self.prepopulated_fields)

    def has_delete_permission(
        self, request: HttpRequest, obj: FeedbackSurvey | None = None
    ) -> bool:
        return not _answered(obj) and super().has_delete_permission(request, obj)


class SurveyAnswerInline(admin.TabularInline[SurveyAnswer, SurveyResponse]):
    model = SurveyAnswer
    extra = 0
    can_delete = False
    fields = ["question", "rating", "text"]
    readonly_fields = ["question", "rating", "text"]

    def has_add_permission(self, request: HttpRequest, obj: SurveyResponse | None = None) -> bool:
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin[SurveyResponse]):
    """Answers as given: nobody edits or adds them here."""

    list_display = ["survey", "user", "interview", "submitted_at"]
    list_filter = ["survey"]
    list_select_related = ["survey", "user", "interview__employee"]
    date_hierarchy = "submitted_at"
    fields = ["survey", "user", "interview", "submitted_at"]
    readonly_fields = ["survey", "user", "interview", "submitted_at"]
    inlines = [SurveyAnswerInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: SurveyResponse | None = None
    ) -> bool:
        return False
