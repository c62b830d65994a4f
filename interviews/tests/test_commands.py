from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from interviews.models import Employee, Interview, QuestionSet
from interviews.services import interview_create
from interviews.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

DEFAULT_SET = Path(__file__).resolve().parents[1] / "question_sets" / "default.yaml"


def _run(name: str, *args: str) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def test_create_interview_prints_the_link_and_the_mode():
    # when
    out = _run(
        "create_interview", "--employee-id", "E-7", "--name", "Ann Lee", "--mode", "predefined"
    )
    # then
    assert "for Ann Lee (Predefined questions): http" in out
    assert Interview.objects.get().employee.employee_id == "E-7"


def test_create_interview_explains_an_unknown_question_set():
    # when / then
    with pytest.raises(CommandError, match="No published question set 'nope'"):
        _run("create_interview", "--employee-id", "E-7", "--name", "Ann", "--question-set", "nope")


def test_create_interview_refuses_a_second_open_interview():
    # given
    _run("create_interview", "--employee-id", "E-7", "--name", "Ann Lee")
    # when / then
    with pytest.raises(CommandError, match="already has an open interview"):
        _run("create_interview", "--employee-id", "E-7", "--name", "Ann Lee")


def test_create_interview_reports_invalid_employee_fields():
    # when / then
    with pytest.raises(CommandError):
        _run("create_interview", "--employee-id", "E-8", "--name", "x" * 300)


def test_dump_and_load_question_set_round_trip_without_a_new_version(tmp_path):
    # given
    document = tmp_path / "set.json"
    document.write_text(_run("dump_question_set", "standard-exit", "--format", "json"))
    # when
    out = _run("load_question_set", str(document))
    # then
    assert "nothing changed" in out
    assert QuestionSet.objects.filter(slug="standard-exit").count() == 1


def test_load_question_set_installs_a_changed_document_as_a_new_version(tmp_path):
    # given
    document = tmp_path / "set.yaml"
    document.write_text(DEFAULT_SET.read_text().replace("Twelve questions", "Changed"))
    changed = document.read_text().replace(
        "Is there anything else you would like to tell us?", "Anything else?"
    )
    document.write_text(changed)
    # when
    out = _run("load_question_set", str(document), "--draft")
    # then
    assert "Installed" in out
    assert QuestionSet.objects.get(slug="standard-exit", version=2).status == "draft"


def test_load_question_set_lists_the_problems_of_a_bad_document(tmp_path):
    # given
    document = tmp_path / "bad.yaml"
    document.write_text("name: X\nslug: Bad Slug\nquestions: []\n")
    # when / then
    with pytest.raises(CommandError, match="not a valid question set"):
        _run("load_question_set", str(document))


def test_load_question_set_explains_a_missing_file(tmp_path):
    # when / then
    with pytest.raises(CommandError, match="Cannot read"):
        _run("load_question_set", str(tmp_path / "missing.yaml"))


def test_dump_question_set_explains_an_unknown_version():
    # when / then
    with pytest.raises(CommandError, match="version 9"):
        _run("dump_question_set", "standard-exit", "--set-version", "9")


def test_send_reminders_sends_each_due_reminder_once():
    # given
    employee = EmployeeFactory.create(work_email="leaver@example.com")
    interview = interview_create(employee=employee).interview
    Interview.objects.filter(pk=interview.pk).update(
        invite_sent_at=timezone.now() - datetime.timedelta(days=5)
    )
    # when
    first = _run("send_reminders")
    second = _run("send_reminders")
    # then
    assert "Sent 1 reminder(s)." in first
    assert "Sent 0 reminder(s)." in second
    assert [m.to for m in mail.outbox] == [["leaver@example.com"]]


def test_seed_demo_creates_interviews_in_every_status_and_can_run_again():
    # when
    first = _run("seed_demo")
    again = _run("seed_demo")
    # then
    assert "Open invite:" in first and "Open invite:" in again
    statuses = set(Interview.objects.values_list("status", flat=True))
    assert statuses >= {"completed", "in_progress", "pending", "cancelled", "expired"}
    assert Employee.objects.filter(employee_id__startswith="DEMO-").count() == 19


def test_seed_demo_answers_in_predefined_mode_even_when_an_llm_is_configured(chat_server):
    # given: the rollout would put new interviews in LLM mode, and the model follows up
    chat_server.reply({"action": "follow_up", "message": "Could you say more?"})
    # when
    _run("seed_demo")
    # then
    answered = Interview.objects.filter(status="completed")
    assert answered.exists()
    assert set(answered.values_list("mode", flat=True)) == {"predefined"}
