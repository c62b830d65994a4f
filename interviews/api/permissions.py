"""API permissions follow Django model permissions, reads included."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request


class ModelPermission(BasePermission):
    """The user needs every permission the view names for the request's method.

    A view sets ``permissions = {"GET": [...], "POST": [...]}``; a method it does not name
    is refused. Unlike DRF's DjangoModelPermissions, GET needs the view permission.
    """

    message = "Your account lacks the permission for this operation."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        needed = getattr(view, "permissions", {}).get(request.method)
        if request.method in ("HEAD", "OPTIONS"):
            needed = getattr(view, "permissions", {}).get("GET", [])
        if needed is None:
            return False
        return bool(request.user.has_perms(needed))


# Every permission an /api/v1/ operation asks for; holding any one of them opens the API docs.
API_PERMISSIONS = (
    "interviews.view_interview",
    "interviews.add_interview",
    "interviews.change_interview",
    "interviews.view_questionset",
    "interviews.add_employee",
    "interviews.change_employee",
    "analytics.view_questionstats",
)


class HasSomeApiPermission(BasePermission):
    """The API schema and docs are for accounts that can call at least one operation."""

    message = "The API documentation is for accounts with API access."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return any(user.has_perm(perm) for perm in API_PERMISSIONS)
