"""Exact query counts of the audit and account admin lists, each at two sizes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _entries(size: int) -> None:
    for number in range(size):
        AuditEntry.objects.create(
            action=AuditEntry.Action.REPORT_READ, target=f"interview #{number}", interview_id=number
        )


def _groups(size: int) -> None:
    for number in range(size):
        Group.objects.create(name=f"Team {number}")


def _users(size: int) -> None:
    for number in range(size):
        User.objects.create_user(username=f"person-{number}")


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize(
    ("changelist", "make", "queries"),
    [
        ("admin:audit_auditentry_changelist", _entries, 8),
        ("admin:auth_group_changelist", _groups, 5),
        ("admin:auth_user_changelist", _users, 6),
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
    # when / then
    with django_assert_num_queries(queries):
        assert admin_client.get(reverse(changelist)).status_code == 200
