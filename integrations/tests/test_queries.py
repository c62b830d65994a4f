"""Exact query counts of the integration admin lists, each at two sizes: flat, not growing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from integrations.models import ScheduledInvite, Webhook
from interviews.tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def _webhooks(size: int) -> None:
    for number in range(size):
        Webhook.objects.create(
            url=f"https://hooks.example.com/{number}", secret="s", events=["interview.completed"]
        )


def _scheduled_invites(size: int) -> None:
    for interview in InterviewFactory.create_batch(size):
        ScheduledInvite.objects.create(
            employee=interview.employee, question_set_slug="standard-exit", interview=interview
        )


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize(
    ("changelist", "make", "queries"),
    [
        ("admin:integrations_webhook_changelist", _webhooks, 5),
        ("admin:integrations_scheduledinvite_changelist", _scheduled_invites, 5),
    ],
)
def test_admin_changelist_queries(
    admin_client: Client,
    django_assert_num_queries,
    changelist: str,
    make: Callable[[int], None],
    queries: int,
    size: int,
):
    # given
    make(size)
    # when / then: the same count at both sizes, whatever each row names
    with django_assert_num_queries(queries):
        assert admin_client.get(reverse(changelist)).status_code == 200
