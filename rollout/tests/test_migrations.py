from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps

from rollout.models import RolloutPhase

pytestmark = pytest.mark.django_db

replan = importlib.import_module("rollout.migrations.0003_phase_durations_from_plan").replan
DAY = datetime.timedelta(days=1)


def _durations() -> list[int]:
    return [
        (p.planned_end - p.planned_start).days
        for p in RolloutPhase.objects.order_by("number")
        if p.planned_start and p.planned_end
    ]


def test_installed_phases_follow_the_plan_of_1_2_2_and_1_weeks():
    # when
    phases = list(RolloutPhase.objects.order_by("number"))
    # then
    assert _durations() == [7, 14, 14, 7]
    assert all(a.planned_end == b.planned_start for a, b in zip(phases, phases[1:], strict=False))


def test_replan_moves_phases_installed_with_two_weeks_each():
    # given: the dates the first version of the plan installed
    origin = datetime.date(2026, 1, 5)
    for phase in RolloutPhase.objects.all():
        phase.planned_start = origin + 14 * (phase.number - 1) * DAY
        phase.planned_end = phase.planned_start + 14 * DAY if phase.number < 4 else None
        phase.save()
    # when
    replan(apps, None)
    # then
    assert _durations() == [7, 14, 14, 7]
    assert RolloutPhase.objects.get(number=4).planned_start == origin + 35 * DAY


def test_replan_keeps_dates_an_operator_edited():
    # given
    edited = RolloutPhase.objects.get(number=2)
    edited.planned_start, edited.planned_end = datetime.date(2030, 1, 1), datetime.date(2030, 2, 1)
    edited.save()
    # when
    replan(apps, None)
    # then
    edited.refresh_from_db()
    assert edited.planned_end == datetime.date(2030, 2, 1)
