"""Exact query counts of the rollout admin lists, each at two sizes: flat, not growing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from rollout.models import PhaseChange, RolloutPhase
from rollout.tests.factories import FlagFactory, IncidentFactory

pytestmark = pytest.mark.django_db


def _flags(size: int) -> None:
    FlagFactory.create_batch(size, departments=["Sales", "Support"])


def _incidents(size: int) -> None:
    IncidentFactory.create_batch(size)


def _phase_changes(size: int) -> None:
    first, second = RolloutPhase.objects.order_by("number")[:2]
    for _ in range(size):
        PhaseChange.objects.create(from_phase=first, to_phase=second, source="test")


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize(
    ("changelist", "make", "queries"),
    [
        ("admin:rollout_flag_changelist", _flags, 5),
        ("admin:rollout_incident_changelist", _incidents, 5),
        ("admin:rollout_phasechange_changelist", _phase_changes, 5),
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


def test_admin_rollout_phase_changelist_queries(admin_client: Client, django_assert_num_queries):
    # given: the four phases of the plan, which a migration creates and nobody adds to
    assert RolloutPhase.objects.count() == 4
    # when / then
    with django_assert_num_queries(5):
        assert admin_client.get(reverse("admin:rollout_rolloutphase_changelist")).status_code == 200
