"""Celery tasks run their services (eagerly in tests)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from interviews.models import Interview
from interviews.services.interviews import interview_create
from interviews.tasks import (
    interview_invite_send_task,
    interview_reminders_send_task,
    interviews_expire_due_task,
)
from interviews.tests.factories import EmployeeFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def test_interview_invite_send_task_sends_the_invite():
    # given
    interview = interview_create(employee=EmployeeFactory()).interview
    # when
    sent = interview_invite_send_task.delay(interview.pk).get()
    # then
    assert sent is True
    assert len(mail.outbox) == 1


def test_interview_invite_send_task_is_a_noop_for_a_deleted_interview():
    # when
    sent = interview_invite_send_task.delay(987654).get()
    # then
    assert sent is False


def test_interview_reminders_send_task_counts_reminders():
    # given
    interview = interview_create(employee=EmployeeFactory()).interview
    Interview.objects.filter(pk=interview.pk).update(
        invite_sent_at=timezone.now() - datetime.timedelta(days=10)
    )
    # when / then
    assert interview_reminders_send_task.delay().get() == 1


def test_interviews_expire_due_task_expires_due_interviews():
    # given
    InterviewFactory(expires_at=timezone.now() - datetime.timedelta(days=1))
    # when / then
    assert interviews_expire_due_task.delay().get() == 1
