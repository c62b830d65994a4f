"""A database outage answers 503 with Retry-After and says what is safe, instead of a 500.

While PostgreSQL restarts or fails over, every request that needs it raises OperationalError
or InterfaceError. Answers are committed one by one, so everything an employee sent before is
stored: the page says so, and a POST can be sent again as it was (answers are stored exactly
once, so a second send of one that did get through changes nothing). The API gets the same
in JSON.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
MESSAGE = _(
    "We cannot save anything for a moment. Your answers so far are saved; "
    "please try again in a few seconds."
)
# Fields that are sent again as they were typed; the CSRF token is issued afresh.
NOT_RESENT = {"csrfmiddlewaretoken"}


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection in a view into a 503 the person can act on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        return unavailable_response(request, exception)


def server_error_view(request: HttpRequest) -> HttpResponse:
    """handler500: a database error raised outside a view (saving the session, say) is a 503
    too; anything else is the plain 500 page."""
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        return unavailable_response(request, exception)
    return HttpResponse(render_to_string("500.html"), status=500)


def unavailable_response(request: HttpRequest, exception: Exception) -> HttpResponse:
    """503 with Retry-After: JSON under /api/, otherwise the page that can send a POST again."""
    # The class name only: the message can quote SQL, and with it an answer.
    logger.warning("Database unavailable: %s", exception.__class__.__name__)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": MESSAGE, "retry_after": RETRY_AFTER_SECONDS}, status=503
        )
    else:
        resend = (
            [(k, v) for k, v in request.POST.lists() if k not in NOT_RESENT]
            if request.method == "POST"
            else []
        )
        context = {"message": MESSAGE, "resend": resend, "retry_after": RETRY_AFTER_SECONDS}
        response = HttpResponse(render_to_string("503.html", context, request), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
