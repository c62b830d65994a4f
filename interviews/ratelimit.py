"""An atomic per-address counter of failed invite-token lookups, kept in the cache."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from exitbot.lib.clientip import client_ip


def client_address(request: HttpRequest) -> str:
    """The client's address behind NUM_PROXIES proxies (also the admin lockout's)."""
    return client_ip(request.META, settings.NUM_PROXIES)


def _key(request: HttpRequest) -> str:
    return "invite-misses:" + client_address(request)


def token_guessing_blocked(request: HttpRequest) -> bool:
    """True once an address has missed INVITE_TOKEN_GUESS_LIMIT times in the window."""
    return int(cache.get(_key(request), 0)) >= settings.INVITE_TOKEN_GUESS_LIMIT


def token_miss_record(request: HttpRequest) -> None:
    """Count one failed lookup; add-then-incr is atomic in Redis and in locmem."""
    key = _key(request)
    cache.add(key, 0, timeout=settings.INVITE_TOKEN_GUESS_WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        # The key expired between add and incr: start a fresh window.
        cache.set(key, 1, timeout=settings.INVITE_TOKEN_GUESS_WINDOW)
