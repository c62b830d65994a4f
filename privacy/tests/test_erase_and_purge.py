"""Erasure leaves no trace of the person in any text column; purge keeps only what is current."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from analytics.models import QuestionStats
from analytics.services import question_stats_compute
from audit.models import AuditEntry
from integrations.models import Webhook, WebhookDelivery
from interviews.models import Employee, ExperienceEvent, Interview, Response
from interviews.services.answers import interview_answer_submit
from interviews.tests.factories import EmployeeFactory, InterviewFactory, QuestionFactory
from privacy.services import employee_erase, expired_purge

pytestmark = pytest.mark.django_db

MARKER = "zqxmarker"
TEXT_TYPES = ("char", "text", "json", "uuid")


def _planted() -> Interview:
    """An employee whose every free field, answer and webhook payload carries the marker."""
    employee = EmployeeFactory.create(
        employee_id=f"E-{MARKER}",
        name=f"Ann {MARKER}",
        work_email=f"{MARKER}@example.com",
        personal_email=f"{MARKER}@home.example",
        department=f"Dept {MARKER}",
        job_title=f"Title {MARKER}",
        manager_name=f"Boss {MARKER}",
    )
    Webhook.objects.create(
        url="https://93.184.216.34/hook",
        secret="x",
        events=["interview.completed"],
        include_answers=True,
    )
    interview = InterviewFactory.create(employee=employee, in_progress=True)
    question = QuestionFactory.create(question_set=interview.question_set, key="why")
    interview_answer_submit(interview=interview, question_id=question.pk, raw=f"I {MARKER} it")
    Response.objects.filter(interview=interview).update(
        followup_question="More?", followup_answer=f"Yes {MARKER}", bot_response=f"Ok {MARKER}"
    )
    return interview


def _marker_hits() -> list[str]:
    """Every table.column of a text-like type that still holds the marker."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                cursor.execute(
                    "SELECT data_type FROM information_schema.columns "
                    "WHERE table_name = %s AND column_name = %s",
                    [table, column.name],
                )
                (data_type,) = cursor.fetchone()
                if not any(kind in data_type for kind in TEXT_TYPES):
                    continue
                quoted = connection.ops.quote_name(column.name)
                cursor.execute(
                    f"SELECT count(*) FROM {connection.ops.quote_name(table)} "  # noqa: S608 - names from the catalogue
                    f"WHERE lower({quoted}::text) LIKE %s",
                    [f"%{MARKER}%"],
                )
                if cursor.fetchone()[0]:
                    hits.append(f"{table}.{column.name}")
    return hits


def test_erase_employee_leaves_the_marker_in_no_text_column_of_any_table():
    # given
    _planted()
    question_stats_compute(day=timezone.localdate())
    assert "interviews_employee.name" in _marker_hits()
    assert "interviews_webhookdelivery.payload" in _marker_hits()
    # when
    call_command("erase_employee", f"E-{MARKER}", "--yes", stdout=StringIO())
    # then
    assert _marker_hits() == []
    assert QuestionStats.objects.exists()  # aggregates stay
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ERASE)
    assert entry.detail["responses"] == 1 and entry.detail["webhook_deliveries"] == 1


def test_erase_employee_dry_run_counts_and_deletes_nothing():
    # given
    _planted()
    out = StringIO()
    # when
    call_command("erase_employee", f"E-{MARKER}", "--dry-run", stdout=out)
    # then
    assert "Would delete: 1 interviews, 1 responses" in out.getvalue()
    assert Employee.objects.filter(employee_id=f"E-{MARKER}").exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.ERASE).exists()


def test_erase_employee_refuses_an_unknown_id():
    # when / then
    with pytest.raises(CommandError, match="No employee has the id"):
        call_command("erase_employee", "nobody", "--yes", stdout=StringIO())


def test_erase_employee_without_yes_deletes_nothing_unless_confirmed(monkeypatch):
    # given
    _planted()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    # when / then
    with pytest.raises(CommandError, match="Nothing was deleted"):
        call_command("erase_employee", f"E-{MARKER}", stdout=StringIO())
    assert Employee.objects.filter(employee_id=f"E-{MARKER}").exists()


def _age(interview: Interview, days: int) -> None:
    ended = timezone.now() - datetime.timedelta(days=days)
    Interview.objects.filter(pk=interview.pk).update(completed_at=ended, created_at=ended)
    Employee.objects.filter(pk=interview.employee_id).update(
        updated_at=ended, exit_date=ended.date()
    )


def test_purge_expired_deletes_finished_interviews_past_retention_and_keeps_the_rest(settings):
    # given
    settings.RETENTION_DAYS = 730
    old = _planted()
    WebhookDelivery.objects.update(created_at=timezone.now() - datetime.timedelta(days=800))
    _age(old, 800)
    recent = InterviewFactory.create(status=Interview.Status.COMPLETED)
    _age(recent, 100)
    still_open = InterviewFactory.create(in_progress=True)
    # when
    out = StringIO()
    call_command("purge_expired", stdout=out)
    # then
    assert "Deleted (older than 730 days): 1 interviews" in out.getvalue()
    assert set(Interview.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    assert not ExperienceEvent.objects.filter(interview=old.pk).exists()
    assert not Employee.objects.filter(pk=old.employee_id).exists()
    assert not WebhookDelivery.objects.exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PURGE).count() == 1


def test_purge_expired_dry_run_deletes_nothing():
    # given
    old = _planted()
    _age(old, 800)
    # when
    counts = expired_purge(dry_run=True)
    # then
    assert counts["interviews"] == 1
    assert Interview.objects.filter(pk=old.pk).exists()


def test_erase_service_counts_what_it_removed():
    # given
    interview = _planted()
    # when
    counts = employee_erase(employee_id=interview.employee.employee_id)
    # then
    assert counts["interviews"] == 1 and counts["employees"] == 1
