"""Counts every 4xx and 5xx of the API by route name, never by raw path."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from operations.metrics import API_ERRORS


class ApiErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code >= 400 and request.path.startswith("/api/"):
            match = request.resolver_match
            API_ERRORS.labels(
                endpoint=match.view_name if match else "unresolved",
                status_code=str(response.status_code),
            ).inc()
        return response
