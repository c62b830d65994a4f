"""Admin for themes (HR corrects them) and the restricted queue of sensitive comments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from analytics.comments import theme_correct
from analytics.models import AnswerTheme, SensitiveComment, ThemeCorrection
from analytics.taxonomy import SENSITIVE_REASONS
from interviews.models import Response

SENSITIVE_PERMISSION = "analytics.view_sensitive"


def _answer_with_followup(response: Response) -> str:
    if not response.followup_answer:
        return response.employee_message
    return (
        f"{response.employee_message}\n\n"
        f"Follow-up: {response.followup_question}\n{response.followup_answer}"
    )


class AnswerThemeForm(forms.ModelForm[AnswerTheme]):
    class Meta:
        model = AnswerTheme
        fields = ["theme"]


@admin.register(AnswerTheme)
class AnswerThemeAdmin(admin.ModelAdmin[AnswerTheme]):
    """HR admins correct a theme here; the correction is recorded and never overwritten."""

    form = AnswerThemeForm
    list_display = ["response_id", "theme", "confidence", "source", "updated_at"]
    list_filter = ["theme", "source"]
    list_select_related = ["response"]
    readonly_fields = ["answer", "confidence", "source"]

    @admin.display(description="Answer")
    def answer(self, obj: AnswerTheme) -> str:
        return _answer_with_followup(obj.response)

    def get_queryset(self, request: HttpRequest) -> Any:
        # A sensitive answer's text stays in the restricted queue.
        queryset = super().get_queryset(request)
        if not request.user.has_perm(SENSITIVE_PERMISSION):
            queryset = queryset.filter(response__sensitive__isnull=True)
        return queryset

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: AnswerTheme, form: Any, change: bool) -> None:
        theme_correct(answer_theme=obj, new_theme=obj.theme, user=request.user)  # type: ignore[arg-type]


@admin.register(ThemeCorrection)
class ThemeCorrectionAdmin(admin.ModelAdmin[ThemeCorrection]):
    list_display = ["corrected_at", "response_id", "old_theme", "new_theme", "corrected_by"]
    list_filter = ["new_theme"]
    list_select_related = ["corrected_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SensitiveCommentForm(forms.ModelForm[SensitiveComment]):
    class Meta:
        model = SensitiveComment
        fields = ["status", "notes"]


@admin.register(SensitiveComment)
class SensitiveCommentAdmin(admin.ModelAdmin[SensitiveComment]):
    """The restricted queue: only users with view_sensitive see it at all."""

    form = SensitiveCommentForm
    list_display = ["id", "flagged_at", "status", "concerns", "department"]
    list_filter = ["status"]
    list_select_related = ["response__interview__employee"]
    readonly_fields = ["flagged_at", "concerns", "answer", "question", "interview_link"]

    @admin.display(description="Concerns")
    def concerns(self, obj: SensitiveComment) -> str:
        return ", ".join(SENSITIVE_REASONS.get(r, r) for r in obj.reasons)

    @admin.display(description="Department")
    def department(self, obj: SensitiveComment) -> str:
        return obj.response.interview.employee.department

    @admin.display(description="Answer")
    def answer(self, obj: SensitiveComment) -> str:
        return _answer_with_followup(obj.response)

    @admin.display(description="Question")
    def question(self, obj: SensitiveComment) -> str:
        return obj.response.question.text

    @admin.display(description="Interview")
    def interview_link(self, obj: SensitiveComment) -> str:
        return f"#{obj.response.interview_id} ({obj.response.interview.employee.name})"

    def _allowed(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.has_perm(SENSITIVE_PERMISSION)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
