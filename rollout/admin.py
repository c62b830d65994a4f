"""The operator's admin: flags with their history, the phases, phase moves and incidents."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from exitbot.lib.forms import LinesField
from rollout.models import Flag, FlagChange, Incident, PhaseChange, RolloutPhase
from rollout.services import flag_save, incident_save


class FlagForm(forms.ModelForm[Flag]):
    """A flag with departments one per line, and the reason for the change."""

    departments = LinesField(
        required=False, help_text="One department per line; empty means every department."
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
        help_text="Why you are changing the flag; kept in its history.",
    )

    class Meta:
        model = Flag
        fields = ["name", "enabled", "percentage", "departments", "note"]


class FlagChangeInline(admin.TabularInline[FlagChange, Flag]):
    model = FlagChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "changed_by", "source", "changes", "reason"]
    readonly_fields = ["changed_at", "changed_by", "source", "changes", "reason"]
    ordering = ["-changed_at", "-id"]
    verbose_name = "change"
    verbose_name_plural = "History"

    def has_add_permission(self, request: HttpRequest, obj: Flag | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Flag | None = None) -> bool:
        return False


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin[Flag]):
    form = FlagForm
    list_display = ["name", "enabled", "percentage", "department_list", "updated_at"]
    inlines = [FlagChangeInline]

    @admin.display(description="Departments")
    def department_list(self, obj: Flag) -> str:
        return ", ".join(obj.departments) or "all"

    def get_readonly_fields(self, request: HttpRequest, obj: Flag | None = None) -> Any:
        # Code looks flags up by name: renaming one would silently switch it off.
        return ["name"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Flag, form: Any, change: bool) -> None:
        flag_save(
            flag=obj,
            source="admin",
            changed_by=request.user,  # type: ignore[arg-type]
            reason=form.cleaned_data.get("reason", ""),
        )


@admin.register(RolloutPhase)
class RolloutPhaseAdmin(admin.ModelAdmin[RolloutPhase]):
    list_display = [
        "number",
        "name",
        "target_percentage",
        "is_current",
        "planned_start",
        "planned_end",
        "started_at",
        "ended_at",
    ]
    fields = [
        "number",
        "name",
        "description",
        "target_percentage",
        "planned_start",
        "planned_end",
        "is_current",
        "started_at",
        "ended_at",
        "status_page",
    ]
    readonly_fields = ["number", "is_current", "started_at", "ended_at", "status_page"]

    @admin.display(description="Move the rollout")
    def status_page(self, obj: RolloutPhase) -> str:
        return format_html(
            "Phases change only with <code>manage.py rollout advance</code>, which checks the "
            'success criteria; see the <a href="{}">rollout page</a>.',
            reverse("rollout:rollout-status"),
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: RolloutPhase | None = None) -> bool:
        return False


@admin.register(PhaseChange)
class PhaseChangeAdmin(admin.ModelAdmin[PhaseChange]):
    list_display = ["changed_at", "from_phase", "to_phase", "forced", "reason", "source"]
    list_select_related = ["from_phase", "to_phase"]
    list_filter = ["forced"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PhaseChange | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PhaseChange | None = None) -> bool:
        return False


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin[Incident]):
    list_display = ["title", "severity", "status", "opened_at", "resolved_at"]
    list_filter = ["status", "severity"]
    search_fields = ["title", "description"]
    fields = ["title", "severity", "status", "description", "opened_at", "resolved_at"]
    readonly_fields = ["resolved_at"]

    def save_model(self, request: HttpRequest, obj: Incident, form: Any, change: bool) -> None:
        incident_save(incident=obj)
