"""HR admins read the audit log in the admin; nobody can add, change or delete an entry."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpRequest

from audit.models import AuditEntry
from audit.services import audit_record


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["at", "username", "action", "target", "interview_id", "address"]
    list_filter = ["action", ("user", admin.RelatedOnlyFieldListFilter), "at"]
    search_fields = ["=interview_id", "username", "target"]
    date_hierarchy = "at"
    readonly_fields = [
        "at",
        "user",
        "username",
        "action",
        "target",
        "interview_id",
        "address",
        "detail",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False


class AuditedChangesMixin:
    """Adds an audit entry for every add, change and delete the admin logs for this model."""

    audit_action: str = ""

    def _audit(self, request: HttpRequest, target: str, verb: str) -> None:
        audit_record(
            action=self.audit_action, request=request, target=target, detail={"change": verb}
        )

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, str(obj), "added")
        return super().log_addition(request, obj, message)  # type: ignore[misc]

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, str(obj), "changed")
        return super().log_change(request, obj, message)  # type: ignore[misc]

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            self._audit(request, str(obj), "deleted")
        return super().log_deletions(request, queryset)  # type: ignore[misc]


admin.site.unregister(Group)
admin.site.unregister(User)


@admin.register(Group)
class AuditedGroupAdmin(AuditedChangesMixin, GroupAdmin):
    audit_action = AuditEntry.Action.ROLE_CHANGED


@admin.register(User)
class AuditedUserAdmin(AuditedChangesMixin, UserAdmin):
    """Group membership and permissions of accounts are roles too."""

    audit_action = AuditEntry.Action.ROLE_CHANGED
