"""make_env staging: the file's keys, mode 0600, masked output, no overwrite, missing input."""

from __future__ import annotations

import stat
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rollout.models import Flag, FlagChange

pytestmark = pytest.mark.django_db

SOURCE = {
    "DB_USER": "exitbot",
    "DB_PASSWORD": "p@ss/word-very-secret",
    "DB_HOST": "db.internal",
    "DB_PORT": "",
    "DB_NAME": "",
    "SITE_URL": "https://staging.exitbot.example.com/",
    "REDIS_URL": "redis://redis.internal:6379/0",
}


@pytest.fixture
def source(settings):
    settings.MAKE_ENV_SOURCE = dict(SOURCE)
    return settings.MAKE_ENV_SOURCE


def _run(*args: str) -> str:
    out = StringIO()
    call_command("make_env", "staging", *args, stdout=out)
    return out.getvalue()


def _read(path) -> dict[str, str]:
    lines = path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_make_env_writes_a_private_file_with_every_staging_key(source, tmp_path):
    # when
    _run("--output", str(tmp_path / "staging.env"))
    # then
    path = tmp_path / "staging.env"
    values = _read(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert values["DATABASE_URL"] == (
        "postgres://exitbot:p%40ss%2Fword-very-secret@db.internal/exitbot_staging"
    )
    assert values["SITE_URL"] == "https://staging.exitbot.example.com"
    assert values["DJANGO_ALLOWED_HOSTS"] == "staging.exitbot.example.com"
    assert values["DEPLOYMENT_ID"].startswith("predefined-questions-20")
    assert values["LOG_LEVEL"] == "DEBUG"
    assert values["QUESTION_SET_SLUG"]
    assert values["FLAG_PREDEFINED_QUESTIONS"] == "100"
    assert values["FLAG_LLM_FALLBACK_ALLOWED"] == "100"
    assert values["CELERY_BROKER_URL"] == "redis://redis.internal:6379/0"
    assert values["CACHE_URL"] == "rediscache://redis.internal:6379/1"
    assert len(values["DJANGO_SECRET_KEY"]) >= 50


def test_make_env_prints_keys_but_never_a_secret(source, tmp_path):
    # when
    out = _run("--output", str(tmp_path / "staging.env"))
    # then
    values = _read(tmp_path / "staging.env")
    assert "DATABASE_URL=********" in out
    for key in ("DJANGO_SECRET_KEY", "DATABASE_URL", "METRICS_TOKEN"):
        assert values[key] not in out
    assert "very-secret" not in out


def test_make_env_includes_the_llm_settings_when_present(source, tmp_path, settings):
    # given
    settings.LLM_BASE_URL, settings.LLM_MODEL, settings.LLM_API_KEY = "http://llm", "m", "k-123"
    # when
    out = _run("--output", str(tmp_path / "staging.env"))
    # then
    assert _read(tmp_path / "staging.env")["LLM_API_KEY"] == "k-123"
    assert "k-123" not in out


def test_make_env_refuses_to_overwrite_without_force(source, tmp_path):
    # given
    path = tmp_path / "staging.env"
    path.write_text("KEEP=1\n")
    # when / then
    with pytest.raises(CommandError, match="use --force"):
        _run("--output", str(path))
    assert path.read_text() == "KEEP=1\n"
    _run("--output", str(path), "--force")
    assert "DATABASE_URL" in _read(path)


def test_make_env_names_a_missing_required_variable(source, tmp_path):
    # given
    source["DB_PASSWORD"] = ""
    # when / then
    with pytest.raises(CommandError, match="Set DB_PASSWORD"):
        _run("--output", str(tmp_path / "staging.env"))
    assert not (tmp_path / "staging.env").exists()


def test_make_env_apply_flags_writes_the_initial_values_with_history(source, tmp_path):
    # when
    _run("--output", str(tmp_path / "staging.env"), "--apply-flags")
    # then
    flag = Flag.objects.get(name="predefined_questions")
    assert (flag.enabled, flag.percentage) == (True, 100)
    assert FlagChange.objects.filter(flag=flag, source="manage.py make_env").exists()
