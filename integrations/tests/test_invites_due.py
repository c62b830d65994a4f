"""The nightly job that invites leavers before their exit date, exactly once."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from integrations.models import ScheduledInvite
from integrations.scheduler import interviews_invite_due, leavers_due
from integrations.tasks import interviews_invite_due_task
from interviews.models import Interview
from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_leavers_within_the_window_are_invited_once_even_when_run_twice(
    django_capture_on_commit_callbacks,
):
    # given
    soon = EmployeeFactory(exit_date=_days(5), work_email="soon@example.com")
    EmployeeFactory(exit_date=_days(6))
    EmployeeFactory(exit_date=_days(-1))
    # when
    with django_capture_on_commit_callbacks(execute=True):
        first = interviews_invite_due()
        second = interviews_invite_due()
    # then
    assert [i.employee for i in first] == [soon]
    assert second == []
    assert ScheduledInvite.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["soon@example.com"]]
    interview = Interview.objects.get()
    due = _days(5 + 14)
    assert timezone.localtime(interview.expires_at).date() == due


def test_a_leaver_whose_exit_date_moved_into_the_window_is_invited_then(
    django_capture_on_commit_callbacks,
):
    # given
    employee = EmployeeFactory(exit_date=_days(20))
    assert interviews_invite_due() == []
    # when: HR moves the exit date earlier
    employee.exit_date = _days(3)
    employee.save()
    with django_capture_on_commit_callbacks(execute=True):
        invited = interviews_invite_due()
    # then
    assert [i.employee for i in invited] == [employee]


def test_a_leaver_with_an_open_interview_is_not_invited_again():
    # given
    employee = EmployeeFactory(exit_date=_days(2))
    interview_create(employee=employee)
    # when / then
    assert leavers_due() == []


def test_send_due_invites_dry_run_changes_nothing():
    # given
    EmployeeFactory(employee_id="D-1", exit_date=_days(1))
    out = StringIO()
    # when
    call_command("send_due_invites", "--dry-run", stdout=out)
    # then
    assert "Would invite D-1" in out.getvalue()
    assert not Interview.objects.exists()


def test_send_due_invites_creates_the_interviews(django_capture_on_commit_callbacks):
    # given
    EmployeeFactory(employee_id="D-2", exit_date=_days(1))
    out = StringIO()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_due_invites", stdout=out)
    # then
    assert "Invited D-2" in out.getvalue()
    assert interviews_invite_due_task.delay().get() == 0
