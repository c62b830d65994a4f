"""Sticky percentage buckets: the same name and key always land in the same bucket."""

from __future__ import annotations

import hashlib

BUCKETS = 100


def bucket_of(name: str, key: str) -> int:
    """A bucket from 0 to 99 picked by a hash of ``name`` and ``key``.

    Hashing the flag name in means two flags split employees independently; a percentage p
    covers buckets 0..p-1, so raising it only ever adds buckets.
    """
    digest = hashlib.sha256(f"{name}\x00{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % BUCKETS
