"""gunicorn started with the shipped deploy/gunicorn.conf.py against the test database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection


def live_database_url() -> str:
    """DATABASE_URL of the running test database (the pytest-django one, not the original)."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Gunicorn:
    def __init__(self, logs: Path, workers: int = 2, **env: str) -> None:
        self.logs = logs
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "exitbot.settings",
            "DATABASE_URL": live_database_url(),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "PROMETHEUS_MULTIPROC_DIR": str(logs / "metrics"),
            "GUNICORN_ACCESS_LOG": str(logs / "access.log"),
            "GUNICORN_ERROR_LOG": str(logs / "error.log"),
            **env,
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Gunicorn:
        self.logs.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(  # noqa: S603 - gunicorn with the shipped config
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=(self.logs / "stdout.log").open("wb"),
            stderr=(self.logs / "stderr.log").open("wb"),
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/health/live", timeout=5)  # noqa: S310
                return self
            except OSError:  # refused while binding, or timed out while workers boot
                time.sleep(0.2)
        self.stop()
        raise RuntimeError((self.logs / "stderr.log").read_text())

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    def log_text(self) -> str:
        """Every log file gunicorn and the app wrote, concatenated."""
        return "\n".join(
            path.read_text(errors="replace") for path in sorted(self.logs.glob("*.log"))
        )
