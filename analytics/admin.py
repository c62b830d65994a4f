"""Read-only admin views of the statistics and events (they are computed, never edited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from analytics import admin_comments  # noqa: F401 - registers the themes and the queue
from analytics.models import QuestionStats
from interviews.models import ExperienceEvent


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(QuestionStats)
class QuestionStatsAdmin(ReadOnlyAdmin):
    list_display = [
        "question_key",
        "question_set",
        "mode",
        "period",
        "period_start",
        "responses",
        *QuestionStats.FIGURES,
    ]
    list_filter = ["period", "mode", "question_set"]
    list_select_related = ["question_set"]
    date_hierarchy = "period_start"


@admin.register(ExperienceEvent)
class ExperienceEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "type", "interview"]
    list_filter = ["type", "created_at"]
    list_select_related = ["interview__employee"]
    search_fields = ["=interview__id"]
