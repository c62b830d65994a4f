"""The nightly job: one interview for each leaver whose exit date is near, exactly once."""

from __future__ import annotations

import datetime
from functools import partial

from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone

from integrations.models import ScheduledInvite
from interviews.models import Employee, Interview
from interviews.selectors import question_set_default_get
from interviews.services.interviews import interview_create_for_employee


def leavers_due(*, today: datetime.date | None = None) -> list[Employee]:
    """Leavers whose exit date is at most INVITE_DAYS_BEFORE_EXIT days away and not past,
    with no automatic invite for the default set yet and no open interview."""
    today = today or timezone.localdate()
    question_set = question_set_default_get()
    if question_set is None:
        return []
    horizon = today + datetime.timedelta(days=settings.INVITE_DAYS_BEFORE_EXIT)
    invited = ScheduledInvite.objects.filter(question_set_slug=question_set.slug).values(
        "employee_id"
    )
    busy = Interview.objects.filter(status__in=Interview.OPEN_STATUSES).values("employee_id")
    return list(
        Employee.objects.filter(exit_date__gte=today, exit_date__lte=horizon)
        .exclude(pk__in=invited)
        .exclude(pk__in=busy)
        .order_by("exit_date", "employee_id")
    )


def _claim(employee: Employee, question_set_slug: str, interview: Interview) -> None:
    ScheduledInvite.objects.create(
        employee=employee, question_set_slug=question_set_slug, interview=interview
    )


def interviews_invite_due(*, today: datetime.date | None = None) -> list[Interview]:
    """Create and e-mail one interview per due leaver, exactly once per leaver and set.

    The ScheduledInvite row is the claim: a second run, or a second worker, finds it and
    skips the leaver. The interview is due, and expires, INTERVIEW_DUE_DAYS_AFTER_EXIT days
    after the exit date.
    """
    today = today or timezone.localdate()
    created = []
    for employee in leavers_due(today=today):
        question_set, exit_date = question_set_default_get(), employee.exit_date
        if question_set is None or exit_date is None:
            continue  # both were there when leavers_due chose this leaver
        due = exit_date + datetime.timedelta(days=settings.INTERVIEW_DUE_DAYS_AFTER_EXIT)
        expires_at = datetime.datetime.combine(
            due, datetime.time(23, 59), timezone.get_current_timezone()
        )
        try:
            interview = interview_create_for_employee(
                employee_id=employee.employee_id,
                question_set=question_set,
                expires_at=expires_at,
                send_invite=True,
                also=partial(_claim, employee, question_set.slug),
            ).interview
        except IntegrityError:
            continue  # another run claimed this leaver first
        created.append(interview)
    return created
