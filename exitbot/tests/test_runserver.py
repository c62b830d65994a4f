"""`.venv/bin/python manage.py runserver` works without DJANGO_DEBUG: pages, static files, login."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def dev_server(tmp_path: Path) -> Iterator[str]:
    """runserver as a developer starts it: no DJANGO_* variables at all, an empty SQLite file."""
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "exitbot.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, manage, "migrate", "--no-input", "-v0"], env=env, check=True, timeout=180
    )
    server = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=10)


def test_runserver_without_debug_serves_pages_static_files_and_a_usable_login(dev_server):
    # when
    login_status, login_headers, login_body = _get(dev_server + "/admin/login/")
    css_status, _, css = _get(dev_server + "/static/css/exitbot.css")
    admin_css_status, _, _ = _get(dev_server + "/static/admin/css/base.css")
    icon_status, _, icon = _get(dev_server + "/favicon.ico")
    # then: no 500, the styles and the icon load, and the cookies work over plain HTTP
    assert login_status == 200
    assert b'rel="icon"' in login_body
    assert (css_status, admin_css_status, icon_status) == (200, 200, 200)
    assert css and icon.startswith(b"<svg")
    assert "secure" not in login_headers.get("Set-Cookie", "").lower()
