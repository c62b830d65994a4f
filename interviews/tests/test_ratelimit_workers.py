"""The invite-guess limit holds across gunicorn worker processes (issue 11, hole 4)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from django.core.management import call_command
from django.db import connection

from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory

LIMIT = 4


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _test_database_url() -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return parts._replace(path="/" + connection.settings_dict["NAME"]).geturl()


@pytest.fixture
def gunicorn(committed_default_set: None, settings) -> Iterator[str]:
    """Two sync workers on the production settings; each serves one request, then is replaced.

    A counter kept inside a worker process could therefore never reach the limit.
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "exitbot_cache",
        }
    }
    call_command("createcachetable", verbosity=0)
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "exitbot.settings",
        "DATABASE_URL": _test_database_url(),
        # DEBUG only so that pages render without a collectstatic manifest.
        "DJANGO_DEBUG": "true",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "INVITE_TOKEN_GUESS_LIMIT": str(LIMIT),
        "NUM_PROXIES": "0",
    }
    env.pop("CACHE_URL", None)
    command = [sys.executable, "-m", "gunicorn", "exitbot.wsgi", "--workers", "2"]
    command += ["--max-requests", "1", "--preload", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(  # noqa: S603 - a fixed command line
        command, env=env, cwd=Path(settings.BASE_DIR), stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/admin/login/", timeout=2)
            break
        except httpx.TransportError:
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)


def _get(url: str, **headers: str) -> int:
    # A fresh connection each time, so the workers take turns.
    return httpx.get(url, headers=headers, timeout=10, follow_redirects=False).status_code


def test_guess_limit_is_shared_by_the_workers_and_spares_real_links(gunicorn):
    # given
    created = interview_create(employee=EmployeeFactory.create())
    link = gunicorn + urlsplit(created.invite_url).path
    misses = [_get(f"{gunicorn}/i/guess-{n}/") for n in range(LIMIT)]
    # when
    over = _get(f"{gunicorn}/i/guess-over/")
    forged = _get(f"{gunicorn}/i/guess-forged/", **{"X-Forwarded-For": "198.51.100.99"})
    real = _get(link)
    # then
    assert misses == [404] * LIMIT
    assert over == 429
    assert forged == 429
    assert real == 302
