"""Webhook signing and the address check that keeps deliveries off internal networks."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import socket
from urllib.parse import urlsplit

SIGNATURE_HEADER = "X-Exitbot-Signature"


def signature(secret: str, body: bytes) -> str:
    """``sha256=<hex>`` of the HMAC-SHA256 of the body under the secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_valid(secret: str, body: bytes, header: str) -> bool:
    """Constant-time check of a received signature header, for receivers."""
    return hmac.compare_digest(signature(secret, body), header)


class UnsafeUrlError(ValueError):
    """A webhook URL that is not http(s) or points at a private address."""


def url_check(url: str, *, allow_private: bool) -> None:
    """Refuse non-http(s) URLs and, unless allowed, hosts resolving to private addresses.

    Checked after DNS resolution, every address the name resolves to.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeUrlError("Only http and https URLs with a host are allowed.")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise UnsafeUrlError(f"The host {parts.hostname} does not resolve.") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise UnsafeUrlError(f"{parts.hostname} resolves to a non-public address ({address}).")
