"""Invite links and the e-mails that carry them."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from exitbot.lib.tokens import token_hash, token_new
from interviews.language import interview_language
from interviews.models import Interview, InviteToken
from interviews.rows import INVITE_TOKENS
from interviews.selectors import invite_recipient


def invite_url_issue(*, interview: Interview) -> str:
    """Create a new invite token for the interview and return its absolute link."""
    token = token_new()
    INVITE_TOKENS.insert(InviteToken(interview=interview, token_hash=token_hash(token)))
    return settings.SITE_URL + reverse("interviews:invite-open", kwargs={"token": token})


def interview_invite_send(*, interview: Interview, reminder: bool = False) -> bool:
    """E-mail a fresh link to an open interview; False when there is nobody to send to."""
    interview = Interview.objects.select_related("employee", "question_set").get(pk=interview.pk)
    recipient = invite_recipient(employee=interview.employee)
    if not interview.is_open or not recipient:
        return False
    now = timezone.now()
    if reminder:
        # Claim first: two workers or a retried task must not send the reminder twice.
        claimed = Interview.objects.filter(pk=interview.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if claimed != 1:
            return False
    context = {
        "interview": interview,
        "employee": interview.employee,
        # A name from an HR system may hold CR/LF; it must not start new lines in the e-mail.
        "employee_name": " ".join(interview.employee.name.split()),
        "invite_url": invite_url_issue(interview=interview),
        "reminder": reminder,
        "organisation_name": settings.ORGANISATION_NAME,
        "hr_contact_email": settings.HR_CONTACT_EMAIL,
    }
    with translation.override(interview_language(interview)):
        subject = render_to_string("interviews/email/invite_subject.txt", context).strip()
        body = render_to_string("interviews/email/invite_body.txt", context)
    send_mail(subject, body, None, [recipient])
    if not reminder:
        Interview.objects.filter(pk=interview.pk).update(invite_sent_at=now)
    return True
