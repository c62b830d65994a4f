"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def organisation(request: HttpRequest) -> dict[str, str]:
    """Name the organisation and whom employees can contact, on every page."""
    return {
        "organisation_name": settings.ORGANISATION_NAME,
        "hr_contact_email": settings.HR_CONTACT_EMAIL,
    }
