"""A per-address counter of failed invite-token lookups, kept in the shared cache."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest
from redis import RedisError

from exitbot.lib.clientip import client_ip

logger = logging.getLogger(__name__)


def client_address(request: HttpRequest) -> str:
    """The client's address behind NUM_PROXIES proxies (also the admin lockout's)."""
    return client_ip(request.META, settings.NUM_PROXIES)


def _key(request: HttpRequest) -> str:
    return "invite-misses:" + client_address(request)


def token_miss_record(request: HttpRequest) -> bool:
    """Count one failed lookup; True once the address is past INVITE_TOKEN_GUESS_LIMIT.

    Only misses are limited: a real link always opens, so one guesser behind an office's
    shared address cannot lock everyone else there out of their interviews. add-then-incr
    is atomic in Redis; on the database cache two simultaneous misses may count as one.
    While the shared cache is down the miss is not counted: a guesser is slowed no more than
    before, and the visitor gets the page for an unknown link instead of an error.
    """
    key = _key(request)
    try:
        cache.add(key, 0, timeout=settings.INVITE_TOKEN_GUESS_WINDOW)
        try:
            misses = int(cache.incr(key))
        except ValueError:
            # The key expired between add and incr: start a fresh window.
            cache.set(key, 1, timeout=settings.INVITE_TOKEN_GUESS_WINDOW)
            misses = 1
    except (RedisError, DatabaseError) as exc:
        logger.warning(
            "Invite-guess limiter skipped: the shared cache is down (%s)", exc.__class__.__name__
        )
        return False
    return misses > settings.INVITE_TOKEN_GUESS_LIMIT
