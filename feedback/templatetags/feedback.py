"""Pieces other pages show: the rating on the interview's completion screen, the admin banner."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from feedback.guides import GUIDES
from feedback.selectors import employee_survey_get, hr_survey_pending_for, response_for_interview
from interviews.models import Interview

register = template.Library()


@register.inclusion_tag("feedback/_interview_rating.html", takes_context=True)
def interview_rating(context: template.Context, interview: Interview) -> dict[str, Any]:
    """The optional rating form, or the rating already given; nothing when there is no survey."""
    survey = employee_survey_get()
    return {
        "interview": interview,
        "survey": survey,
        "response": response_for_interview(interview=interview) if survey else None,
        "typed": {},
        "errors": {},
        "csrf_token": context.get("csrf_token"),
        "max_length": settings.ANSWER_MAX_LENGTH,
    }


@register.inclusion_tag("feedback/_admin_banner.html", takes_context=True)
def feedback_admin_banner(context: template.Context) -> dict[str, Any]:
    """An invitation to the open HR surveys this user has not answered, and the guides."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "pending": hr_survey_pending_for(user=user) if user is not None else [],
        "guides": GUIDES,
        "can_see_results": bool(user and user.has_perm("feedback.view_results")),
    }
