"""The staging env file: which variables, built from what, and which of them are secrets."""

from __future__ import annotations

import datetime
import os
import secrets
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from django.conf import settings

REQUIRED = ("DB_USER", "DB_PASSWORD", "DB_HOST", "SITE_URL")
SECRETS = {
    "DJANGO_SECRET_KEY",
    "DATABASE_URL",
    "LLM_API_KEY",
    "METRICS_TOKEN",
    "CELERY_BROKER_URL",  # a Redis URL may carry a password
    "CACHE_URL",
}
# Flags live in the database with their history; the file records their initial values and
# `make_env staging --apply-flags` writes them.
INITIAL_FLAGS = {"predefined_questions": 100, "llm_fallback_allowed": 100}


class EnvFileError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def staging_values(*, today: datetime.date, question_set_slug: str) -> dict[str, str]:
    """Every variable of a staging deployment; EnvFileError names any required one missing."""
    source = settings.MAKE_ENV_SOURCE
    missing = [name for name in REQUIRED if not source[name]]
    if missing:
        raise EnvFileError(
            f"Set {', '.join(missing)} in the environment first (see docs/operations.md)."
        )
    site = source["SITE_URL"].rstrip("/")
    host = urlsplit(site).hostname or ""
    port = f":{source['DB_PORT']}" if source["DB_PORT"] else ""
    database = (
        f"postgres://{quote(source['DB_USER'], safe='')}:{quote(source['DB_PASSWORD'], safe='')}"
        f"@{source['DB_HOST']}{port}/{source['DB_NAME'] or 'exitbot_staging'}"
    )
    values = {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": host,
        "DJANGO_CSRF_TRUSTED_ORIGINS": site,
        "SITE_URL": site,
        "DATABASE_URL": database,
        "DEPLOYMENT_ID": f"predefined-questions-{today:%Y%m%d}",
        "LOG_LEVEL": "DEBUG",
        "METRICS_TOKEN": secrets.token_urlsafe(32),
        "QUESTION_SET_SLUG": question_set_slug,
        **{f"FLAG_{name.upper()}": str(pct) for name, pct in INITIAL_FLAGS.items()},
    }
    if source["REDIS_URL"]:
        values["CELERY_BROKER_URL"] = source["REDIS_URL"]
        # The cache in the next database number, apart from the broker's queues.
        broker = urlsplit(source["REDIS_URL"])
        cache = broker._replace(scheme="rediscache", path="/1" if broker.path != "/1" else "/2")
        values["CACHE_URL"] = urlunsplit(cache)
    if settings.LLM_BASE_URL and settings.LLM_MODEL:
        values.update(
            LLM_BASE_URL=settings.LLM_BASE_URL,
            LLM_MODEL=settings.LLM_MODEL,
            LLM_API_KEY=settings.LLM_API_KEY,
            LLM_TIMEOUT=str(settings.LLM_TIMEOUT),
            LLM_PAUSE_AFTER_FAILURES=str(settings.LLM_PAUSE_AFTER_FAILURES),
            LLM_PAUSE_SECONDS=str(settings.LLM_PAUSE_SECONDS),
        )
    return values


def env_file_write(*, path: Path, values: dict[str, str], force: bool) -> None:
    """Write KEY=value lines readable by the owner only; refuse to overwrite unless forced."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        descriptor = os.open(path, flags, 0o600)
    except FileExistsError as exc:
        raise EnvFileError(f"{path} exists; use --force to overwrite it.") from exc
    os.chmod(path, 0o600)  # an existing file overwritten with --force keeps its old mode
    with os.fdopen(descriptor, "w") as file:
        file.write("# exitbot staging environment, written by manage.py make_env staging\n")
        file.writelines(f"{key}={value}\n" for key, value in values.items())


def masked(key: str, value: str) -> str:
    return "********" if key in SECRETS and value else value
