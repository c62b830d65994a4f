"""The daily jobs over all interviews: reminders and expiry."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from interviews.invites import interview_invite_send
from interviews.models import Interview
from interviews.selectors import interviews_due_for_reminder
from interviews.signals import interview_expired

EXPIRE_BATCH = 500


def interview_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind every open interview invited at least REMINDER_DAYS ago, once each."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.REMINDER_DAYS)
    sent = 0
    for interview in interviews_due_for_reminder(invited_before=cutoff).filter(expires_at__gt=now):
        sent += interview_invite_send(interview=interview, reminder=True)
    return sent


def interviews_expire_due(*, now: datetime.datetime | None = None) -> int:
    """Mark every open interview past its expiry as expired; returns how many."""
    now = now or timezone.now()
    due = Interview.objects.filter(status__in=Interview.OPEN_STATUSES, expires_at__lte=now)
    expired = 0
    while True:
        with transaction.atomic():
            # Claim a batch: a second worker skips the rows this one holds.
            batch = list(
                due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:EXPIRE_BATCH]
            )
            if not batch:
                return expired
            Interview.objects.filter(pk__in=batch).update(
                status=Interview.Status.EXPIRED, closed_at=now
            )
            for interview in Interview.objects.filter(pk__in=batch).select_related("employee"):
                interview_expired.send(sender=Interview, interview=interview)
        expired += len(batch)
