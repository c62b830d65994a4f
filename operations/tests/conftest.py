"""Actors for the operations specs: an HR-system API client and a /metrics scraper."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

HRIS_PERMISSIONS = [
    "interviews.view_interview",
    "interviews.add_interview",
    "interviews.change_interview",
    "interviews.add_employee",
    "interviews.change_employee",
]

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def hris_token(username: str = "hris") -> str:
    """An API token with the permissions an HR system (and validate_deployment) needs."""
    user = User.objects.create_user(username=username)
    for perm in HRIS_PERMISSIONS:
        app, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    return Token.objects.create(user=user).key


@pytest.fixture
def hris(db: None) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {hris_token()}")
    return client


def parse(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


@pytest.fixture
def scrape(db: None) -> Callable[[], Samples]:
    def run() -> Samples:
        response = Client().get("/metrics")
        assert response.status_code == 200
        return parse(response.content.decode())

    return run


def value(samples: Samples, name: str, **labels: Any) -> float:
    return samples.get((name, frozenset((k, str(v)) for k, v in labels.items())), 0.0)
