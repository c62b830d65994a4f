"""The production profile: one switch, a clean deploy check, no start without a real key."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "exitbot.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _production(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "exitbot.example.com",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://exitbot.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    }


def test_production_profile_passes_the_deploy_check_at_warning_level(tmp_path):
    # when
    result = _manage(_production(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    # then
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_profile_turns_on_every_protection(tmp_path):
    # given
    script = (
        "from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.STORAGES['staticfiles']['BACKEND'].rsplit('.', 1)[-1], s.LOG_FORMAT)"
    )
    # when
    result = _manage(_production(tmp_path, DJANGO_DEBUG="true"), "shell", "-c", script)
    # then
    assert result.stdout.strip().splitlines()[-1].split() == [
        "False",
        "True",
        "True",
        "True",
        "31536000",
        "ManifestStaticStorage",
        "json",
    ]


def test_development_keeps_plain_static_files_and_console_logs(tmp_path):
    # given
    script = (
        "from django.conf import settings as s; "
        "print(s.STORAGES['staticfiles']['BACKEND'].rsplit('.', 1)[-1], s.LOG_FORMAT)"
    )
    # when
    result = _manage(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}, "shell", "-c", script
    )
    # then
    assert result.stdout.strip().splitlines()[-1].split() == ["StaticFilesStorage", "console"]


def test_production_profile_refuses_to_start_without_a_secret_key(tmp_path):
    # given
    env = _production(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    # when
    result = _manage(env, "check")
    # then
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_profile_refuses_a_short_or_default_secret_key(tmp_path):
    # when
    result = _manage(_production(tmp_path, DJANGO_SECRET_KEY="change-me"), "check")
    # then
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
