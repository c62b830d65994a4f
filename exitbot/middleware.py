"""Refuse input no page can store: NUL characters and form bytes that are not UTF-8."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse

NUL_MESSAGE = "The request contains a NUL character (\\0), which no field accepts."
ENCODING_MESSAGE = "The request is not valid UTF-8 text; send it encoded as UTF-8."
FORM = "application/x-www-form-urlencoded"


def _problem(raw: bytes) -> str:
    """Why percent-encoded ``raw`` (a query string or a form body) is refused, or ''."""
    decoded = unquote_to_bytes(raw.replace(b"+", b" "))
    if b"\x00" in decoded:
        return NUL_MESSAGE
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError:
        return ENCODING_MESSAGE
    return ""


class HostileInputMiddleware:
    """Answers 400 with a plain reason before a view can fail on such input with a 500.

    PostgreSQL refuses NUL in text columns, and Django decodes bad UTF-8 into U+FFFD, which
    would be stored as if the employee had typed it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        problem = "\x00" in request.path and NUL_MESSAGE
        problem = problem or _problem(request.META.get("QUERY_STRING", "").encode("latin-1"))
        if not problem and request.content_type == FORM:
            problem = _problem(request.body)
        if not problem and request.content_type == "multipart/form-data":
            values = (v for _, vs in request.POST.lists() for v in vs)
            problem = NUL_MESSAGE if any("\x00" in v for v in values) else ""
        if problem:
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": problem}, status=400)
            return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
