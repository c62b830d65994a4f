"""Cross-app actors for the test suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from pytest_django import Settings

from exitbot.tests.chat_server import ChatServer


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
