"""Accounts for HR systems that call /api/v1/: a user with exactly the API permissions, a token."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Permission, User
from django.db import transaction
from rest_framework.authtoken.models import Token

from interviews.api.permissions import API_PERMISSIONS


class ApiClientError(Exception):
    """The API client cannot be set up as asked; the message says why."""


@transaction.atomic
def api_client_create(
    *, username: str, permissions: Iterable[str] = API_PERMISSIONS
) -> tuple[User, str]:
    """Create (or reset) a non-staff user holding exactly these API permissions; return its token.

    Running it again for the same name keeps the token and sets the permissions anew.
    """
    wanted = sorted(set(permissions))
    unknown = [perm for perm in wanted if perm not in API_PERMISSIONS]
    if unknown:
        raise ApiClientError(
            f"Not an API permission: {', '.join(unknown)}. "
            f"Choose from {', '.join(API_PERMISSIONS)}."
        )
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    elif user.is_staff or user.is_superuser:
        raise ApiClientError(f"{username} is a staff account; an API client needs its own user.")
    grants = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in (perm.split(".", 1) for perm in wanted)
    ]
    user.user_permissions.set(grants)
    token, _ = Token.objects.get_or_create(user=user)
    return user, token.key
