"""API token authentication: DRF's, with the token and its user read by SQL built once.

Every API request starts by reading its token joined with the user. Compiling that ORM query
cost more than a tenth of an interview creation's time under load; the SQL and the rows'
instances come from exitbot.lib.rows instead. The rules and messages are DRF's.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from exitbot.lib.rows import ModelRows

_TOKENS = ModelRows(Token, "t")
_USERS = ModelRows(get_user_model(), "u")


@functools.cache
def _token_sql() -> str:
    return _TOKENS.select(f"JOIN {_USERS.table} ON u.id = t.user_id WHERE t.key = %s", _USERS)


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``, as DRF reads it."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        found = _TOKENS.fetch_related(_token_sql(), [key], _USERS, "user")
        if not found:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token = found[0]
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token
