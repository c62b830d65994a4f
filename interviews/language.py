"""An interview speaks its question set's language: its pages, its messages and its e-mails."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from django.http.response import HttpResponseBase
from django.utils import translation

from interviews.models import Interview

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)


def interview_language(interview: Interview) -> str:
    """The language code the interview is held in."""
    return interview.question_set.language


def interview_language_activate(interview: Interview) -> None:
    """Switch the request to the interview's language; only inside a language_scoped view."""
    translation.activate(interview_language(interview))


def language_scoped(view: Callable[P, R]) -> Callable[P, R]:
    """Give back the request's own language after the view, whatever language the view chose.

    A thread serves one request after another, so a language activated for an interview must not
    stay active for the next request. The response says which language it was written in.
    """

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(translation.get_language()):
            response = view(*args, **kwargs)
            response.headers.setdefault("Content-Language", translation.get_language())
        return response

    return wrapped
