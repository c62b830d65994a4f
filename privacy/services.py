"""Retention and erasure: delete what exitbot no longer needs, or may no longer keep."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record
from integrations.models import WebhookDelivery
from interviews.models import Employee, ExperienceEvent, Interview, Response


class EmployeeNotFoundError(Exception):
    """No employee has the id given."""


def _admin_log_entries(model: type, pks: list[int]) -> Q:
    content_type = ContentType.objects.get_for_model(model)
    return Q(content_type=content_type, object_id__in=[str(pk) for pk in pks])


def _delete(interview_pks: list[int], employee_pks: list[int], deliveries: Q) -> dict[str, int]:
    """Count, then delete, everything that hangs off these interviews and employees."""
    log = _admin_log_entries(Interview, interview_pks) | _admin_log_entries(Employee, employee_pks)
    counts = {
        "interviews": len(interview_pks),
        "responses": Response.objects.filter(interview__in=interview_pks).count(),
        "events": ExperienceEvent.objects.filter(interview__in=interview_pks).count(),
        "employees": len(employee_pks),
        "webhook_deliveries": WebhookDelivery.objects.filter(deliveries).count(),
        "admin_log_entries": LogEntry.objects.filter(log).count(),
    }
    WebhookDelivery.objects.filter(deliveries).delete()
    LogEntry.objects.filter(log).delete()
    # Cascades to responses, events, invite tokens, idempotency keys and scheduled invites.
    Interview.objects.filter(pk__in=interview_pks).delete()
    Employee.objects.filter(pk__in=employee_pks).delete()
    return counts


@transaction.atomic(durable=True)
def expired_purge(*, dry_run: bool = False, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete finished interviews older than RETENTION_DAYS, their answers and events.

    Age counts from completion or closing. Question statistics are aggregates and stay. An
    employee goes too once no interview is left and the exit date is past the cutoff.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.RETENTION_DAYS)
    finished = Interview.objects.exclude(status__in=Interview.OPEN_STATUSES).annotate(
        ended=Coalesce("completed_at", "closed_at", "created_at")
    )
    interview_pks = list(finished.filter(ended__lt=cutoff).values_list("pk", flat=True))
    employee_pks = list(
        Employee.objects.filter(Q(exit_date__isnull=True) | Q(exit_date__lt=cutoff.date()))
        .filter(updated_at__lt=cutoff)
        .exclude(interviews__in=Interview.objects.exclude(pk__in=interview_pks))
        .values_list("pk", flat=True)
        .distinct()
    )
    deliveries = Q(created_at__lt=cutoff)
    if dry_run:
        with transaction.atomic():
            counts = _delete(interview_pks, employee_pks, deliveries)
            transaction.set_rollback(True)
        return counts
    counts = _delete(interview_pks, employee_pks, deliveries)
    audit_record(action=AuditEntry.Action.PURGE, target=f"before {cutoff:%Y-%m-%d}", detail=counts)
    return counts


@transaction.atomic(durable=True)
def employee_erase(*, employee_id: str, dry_run: bool = False) -> dict[str, int]:
    """Remove one employee's personal data: profile, interviews, answers, events, payloads."""
    employee = Employee.objects.filter(employee_id=employee_id).first()
    if employee is None:
        raise EmployeeNotFoundError(f"No employee has the id {employee_id!r}.")
    interview_pks = list(employee.interviews.values_list("pk", flat=True))
    deliveries = Q(payload__employee_id=employee_id) | Q(payload__interview_id__in=interview_pks)
    if dry_run:
        with transaction.atomic():
            counts = _delete(interview_pks, [employee.pk], deliveries)
            transaction.set_rollback(True)
        return counts
    counts = _delete(interview_pks, [employee.pk], deliveries)
    # The entry names the internal row number only: the person's id is what was erased.
    audit_record(action=AuditEntry.Action.ERASE, target=f"employee #{employee.pk}", detail=counts)
    return counts
