"""The HR admin: question sets with their versions, employees and interviews."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST
from import_export import resources
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX

from analytics.selectors import event_timeline
from audit.admin import AuditedChangesMixin
from audit.models import AuditEntry
from audit.services import audit_record
from exitbot.lib.webhooks import UnsafeUrlError, url_check
from interviews.forms import InterviewCreateForm, QuestionForm
from interviews.models import (
    Employee,
    Interview,
    Question,
    QuestionSet,
    Response,
    ScheduledInvite,
    Webhook,
    WebhookDelivery,
)
from interviews.question_set_io import QuestionSetDocumentError
from interviews.selectors import invite_recipient, question_list, question_set_list
from interviews.services import (
    InterviewError,
    employee_upsert,
    interview_cancel,
    interview_classify,
    interview_create,
    question_set_clone,
    question_set_make_default,
    question_set_publish,
    question_set_retire,
)
from interviews.tasks import interview_invite_send_task
from interviews.views import question_input_context


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"+{seconds:.0f} s"
    if seconds < 7200:
        return f"+{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"+{seconds / 3600:.1f} h"
    return f"+{seconds / 86400:.1f} days"


class QuestionInline(admin.StackedInline[Question, QuestionSet]):
    model = Question
    form = QuestionForm
    extra = 0
    ordering = ["order", "id"]
    fieldsets = [
        (None, {"fields": [("order", "key", "kind", "required"), "text", "help_text", "choices"]}),
        ("Ask only if …", {"fields": [("show_if_key", "show_if_values")], "classes": ["collapse"]}),
    ]

    def _editable(self, obj: QuestionSet | None) -> bool:
        return obj is None or obj.is_editable

    def has_add_permission(self, request: HttpRequest, obj: QuestionSet | None = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: QuestionSet | None = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: QuestionSet | None = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


def _model_turn(response: Response) -> SafeString:
    """What the model added after an answer, marked as the model's, or why it fell back."""
    outcome = response.llm_outcome
    if outcome == Response.LlmOutcome.FOLLOW_UP:
        answer = response.followup_answer or (
            "(skipped)" if response.followup_answered_at else "(not answered yet)"
        )
        return format_html(
            "<strong>AI follow-up:</strong> {}<br><strong>Answer:</strong> {}",
            response.followup_question,
            answer,
        )
    if outcome == Response.LlmOutcome.ACKNOWLEDGED:
        return format_html("<strong>AI:</strong> {}", response.bot_response)
    if outcome == Response.LlmOutcome.FALLBACK:
        return format_html(
            "Fell back to the next question ({})", response.get_llm_fallback_reason_display()
        )
    if outcome == Response.LlmOutcome.PENDING:
        return format_html("{}", "No reply stored")
    return format_html("{}", "")


@admin.register(QuestionSet)
class QuestionSetAdmin(AuditedChangesMixin, admin.ModelAdmin[QuestionSet]):
    audit_action = AuditEntry.Action.QUESTION_SET_CHANGED
    list_display = [
        "name",
        "slug",
        "version",
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

    @admin.display(ordering="question_count", description="Questions")
    def question_count(self, obj: Any) -> int:
        return int(obj.question_count)

    @admin.display(ordering="interview_count", description="Interviews")
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
            latest = QuestionSet.objects.filter(slug=obj.slug).order_by("-version").first()
            obj.version = latest.version + 1 if latest else 1
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
            self.message_user(request, f"Published {published}. New interviews use it from now on.")

    def _clone(self, request: HttpRequest, question_set: QuestionSet) -> QuestionSet:
        draft, created = question_set_clone(question_set=question_set)
        if created:
            self.message_user(
                request, f"Created draft version {draft.version}; edit it, then publish."
            )
        else:
            self.message_user(
                request,
                f"Version {draft.version} is already a draft; edit that one.",
                messages.WARNING,
            )
        return draft

    @admin.action(description="Publish the selected drafts", permissions=["change"])
    def publish_sets(self, request: HttpRequest, queryset: QuerySet[QuestionSet]) -> None:
        for question_set in queryset:
            self._publish(request, question_set)

    @admin.action(description="Clone to a new draft version", permissions=["add"])
    def clone_sets(self, request: HttpRequest, queryset: QuerySet[QuestionSet]) -> None:
        for question_set in queryset:
            self._clone(request, question_set)

    @admin.action(description="Make the default for new interviews", permissions=["change"])
    def make_default(self, request: HttpRequest, queryset: QuerySet[QuestionSet]) -> None:
        if queryset.count() != 1:
            self.message_user(
                request, "Select exactly one set to make the default.", messages.ERROR
            )
            return
        try:
            chosen = question_set_make_default(question_set=queryset.get())
        except InterviewError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(request, f"{chosen} is now the default.")

    @admin.action(description="Retire (no new interviews)", permissions=["change"])
    def retire_sets(self, request: HttpRequest, queryset: QuerySet[QuestionSet]) -> None:
        for question_set in queryset:
            try:
                question_set_retire(question_set=question_set)
            except InterviewError as exc:
                self.message_user(request, f"{question_set}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"Retired {question_set}.")


class EmployeeResource(resources.ModelResource):
    """Leavers from an HR system's CSV or XLSX file, matched on the employee id."""

    class Meta:
        model = Employee
        import_id_fields = ["employee_id"]
        fields = [
            "employee_id",
            "name",
            "work_email",
            "personal_email",
            "department",
            "job_title",
            "manager_name",
            "hire_date",
            "exit_date",
        ]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


@admin.register(Employee)
class EmployeeAdmin(ImportMixin, admin.ModelAdmin[Employee]):
    resource_classes = [EmployeeResource]
    import_formats = [CSV, XLSX]
    list_display = ["employee_id", "name", "department", "job_title", "exit_date"]
    list_filter = ["department", "exit_date"]
    search_fields = ["employee_id", "name", "work_email", "personal_email"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin[Interview]):
    list_display = [
        "id",
        "employee_name",
        "department",
        "status",
        "mode",
        "question_set",
        "answered",
        "created_at",
        "completed_at",
    ]
    list_filter = [
        "status",
        "mode",
        "employee__department",
        "created_at",
        "exit_type",
        "regrettable",
        "question_set",
    ]
    search_fields = [
        "employee__employee_id",
        "employee__name",
        "employee__work_email",
        "employee__personal_email",
    ]
    list_select_related = ["employee", "question_set"]
    date_hierarchy = "created_at"
    actions = ["resend_invites", "cancel_interviews"]
    fieldsets = [
        (None, {"fields": ["employee", "question_set", "mode", "status", "expires_at"]}),
        ("Exit classification", {"fields": ["exit_type", "regrettable"]}),
        (
            "Timeline",
            {
                "fields": [
                    "created_at",
                    "created_by",
                    "invite_sent_at",
                    "reminder_sent_at",
                    "started_at",
                    "completed_at",
                    "closed_at",
                ]
            },
        ),
        ("Transcript", {"fields": ["transcript"]}),
        ("Timeline (no answer text)", {"fields": ["timeline"], "classes": ["collapse"]}),
    ]
    readonly_fields = [
        "employee",
        "question_set",
        "mode",
        "status",
        "expires_at",
        "created_at",
        "created_by",
        "invite_sent_at",
        "reminder_sent_at",
        "started_at",
        "completed_at",
        "closed_at",
        "transcript",
        "timeline",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Interview]:
        return super().get_queryset(request).annotate(answer_count=Count("responses"))

    @admin.display(ordering="employee__name", description="Employee")
    def employee_name(self, obj: Interview) -> str:
        return obj.employee.name

    @admin.display(ordering="employee__department", description="Department")
    def department(self, obj: Interview) -> str:
        return obj.employee.department

    @admin.display(ordering="answer_count", description="Answers")
    def answered(self, obj: Any) -> int:
        return int(obj.answer_count)

    @admin.display(description="Transcript")
    def transcript(self, obj: Interview) -> str:
        responses = obj.responses.select_related("question").order_by("id")
        if not responses:
            return "No answers yet."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    r.question.key,
                    r.question.text,
                    r.employee_message or "(skipped)",
                    _model_turn(r),
                    timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                    "" if r.handling_ms is None else f"{r.handling_ms} ms",
                )
                for r in responses
            ),
        )
        return format_html(
            '<table class="transcript"><thead><tr><th>Key</th><th>Question</th><th>Answer</th>'
            "<th>Model turn (LLM mode)</th><th>Answered</th><th>Handled in</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )

    @admin.display(description="Timeline")
    def timeline(self, obj: Interview) -> str:
        events = event_timeline(interview=obj)
        if not events:
            return "No events recorded yet."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                    "" if gap is None else _duration(gap),
                    event.get_type_display(),
                    event.data.get("question_key", ""),
                )
                for event, gap in events
            ),
        )
        return format_html(
            '<table class="timeline"><thead><tr><th>When</th><th>After</th><th>Event</th>'
            "<th>Question</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200 and object_id.isdigit():
            audit_record(
                action=AuditEntry.Action.TRANSCRIPT_READ,
                request=request,
                target=f"interview #{object_id}",
                interview_id=int(object_id),
            )
        return response

    def save_model(self, request: HttpRequest, obj: Interview, form: Any, change: bool) -> None:
        interview_classify(interview=obj, exit_type=obj.exit_type, regrettable=obj.regrettable)

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Create an interview through the service and show its link once."""
        if not self.has_add_permission(request):
            return HttpResponse(status=403)
        form = InterviewCreateForm(request.POST or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "New exit interview",
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            try:
                employee = employee_upsert(
                    employee_id=form.cleaned_data["employee_id"], **form.employee_fields()
                )
                created = interview_create(
                    employee=employee,
                    question_set=form.cleaned_data["question_set"],
                    mode=form.cleaned_data["mode"] or None,
                    created_by=request.user,  # type: ignore[arg-type]
                    expires_at=timezone.now() + form.expires_in(),
                    send_invite=form.cleaned_data["send_invite"],
                )
            except InterviewError as exc:
                form.add_error(None, exc.message)
            else:
                context.update(
                    {
                        "title": "Interview created",
                        "created": created,
                        "form": None,
                        "sent_to": form.cleaned_data["send_invite"]
                        and invite_recipient(employee=employee),
                    }
                )
                return TemplateResponse(request, "admin/interviews/interview/created.html", context)
        return TemplateResponse(request, "admin/interviews/interview/create.html", context)

    @admin.action(description="Resend the invite e-mail", permissions=["change"])
    def resend_invites(self, request: HttpRequest, queryset: QuerySet[Interview]) -> None:
        sent = 0
        for interview in queryset.select_related("employee"):
            if not interview.is_open:
                self.message_user(
                    request, f"{interview} is {interview.status}; not sent.", messages.WARNING
                )
                continue
            transaction.on_commit(partial(interview_invite_send_task.delay, interview.pk))
            sent += 1
        if sent:
            self.message_user(request, f"Queued {sent} invite e-mail(s).")

    @admin.action(description="Cancel the selected interviews", permissions=["change"])
    def cancel_interviews(self, request: HttpRequest, queryset: QuerySet[Interview]) -> None:
        cancelled = 0
        for interview in queryset:
            was_open = interview.is_open
            interview_cancel(interview=interview)
            cancelled += was_open
        self.message_user(
            request, f"Cancelled {cancelled} interview(s); their links no longer work."
        )


class WebhookDeliveryInline(admin.TabularInline[WebhookDelivery, Webhook]):
    model = WebhookDelivery
    extra = 0
    can_delete = False
    fields = ["created_at", "event", "status", "attempt_log", "delivered_at"]
    readonly_fields = ["created_at", "event", "status", "attempt_log", "delivered_at"]
    ordering = ["-created_at"]

    @admin.display(description="Attempts")
    def attempt_log(self, obj: WebhookDelivery) -> str:
        return format_html_join(
            "", "<div>{} — {}</div>", ((a["at"][:19], a["outcome"]) for a in obj.attempts)
        )

    def has_add_permission(self, request: HttpRequest, obj: Webhook | None = None) -> bool:
        return False


class WebhookForm(forms.ModelForm[Webhook]):
    url = forms.URLField(max_length=500, assume_scheme="https")
    # Never rendered back into the page: left empty on a change, the stored secret stays.
    secret = forms.CharField(
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Signs each body with HMAC-SHA256. Leave empty to keep the current secret.",
    )
    events = forms.MultipleChoiceField(
        choices=Webhook.Event.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Webhook
        fields = ["url", "secret", "events", "include_answers", "active"]

    def clean_secret(self) -> str:
        secret = str(self.cleaned_data.get("secret") or "")
        if secret:
            return secret
        if self.instance.pk:
            return self.instance.secret
        raise forms.ValidationError("A new webhook needs a secret.")

    def clean_url(self) -> str:
        url = str(self.cleaned_data["url"])
        try:
            url_check(url, allow_private=settings.WEBHOOK_ALLOW_PRIVATE)
        except UnsafeUrlError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return url


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin[Webhook]):
    form = WebhookForm
    list_display = ["url", "active", "include_answers", "created_at"]
    inlines = [WebhookDeliveryInline]


@admin.register(ScheduledInvite)
class ScheduledInviteAdmin(admin.ModelAdmin[ScheduledInvite]):
    list_display = ["employee", "question_set_slug", "interview", "created_at"]
    list_select_related = ["employee", "interview"]
    readonly_fields = ["employee", "question_set_slug", "interview", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
