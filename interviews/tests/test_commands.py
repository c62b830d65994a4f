"""Operator commands: create interviews, load and dump sets, demo data, reminders."""

from __future__ import annotations

import datetime
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from interviews.models import Employee, Interview, QuestionSet
from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

DEFAULT = Path(__file__).resolve().parent.parent / "question_sets" / "default.yaml"


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_interview_prints_a_link_that_opens_the_interview(client):
    # when
    out = _run("create_interview", "--employee-id", "X1", "--name", "Xavier", "--email", "x@e.com")
    # then
    url = re.search(r"(http\S+/i/\S+/)", out).group(1)
    response = client.get(url.split("8000")[-1], follow=True)
    assert response.status_code == 200
    assert "Question 1 of" in response.content.decode()
    assert Employee.objects.get(employee_id="X1").work_email == "x@e.com"


def test_create_interview_with_send_emails_the_invite(django_capture_on_commit_callbacks):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        _run(
            "create_interview", "--employee-id", "X2", "--name", "Y", "--email", "y@e.com", "--send"
        )
    # then
    assert mail.outbox[0].to == ["y@e.com"]


def test_create_interview_refuses_an_unknown_question_set():
    # when / then
    with pytest.raises(CommandError, match="No published question set 'nope'"):
        _run("create_interview", "--employee-id", "X3", "--name", "Z", "--question-set", "nope")


def test_create_interview_reports_a_bad_email():
    # when / then
    with pytest.raises(CommandError, match="valid email"):
        _run("create_interview", "--employee-id", "X4", "--name", "Z", "--email", "not-an-email")
    assert not Employee.objects.filter(employee_id="X4").exists()


def test_create_interview_reports_an_open_interview():
    # given
    employee = EmployeeFactory()
    interview_create(employee=employee)
    # when / then
    with pytest.raises(CommandError, match="already has an open interview"):
        _run("create_interview", "--employee-id", employee.employee_id, "--name", employee.name)


def test_create_interview_uses_a_named_set():
    # when
    _run(
        "create_interview", "--employee-id", "X5", "--name", "Q", "--question-set", "standard-exit"
    )
    # then
    assert Interview.objects.get(employee__employee_id="X5").question_set.slug == "standard-exit"


def test_load_question_set_twice_changes_nothing_the_second_time():
    # when
    out = _run("load_question_set", str(DEFAULT))
    # then
    assert "already has these questions; nothing changed" in out
    assert QuestionSet.objects.filter(slug="standard-exit").count() == 1


def test_load_question_set_installs_a_changed_file_as_a_new_published_version(tmp_path):
    # given
    changed = tmp_path / "set.yaml"
    changed.write_text(DEFAULT.read_text().replace("about that?", "about that, please?"))
    # when
    out = _run("load_question_set", str(changed))
    # then
    assert "Installed Standard exit interview v2 (published)." in out
    assert QuestionSet.objects.get(slug="standard-exit", version=1).status == "retired"
    assert QuestionSet.objects.get(slug="standard-exit", version=2).is_default


def test_load_question_set_can_leave_the_new_version_a_draft(tmp_path):
    # given
    changed = tmp_path / "set.yaml"
    changed.write_text(DEFAULT.read_text().replace("Standard exit interview", "Renamed"))
    # when
    _run("load_question_set", str(changed), "--draft")
    # then
    assert QuestionSet.objects.get(slug="standard-exit", version=2).status == "draft"


def test_load_question_set_lists_every_problem_of_an_invalid_file(tmp_path):
    # given
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: X\nslug: x\nquestions: [{key: a, text: ''}, {key: a, text: B}]")
    # when / then
    with pytest.raises(CommandError) as error:
        _run("load_question_set", str(bad))
    assert "the question text is empty" in str(error.value)
    assert "the key is used twice" in str(error.value)


def test_load_question_set_reports_a_missing_file(tmp_path):
    # when / then
    with pytest.raises(CommandError, match="Cannot read"):
        _run("load_question_set", str(tmp_path / "missing.yaml"))


def test_dump_question_set_prints_yaml_and_json():
    # when
    as_yaml = _run("dump_question_set", "standard-exit")
    as_json = _run("dump_question_set", "standard-exit", "--format", "json", "--set-version", "1")
    # then
    assert as_yaml.startswith("name: Standard exit interview")
    assert '"key": "reason_for_leaving"' in as_json


def test_dump_question_set_refuses_an_unknown_slug_or_version():
    # when / then
    with pytest.raises(CommandError, match="No question set 'nope'."):
        _run("dump_question_set", "nope")
    with pytest.raises(CommandError, match="version 9"):
        _run("dump_question_set", "standard-exit", "--set-version", "9")


def test_send_reminders_reports_how_many_it_sent():
    # given
    interview = interview_create(employee=EmployeeFactory(work_email="r@e.com")).interview
    Interview.objects.filter(pk=interview.pk).update(
        invite_sent_at=timezone.now() - datetime.timedelta(days=4)
    )
    # when
    out = _run("send_reminders")
    # then
    assert out.strip() == "Sent 1 reminder(s)."
    assert mail.outbox[0].subject.startswith("Reminder:")


def test_create_interview_prints_the_mode():
    # when
    out = _run(
        "create_interview", "--employee-id", "E-7", "--name", "Ann Lee", "--mode", "predefined"
    )
    # then
    assert "for Ann Lee (Predefined questions): http" in out
