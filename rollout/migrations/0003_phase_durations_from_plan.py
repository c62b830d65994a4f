"""Re-plan phases installed with two weeks each to the plan's 1, 2, 2 and 1 weeks.

Only dates still as installed are moved: a phase whose planned dates an operator edited, or
that has already ended, keeps them.
"""

from __future__ import annotations

import datetime

from django.db import migrations

OLD_DAYS = 14
PHASE_DAYS = {1: 7, 2: 14, 3: 14, 4: 7}


def replan(apps, schema_editor):
    RolloutPhase = apps.get_model("rollout", "RolloutPhase")
    phases = {p.number: p for p in RolloutPhase.objects.all()}
    first = phases.get(1)
    if first is None or first.planned_start is None:
        return
    origin = first.planned_start
    start = origin
    for number in sorted(PHASE_DAYS):
        phase = phases.get(number)
        if phase is None:
            return
        old_start = origin + datetime.timedelta(days=OLD_DAYS * (number - 1))
        old_end = old_start + datetime.timedelta(days=OLD_DAYS) if number < 4 else None
        as_installed = phase.planned_start == old_start and phase.planned_end == old_end
        end = start + datetime.timedelta(days=PHASE_DAYS[number])
        if as_installed and phase.ended_at is None:
            phase.planned_start, phase.planned_end = start, end
            phase.save(update_fields=["planned_start", "planned_end"])
        start = end


class Migration(migrations.Migration):
    dependencies = [("rollout", "0002_flags_and_phases")]

    operations = [migrations.RunPython(replan, migrations.RunPython.noop)]
