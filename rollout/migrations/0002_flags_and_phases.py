"""The two rollout flags and the four phases of the plan, starting in phase 1."""

from __future__ import annotations

import datetime

from django.db import migrations
from django.utils import timezone

PHASES = [
    (
        1,
        "Internal testing",
        "HR tries the predefined questions with test interviews created in predefined mode; "
        "new interviews for leavers stay in LLM mode when an LLM is configured.",
        0,
    ),
    (
        2,
        "Limited production",
        "A quarter of new interviews use the predefined questions; the rest stay in LLM mode "
        "so the two can be compared.",
        25,
    ),
    (
        3,
        "Expanded",
        "Three quarters of new interviews use the predefined questions.",
        75,
    ),
    (
        4,
        "Full deployment",
        "Every new interview uses the predefined questions; LLM mode stays available only as "
        "a fallback the flags can bring back.",
        100,
    ),
]
# The plan: internal 1 week, 25 % for 2 weeks, 75 % for 2 weeks, 100 % for 1 week.
PHASE_DAYS = {1: 7, 2: 14, 3: 14, 4: 7}


def create(apps, schema_editor):
    Flag = apps.get_model("rollout", "Flag")
    FlagChange = apps.get_model("rollout", "FlagChange")
    RolloutPhase = apps.get_model("rollout", "RolloutPhase")
    now = timezone.now()
    today = timezone.localdate(now)
    start = today
    for number, name, description, target in PHASES:
        end = start + datetime.timedelta(days=PHASE_DAYS[number])
        RolloutPhase.objects.get_or_create(
            number=number,
            defaults={
                "name": name,
                "description": description,
                "target_percentage": target,
                "is_current": number == 1,
                "planned_start": start,
                "planned_end": end,
                "started_at": now if number == 1 else None,
            },
        )
        start = end
    flags = [
        (
            "predefined_questions",
            0,
            "Share of new interviews with predefined questions; the rest run in LLM mode when "
            "llm_fallback_allowed is on for the employee and an LLM is configured. "
            "`manage.py rollout advance` sets it to each phase's target.",
        ),
        (
            "llm_fallback_allowed",
            100,
            "Employees this is on for may be put in LLM mode. Turn it off to run every new "
            "interview with predefined questions.",
        ),
    ]
    for name, percentage, note in flags:
        flag, created = Flag.objects.get_or_create(
            name=name, defaults={"enabled": True, "percentage": percentage, "note": note}
        )
        if created:
            FlagChange.objects.create(
                flag=flag,
                source="migration",
                changes={"enabled": [None, True], "percentage": [None, percentage]},
                reason="Installed with the rollout plan.",
            )


class Migration(migrations.Migration):
    dependencies = [("rollout", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
