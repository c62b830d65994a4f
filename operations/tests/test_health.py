"""/health/live and /health/ready: JSON, each check's status and time, 200 or 503."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

READY_PROBE = """
import json
from django.test import Client
response = Client().get("/health/ready")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "exitbot.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


def _ready_in(env: dict[str, str]) -> dict:
    return json.loads(_manage(env, "shell", "-c", READY_PROBE).strip().splitlines()[-1])


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_health_live_answers_without_touching_anything(django_assert_num_queries, db):
    # when
    with django_assert_num_queries(0):
        response = Client().get("/health/live")
    # then
    assert (response.status_code, response.json()["status"]) == (200, "ok")


@pytest.mark.django_db
def test_health_ready_reports_every_check_with_its_time():
    # when
    response = Client().get("/health/ready")
    # then
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert set(checks) == {"database", "cache", "broker", "disk"}
    assert all(c["status"] == "ok" and c["ms"] >= 0 for c in checks.values())


@pytest.mark.django_db
def test_health_ready_is_503_when_the_disk_is_nearly_full(settings):
    # given
    settings.HEALTH_MIN_FREE_MB = 10**12
    # when
    response = Client().get("/health/ready")
    # then
    assert response.status_code == 503
    assert "HEALTH_MIN_FREE_MB" in response.json()["checks"]["disk"]["error"]


def test_health_ready_is_503_naming_the_database_and_the_broker_when_unreachable():
    # given
    env = {
        "DATABASE_URL": f"postgres://exitbot:x@127.0.0.1:{_closed_port()}/exitbot",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{_closed_port()}/0",
    }
    # when
    result = _ready_in(env)
    # then
    checks = result["body"]["checks"]
    assert result["status"] == 503
    assert "database unreachable" in checks["database"]["error"]
    assert "broker unreachable" in checks["broker"]["error"]
    assert checks["cache"]["status"] == "ok"


@pytest.mark.django_db
def test_health_ready_is_503_naming_an_unapplied_migration():
    # given
    # The app's latest migration: an earlier one missing under an applied later one is not
    # in the plan Django would run.
    (_, latest), *_ = MigrationLoader(connection).graph.leaf_nodes("rollout")
    MigrationRecorder(connection).record_unapplied("rollout", latest)
    # when
    response = Client().get("/health/ready")
    # then
    assert response.status_code == 503
    assert f"rollout.{latest}" in response.json()["checks"]["database"]["error"]
