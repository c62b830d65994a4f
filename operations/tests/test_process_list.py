"""docker-compose.yml's web, worker and beat commands start on the test PostgreSQL and Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from operations.tests.gunicorn_server import Gunicorn, live_database_url

COMPOSE = Path(settings.BASE_DIR) / "deploy" / "docker-compose.yml"
READY = {"worker": "ready.", "beat": "beat: Starting"}


def _command(service: str) -> list[str]:
    command = yaml.safe_load(COMPOSE.read_text())["services"][service]["command"]
    # The image's entry points, run from this virtualenv.
    return [str(Path(sys.executable).with_name(command[0])), *command[1:]]


@pytest.mark.django_db(transaction=True)
def test_compose_processes_start_and_the_web_is_ready(redis_url, tmp_path, settings):
    # given: the production cache's table, which `migrate` makes where the cache is a table
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "exitbot_cache",
        }
    }
    call_command("createcachetable", verbosity=0)
    broker = redis_url
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "exitbot.settings",
        "DATABASE_URL": live_database_url(),
        "CELERY_BROKER_URL": broker,
    }
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    logs = {name: tmp_path / f"{name}.log" for name in READY}
    processes = {
        name: subprocess.Popen(  # noqa: S603 - the compose file's own commands
            _command(name)
            + (["--schedule", str(tmp_path / "beat-schedule")] if name == "beat" else []),
            cwd=settings.BASE_DIR,
            env=env,
            stdout=logs[name].open("wb"),
            stderr=subprocess.STDOUT,
        )
        for name in READY
    }
    web = Gunicorn(tmp_path / "web", workers=1, CELERY_BROKER_URL=broker)
    try:
        # when
        web.start()
        with urllib.request.urlopen(web.url + "/health/ready", timeout=10) as response:  # noqa: S310
            ready = response.status
        deadline = time.monotonic() + 60
        started = set()
        while time.monotonic() < deadline and started != set(READY):
            started = {n for n, marker in READY.items() if marker in logs[n].read_text()}
            time.sleep(0.3)
        # then
        assert ready == 200
        assert started == set(READY), {n: logs[n].read_text()[-2000:] for n in READY}
    finally:
        web.stop()
        for process in processes.values():
            process.terminate()
            process.wait(timeout=30)
