"""Which interviews this browser may open, held in a signed cookie rather than a session.

The invite link binds its interview to the browser; the last answer marks it completed there,
and only there may its answers be re-read (for INTERVIEW_REVIEW_HOURS). A cookie signed with
SECRET_KEY carries both lists, so an employee's page reads no session row and writes none: two
database round trips less per answer. An altered, forged or expired cookie binds nothing. The
cookie is HttpOnly, SameSite=Lax (the invite link arrives by e-mail), Secure where the session
cookie is, and lasts as long as a session would (SESSION_COOKIE_AGE).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

COOKIE = "exitbot_interviews"
SALT = "exitbot.interviews.binding"
# The most interviews one browser holds at once; the oldest goes first.
LIMIT = 5


@dataclass
class Binding:
    """Public ids of the interviews bound to this browser, and of those it completed."""

    bound: list[str] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)
    changed: bool = False

    def holds(self, public_id: object) -> bool:
        return str(public_id) in self.bound

    def completed_here(self, public_id: object) -> bool:
        return str(public_id) in self.completed

    def bind(self, public_id: object) -> None:
        self.bound = _last(self.bound, str(public_id))
        self.changed = True

    def complete(self, public_id: object) -> None:
        self.completed = _last(self.completed, str(public_id))
        self.changed = True


def _last(ids: list[str], public_id: str) -> list[str]:
    return [*[i for i in ids if i != public_id][-(LIMIT - 1) :], public_id]


def binding_get(request: HttpRequest) -> Binding:
    """The browser's binding; empty when the cookie is missing, altered or too old."""
    signed = request.get_signed_cookie(
        COOKIE, default="", salt=SALT, max_age=settings.SESSION_COOKIE_AGE
    )
    try:
        data = json.loads(signed) if signed else {}
    except ValueError:
        return Binding()
    if not isinstance(data, dict):
        return Binding()
    bound, completed = data.get("bound", []), data.get("completed", [])
    if not all(
        isinstance(ids, list) and all(isinstance(i, str) for i in ids) for ids in (bound, completed)
    ):
        return Binding()
    return Binding(bound=bound[-LIMIT:], completed=completed[-LIMIT:])


def binding_cookie_value(binding: Binding) -> str:
    """The cookie's value before signing."""
    return json.dumps({"bound": binding.bound, "completed": binding.completed})


def binding_save(binding: Binding, response: HttpResponseBase) -> None:
    """Write the binding to the browser when the request changed it."""
    if not binding.changed:
        return
    response.set_signed_cookie(
        COOKIE,
        binding_cookie_value(binding),
        salt=SALT,
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
