"""Invite tokens: 256 random bits in the link, only a SHA-256 hash in the database."""

from __future__ import annotations

import hashlib
import secrets


def token_new() -> str:
    """Return a fresh URL-safe token carrying 256 bits of randomness."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Return the hex SHA-256 of a token, the only form that is stored."""
    return hashlib.sha256(token.encode()).hexdigest()
