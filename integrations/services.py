"""Writes for HR-system integration: leavers filed by an HR system, and webhook events queued
for delivery after the commit."""

from __future__ import annotations

from functools import cache, partial
from typing import Any, NamedTuple

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from exitbot.lib.rows import ModelRows
from integrations.models import Webhook, WebhookDelivery
from integrations.tasks import webhook_deliver_task
from interviews.models import Employee, Interview, Response
from interviews.services.interviews import employee_upsert

_WEBHOOKS = ModelRows(Webhook, "w")


@cache
def _active_webhooks_sql() -> str:
    return _WEBHOOKS.select("WHERE w.active ORDER BY w.id")


class LeaverResult(NamedTuple):
    employee_id: str
    status: str
    errors: dict[str, list[str]]


def leavers_upsert(*, rows: list[dict[str, Any]]) -> list[LeaverResult]:
    """Create or update each leaver on its own, so one bad row does not sink the others."""
    results = []
    for row in rows:
        fields = dict(row)
        employee_id = str(fields.pop("employee_id", "") or "")
        exists = Employee.objects.filter(employee_id=employee_id).exists()
        try:
            with transaction.atomic():
                employee_upsert(employee_id=employee_id, **fields)
        except ValidationError as exc:
            results.append(LeaverResult(employee_id, "error", exc.message_dict))
            continue
        results.append(LeaverResult(employee_id, "updated" if exists else "created", {}))
    return results


def _payload(interview: Interview, event: str, include_answers: bool) -> dict[str, Any]:
    report = reverse("api:interview-report", args=[interview.pk])
    payload: dict[str, Any] = {
        "event": event,
        "interview_id": interview.pk,
        "employee_id": interview.employee.employee_id,
        "mode": interview.mode,
        "status": interview.status,
        "report_url": settings.SITE_URL + report,
    }
    if include_answers:
        payload["answers"] = dict(
            Response.objects.filter(interview=interview).values_list(
                "question__key", "employee_message"
            )
        )
    return payload


def webhook_event_emit(*, interview: Interview, event: str) -> int:
    """Queue ``event`` for every active webhook that wants it; delivered after commit.

    Every completed interview asks, inside the answer's transaction, and usually finds none:
    the SQL is built once per process.
    """
    hooks = [h for h in _WEBHOOKS.fetch(_active_webhooks_sql(), []) if event in h.events]
    for hook in hooks:
        delivery = WebhookDelivery.objects.create(
            webhook=hook, event=event, payload=_payload(interview, event, hook.include_answers)
        )
        # With no broker a task runs inline, inside the employee's request, where a slow
        # receiver would hold the answer up: `manage.py deliver_webhooks` sends it instead.
        if not current_app.conf.task_always_eager:
            transaction.on_commit(partial(webhook_deliver_task.delay, delivery.pk))
    return len(hooks)
