"""Writing the audit log: one INSERT in the request that did the read or the change."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.http import HttpRequest

from audit.models import AuditEntry
from exitbot.lib.clientip import client_ip


def _address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    raw = client_ip(request.META, settings.NUM_PROXIES)
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def audit_record(
    *,
    action: str,
    request: HttpRequest | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
    target: str = "",
    interview_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry; the user comes from the request unless given (None: a command)."""
    if user is None and request is not None:
        user = request.user
    account = user if isinstance(user, User) and user.is_authenticated else None
    return AuditEntry.objects.create(
        action=action,
        user=account,
        username=account.get_username() if account is not None else "",
        target=target[:200],
        interview_id=interview_id,
        address=_address(request),
        detail=detail or {},
    )
