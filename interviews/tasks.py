"""Celery interface for interviews: thin, id-based tasks that call one service each."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from interviews.housekeeping import interview_reminders_send, interviews_expire_due
from interviews.invites import interview_invite_send
from interviews.models import Interview


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def interview_invite_send_task(interview_id: int) -> bool:
    """E-mail the invite for one interview."""
    interview = Interview.objects.filter(pk=interview_id).first()
    if interview is None:
        return False
    return interview_invite_send(interview=interview)


@shared_task
def interview_reminders_send_task() -> int:
    """Send the due reminders (Celery beat, daily)."""
    return interview_reminders_send()


@shared_task
def interviews_expire_due_task() -> int:
    """Expire the interviews past their date (Celery beat, daily)."""
    return interviews_expire_due()
