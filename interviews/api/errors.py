"""Every API error is JSON with a ``detail`` a person can act on, and field errors apart."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from interviews.answers import AnswerInvalidError
from interviews.services.interviews import (
    InterviewClosedError,
    InterviewError,
    QuestionNotCurrentError,
)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map the services' errors to 4xx and give validation errors a summary ``detail``."""
    if isinstance(exc, AnswerInvalidError):
        return Response(
            {"detail": exc.message, "errors": {"message": [exc.message]}},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, (InterviewClosedError, QuestionNotCurrentError)):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, InterviewError):
        return Response({"detail": exc.message}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field": exc.messages}
        return Response(
            {"detail": "Some fields are not valid; see errors.", "errors": errors},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field": response.data}
        response.data = {"detail": "Some fields are not valid; see errors.", "errors": errors}
    return response
