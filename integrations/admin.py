"""Admin for HR-system integration: leavers imported from a file, webhooks and their
deliveries, the nightly scheduler's claims."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html_join
from import_export import resources
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX

from exitbot.lib.webhooks import UnsafeUrlError, url_check
from integrations.models import ScheduledInvite, Webhook, WebhookDelivery
from interviews.models import Employee


class EmployeeResource(resources.ModelResource):
    """Leavers from an HR system's CSV or XLSX file, matched on the employee id."""

    class Meta:
        model = Employee
        import_id_fields = ["employee_id"]
        fields = ["employee_id", *Employee.HR_FIELDS]
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
    # The interview names its employee: join it too, or each row costs a query.
    list_select_related = ["employee", "interview__employee"]
    readonly_fields = ["employee", "question_set_slug", "interview", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
