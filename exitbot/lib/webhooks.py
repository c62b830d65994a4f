"""Webhook signing and the address check that keeps deliveries off internal networks."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

import httpx

SIGNATURE_HEADER = "X-Exitbot-Signature"


def signature(secret: str, body: bytes) -> str:
    """``sha256=<hex>`` of the HMAC-SHA256 of the body under the secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_valid(secret: str, body: bytes, header: str) -> bool:
    """Constant-time check of a received signature header, for receivers."""
    return hmac.compare_digest(signature(secret, body), header)


class UnsafeUrlError(ValueError):
    """A webhook URL that is not http(s) or points at a private address."""


# Prefixes whose last 32 bits are an IPv4 address that a translator or tunnel on the way will
# connect to: NAT64 (RFC 6052 well-known, RFC 8215 local use), IPv4-translated (SIIT, RFC 2765)
# and the deprecated IPv4-compatible form (RFC 4291), which old stacks still route.
TRANSLATED_PREFIXES = (
    ipaddress.ip_network("64:ff9b::/96"),
    ipaddress.ip_network("64:ff9b:1::/48"),
    ipaddress.ip_network("::ffff:0:0:0/96"),
    ipaddress.ip_network("::/96"),
)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, Teredo, NAT64, SIIT), if any."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if any(address in prefix for prefix in TRANSLATED_PREFIXES):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_is_public(address: Address) -> bool:
    """Global unicast, and so is any IPv4 address it wraps."""
    inner = embedded_ipv4(address)
    if address.is_multicast or (inner is not None and inner.is_multicast):
        return False
    return address.is_global and (inner is None or inner.is_global)


def url_check(url: str, *, allow_private: bool) -> list[str]:
    """Resolve the URL's host once; refuse non-http(s) URLs and, unless allowed, private hosts.

    Checked after DNS resolution, every address the name resolves to. The caller connects to
    one of the returned addresses, never to the name again, so a second answer from DNS (a
    rebinding attack) cannot send the request elsewhere.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeUrlError("Only http and https URLs with a host are allowed.")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise UnsafeUrlError(f"The host {parts.hostname} does not resolve.") from exc
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not allow_private:
        for address in addresses:
            if not address_is_public(address):
                raise UnsafeUrlError(
                    f"{parts.hostname} resolves to a non-public address ({address})."
                )
    return [str(address) for address in addresses]


class PinnedTransport(httpx.HTTPTransport):
    """Connects to one checked address whatever the URL's host resolves to now.

    The Host header and the TLS server name (and so certificate checking) still use the
    URL's host name.
    """

    def __init__(self, address: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.address = address

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        request.headers["Host"] = request.url.netloc.decode("ascii")
        request.extensions = {**request.extensions, "sni_hostname": host}
        request.url = request.url.copy_with(host=self.address)
        return super().handle_request(request)
