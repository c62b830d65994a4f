"""The HR admin of interviews: create one for an employee, read its transcript and timeline,
resend, cancel, classify."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from audit.models import AuditEntry
from audit.services import audit_record
from interviews.events import event_timeline
from interviews.forms import InterviewCreateForm
from interviews.models import (
    Employee,
    Interview,
    Response,
)
from interviews.selectors import invite_recipient
from interviews.services.interviews import (
    InterviewError,
    interview_cancel,
    interview_classify,
    interview_create_for_employee,
)
from interviews.tasks import interview_invite_send_task


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"+{seconds:.0f} s"
    if seconds < 7200:
        return f"+{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"+{seconds / 3600:.1f} h"
    return f"+{seconds / 86400:.1f} days"


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


class DepartmentFilter(admin.SimpleListFilter):
    """Departments as HR spells them, with a named choice for employees without one."""

    title = "department"
    parameter_name = "employee__department"
    NONE = "-"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        names = (
            Employee.objects.filter(interviews__isnull=False)
            .order_by("department")
            .values_list("department", flat=True)
            .distinct()
        )
        return [(name or self.NONE, name or "(no department)") for name in names]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Interview]) -> QuerySet[Interview]:
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(employee__department="" if value == self.NONE else value)


def _stopped_after(obj: Interview) -> str:
    if not obj.is_open:
        return ""
    if obj.last_question is None:
        return _("not started") if obj.started_at is None else _("at the first question")
    return _("after “%(question)s”") % {"question": Truncator(obj.last_question.text).chars(60)}


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
        "last_activity",
        "created_at",
        "completed_at",
    ]
    list_filter = [
        "status",
        "mode",
        DepartmentFilter,
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
    list_select_related = ["employee", "question_set", "last_question"]
    date_hierarchy = "created_at"
    actions = ["resend_invites", "cancel_interviews"]
    fieldsets = [
        (None, {"fields": ["employee", "question_set", "mode", "status", "expires_at"]}),
        (gettext_lazy("Exit classification"), {"fields": ["exit_type", "regrettable"]}),
        (
            gettext_lazy("Timeline"),
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
        (gettext_lazy("Transcript"), {"fields": ["transcript"]}),
        (
            gettext_lazy("Timeline (no answer text)"),
            {"fields": ["timeline"], "classes": ["collapse"]},
        ),
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

    @admin.display(ordering="employee__name", description=gettext_lazy("Employee"))
    def employee_name(self, obj: Interview) -> str:
        return obj.employee.name

    @admin.display(ordering="employee__department", description=gettext_lazy("Department"))
    def department(self, obj: Interview) -> str:
        return obj.employee.department

    @admin.display(ordering="answer_count", description=gettext_lazy("Answers"))
    def answered(self, obj: Any) -> int:
        return int(obj.answer_count)

    @admin.display(ordering="last_activity_at", description=gettext_lazy("Last activity"))
    def last_activity(self, obj: Interview) -> str:
        """When the employee last answered, and where an open interview stopped."""
        when = obj.last_activity_at or obj.started_at
        parts = [timezone.localtime(when).strftime("%Y-%m-%d %H:%M") if when else "–"]
        if stopped := _stopped_after(obj):
            parts.append(stopped)
        return " · ".join(parts)

    @admin.display(description=gettext_lazy("Transcript"))
    def transcript(self, obj: Interview) -> str:
        """The conversation as the employee saw it: question, answer, the model's turn if any."""
        responses = obj.responses.select_related("question").order_by("id")
        if not responses:
            return "No answers yet."
        turns = [{"response": r, "model_turn": _model_turn(r)} for r in responses]
        return render_to_string(
            "admin/interviews/interview/_transcript.html",
            {"turns": turns, "employee_name": obj.employee.name},
        )

    @admin.display(description=gettext_lazy("Timeline"))
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
            "title": _("New exit interview"),
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            try:
                created = interview_create_for_employee(
                    employee_id=form.cleaned_data["employee_id"],
                    employee_fields=form.employee_fields(),
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
                        "title": _("Interview created"),
                        "created": created,
                        "form": None,
                        "sent_to": form.cleaned_data["send_invite"]
                        and invite_recipient(employee=created.employee),
                    }
                )
                return TemplateResponse(request, "admin/interviews/interview/created.html", context)
        return TemplateResponse(request, "admin/interviews/interview/create.html", context)

    @admin.action(description=gettext_lazy("Resend the invite e-mail"), permissions=["change"])
    def resend_invites(self, request: HttpRequest, queryset: QuerySet[Interview]) -> None:
        sent = 0
        for interview in queryset.select_related("employee"):
            if not interview.is_open:
                self.message_user(
                    request,
                    _("%(interview)s is %(status)s; not sent.")
                    % {"interview": interview, "status": interview.get_status_display()},
                    messages.WARNING,
                )
                continue
            transaction.on_commit(partial(interview_invite_send_task.delay, interview.pk))
            sent += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "Queued %(count)d invite e-mail.", "Queued %(count)d invite e-mails.", sent
                )
                % {"count": sent},
            )

    @admin.action(
        description=gettext_lazy("Cancel the selected interviews"), permissions=["change"]
    )
    def cancel_interviews(
        self, request: HttpRequest, queryset: QuerySet[Interview]
    ) -> TemplateResponse | None:
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Cancel these interviews?"),
                "interviews": list(queryset.select_related("employee")),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/interviews/interview/cancel_confirmation.html", context
            )
        cancelled = 0
        for interview in queryset:
            was_open = interview.is_open
            interview_cancel(interview=interview)
            cancelled += was_open
        self.message_user(
            request,
            ngettext(
                "Cancelled %(count)d interview; its link no longer works.",
                "Cancelled %(count)d interviews; their links no longer work.",
                cancelled,
            )
            % {"count": cancelled},
        )
        return None
