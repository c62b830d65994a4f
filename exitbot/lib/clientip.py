"""The client's address behind a known number of proxies (DRF's NUM_PROXIES rule)."""

from __future__ import annotations

from collections.abc import Mapping


def client_ip(meta: Mapping[str, str], num_proxies: int) -> str:
    """Return the address the nearest untrusted hop connected from.

    With ``num_proxies`` proxies each appending to ``X-Forwarded-For``, the client is the
    entry ``num_proxies`` from the right; anything left of it is client-supplied and
    could be rotated to dodge a rate limit, so it is never used.
    """
    remote = meta.get("REMOTE_ADDR", "")
    if num_proxies <= 0:
        return remote
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < num_proxies:
        return remote
    return forwarded[-num_proxies]
