"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def organisation(request: HttpRequest) -> dict[str, str | int]:
    """Name the organisation, whom employees can contact, and the anonymity threshold."""
    return {
        "organisation_name": settings.ORGANISATION_NAME,
        "hr_contact_email": settings.HR_CONTACT_EMAIL,
        "anonymity_min_group": settings.ANONYMITY_MIN_GROUP,
    }
