"""The webhook address check unwraps IPv4 inside IPv6 and pins the checked address (hole 9)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from exitbot.lib.webhooks import PinnedTransport, UnsafeUrlError, url_check


@pytest.mark.parametrize(
    "url",
    [
        "http://[64:ff9b::7f00:1]/hook",  # NAT64 of 127.0.0.1
        "http://[64:ff9b::a9fe:a9fe]/hook",  # NAT64 of 169.254.169.254
        "http://[64:ff9b:1::a00:5]/hook",  # local-use NAT64 of 10.0.0.5
        "http://[2002:a00:5::1]/hook",  # 6to4 of 10.0.0.5
        "http://[2002:7f00:1::1]/hook",  # 6to4 of 127.0.0.1
        "http://[::ffff:127.0.0.1]/hook",  # IPv4-mapped
        "http://[::1]/hook",
        "http://0.0.0.0/hook",
        "http://[fd00::1]/hook",
    ],
)
def test_url_check_refuses_ipv4_hidden_in_ipv6(url):
    # when / then
    with pytest.raises(UnsafeUrlError):
        url_check(url, allow_private=False)


def test_url_check_lets_a_nat64_address_of_a_public_host_through():
    # when
    addresses = url_check("http://[64:ff9b::5db8:d822]/hook", allow_private=False)
    # then: 93.184.216.34 is public
    assert addresses == ["64:ff9b::5db8:d822"]


@pytest.fixture
def loopback() -> Iterator[tuple[int, list[str]]]:
    hosts: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            hosts.append(self.headers["Host"])
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_port, hosts
    server.shutdown()


def test_pinned_transport_connects_to_the_checked_address_not_to_a_new_lookup(loopback):
    # given: a name that no resolver knows, pinned to the address that was checked
    port, hosts = loopback
    url = f"http://hooks.example.invalid:{port}/hook"
    # when
    with httpx.Client(transport=PinnedTransport("127.0.0.1"), timeout=5) as client:
        response = client.post(url, content=b"{}")
    # then: the request reached the pinned address and still named the host
    assert response.status_code == 204
    assert hosts == [f"hooks.example.invalid:{port}"]
