"""Cross-app actors for the test suite."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client


@pytest.fixture
def staff_user(db: None) -> User:
    return User.objects.create_user(
        username="hr", password="pw", is_staff=True, is_superuser=True, email="hr@example.com"
    )


@pytest.fixture
def admin_client(client: Client, staff_user: User) -> Client:
    client.force_login(staff_user)
    return client


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
