"""The HR admin of question sets: versions, preview, publish, clone, default, retire."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit.admin import AuditedChangesMixin
from audit.models import AuditEntry
from interviews.forms import QuestionForm
from interviews.models import (
    Question,
    QuestionSet,
)
from interviews.question_set_io import QuestionSetDocumentError
from interviews.selectors import question_list, question_set_list
from interviews.services.interviews import (
    InterviewError,
)
from interviews.services.question_sets import (
    question_set_clone,
    question_set_make_default,
    question_set_next_version,
    question_set_publish,
    question_set_retire,
)
from interviews.views import question_input_context


class QuestionInline(admin.StackedInline[Question, QuestionSet]):
    model = Question
    form = QuestionForm
    extra = 0
    ordering = ["order", "id"]
    fieldsets = [
        (None, {"fields": [("order", "key", "kind", "required"), "text", "help_text", "choices"]}),
        (
            gettext_lazy("Ask only if …"),
            {"fields": [("show_if_key", "show_if_values")], "classes": ["collapse"]},
        ),
    ]

    def _editable(self, obj: QuestionSet | None) -> bool:
        return obj is None or obj.is_editable

    def has_add_permission(self, request: HttpRequest, obj: QuestionSet | None = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: QuestionSet | None = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: QuestionSet | None = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(QuestionSet)
class QuestionSetAdmin(AuditedChangesMixin, admin.ModelAdmin[QuestionSet]):
    audit_action = AuditEntry.Action.QUESTION_SET_CHANGED
    list_display = [
        "name",
        "slug",
        "version",
        "language",
        "status",
        "is_default",
        "question_count",
        "interview_count",
        "published_at",
    ]
    list_filter = ["status", "is_default", "language"]
    search_fields = ["name", "slug"]
    inlines = [QuestionInline]
    actions = ["publish_sets", "clone_sets", "make_default", "retire_sets"]
    fields = ["name", "slug", "language", "description", "intro_message"]
    readonly_when_frozen = ["version", "status", "is_default", "published_at"]
    change_form_template = "admin/interviews/questionset/change_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[QuestionSet]:
        return question_set_list()

    @admin.display(ordering="question_count", description=gettext_lazy("Questions"))
    def question_count(self, obj: Any) -> int:
        return int(obj.question_count)

    @admin.display(ordering="interview_count", description=gettext_lazy("Interviews"))
    def interview_count(self, obj: Any) -> int:
        return int(obj.interview_count)

    def get_readonly_fields(self, request: HttpRequest, obj: QuestionSet | None = None) -> Any:
        if obj is not None and not obj.is_editable:
            return [*self.fields, *self.readonly_when_frozen]
        return self.readonly_when_frozen if obj is not None else []

    def get_fields(self, request: HttpRequest, obj: QuestionSet | None = None) -> Any:
        return self.fields if obj is None else [*self.fields, *self.readonly_when_frozen]

    def save_model(self, request: HttpRequest, obj: QuestionSet, form: Any, change: bool) -> None:
        if not change:
            obj.version = question_set_next_version(slug=obj.slug)
        super().save_model(request, obj, form, change)

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/preview/", wrap(self.preview_view), name="interviews_questionset_preview"
            ),
            path(
                "<int:pk>/publish/",
                wrap(require_POST(self.publish_view)),
                name="interviews_questionset_publish",
            ),
            path(
                "<int:pk>/clone/",
                wrap(require_POST(self.clone_view)),
                name="interviews_questionset_clone",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The set as an employee would see it, every question with its input."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        question_set = get_object_or_404(QuestionSet, pk=pk)
        questions = question_list(question_set=question_set)
        by_key = {q.key: q for q in questions}
        context = {
            "question_set": question_set,
            "items": [(q, by_key.get(q.show_if_key)) for q in questions],
            "total": len(questions),
            "disabled": True,
            **question_input_context(),
        }
        # The employee's view of the set: in the set's language, whatever the admin speaks.
        with translation.override(question_set.language):
            return render(request, "interviews/question_set_preview.html", context)

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        question_set = get_object_or_404(QuestionSet, pk=pk)
        if not self.has_change_permission(request, question_set):
            return HttpResponse(status=403)
        self._publish(request, question_set)
        return redirect("admin:interviews_questionset_change", question_set.pk)

    def clone_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        question_set = get_object_or_404(QuestionSet, pk=pk)
        if not self.has_add_permission(request):
            return HttpResponse(status=403)
        draft = self._clone(request, question_set)
        return redirect("admin:interviews_questionset_change", draft.pk)

    def _publish(self, request: HttpRequest, question_set: QuestionSet) -> None:
        try:
            published = question_set_publish(question_set=question_set)
        except QuestionSetDocumentError as exc:
            for problem in exc.problems:
                self.message_user(request, f"{question_set}: {problem}", messages.ERROR)
        except InterviewError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self._audit(request, str(published), "published")
            self.message_user(
                request,
                _("Published %(set)s. New interviews use it from now on.") % {"set": published},
            )

    def _clone(self, request: HttpRequest, question_set: QuestionSet) -> QuestionSet:
        draft, created = question_set_clone(question_set=question_set)
        if created:
            self._audit(request, str(draft), f"cloned from version {question_set.version}")
            self.message_user(
                request,
                _("Created draft version %(version)d; edit it, then publish.")
                % {"version": draft.version},
            )
        else:
            self.message_user(
                request,
                _("Version %(version)d is already a draft; edit that one.")
                % {"version": draft.version},
                messages.WARNING,
            )
        return draft

    @admin.action(description=gettext_lazy("Publish the selected drafts"), permissions=["change"])
    def publish_sets(self, request: HttpRequest, queryset: QuerySet[QuestionSet]) -> None:
        for question_set in queryset:
            self._publish(request, question_set)

    @admin.action(description=gettext_lazy("Clone to a new draft version"), permissions=["add"])
    def clone_sets(self, request: HttpRequest, queryset: QuerySet[QuestionSet]) -> None:
        for question_set in queryset:
            self._clone(request, question_set)

    @admin.action(
        description=gettext_lazy("Make the default for new interviews"), permissions=["change"]
    )
    def make_default(self, request: HttpRequest, queryset: QuerySet[QuestionSet]) -> None:
        if queryset.count() != 1:
            self.message_user(
                request, _("Select exactly one set to make the default."), messages.ERROR
            )
            return
        try:
            chosen = question_set_make_default(question_set=queryset.get())
        except InterviewError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self._audit(request, str(chosen), "made the default")
            self.message_user(request, _("%(set)s is now the default.") % {"set": chosen})

    @admin.action(description=gettext_lazy("Retire (no new interviews)"), permissions=["change"])
    def retire_sets(self, request: HttpRequest, queryset: QuerySet[QuestionSet]) -> None:
        for question_set in queryset:
            try:
                question_set_retire(question_set=question_set)
            except InterviewError as exc:
                self.message_user(request, f"{question_set}: {exc.message}", messages.ERROR)
            else:
                self._audit(request, str(question_set), "retired")
                self.message_user(request, _("Retired %(set)s.") % {"set": question_set})
