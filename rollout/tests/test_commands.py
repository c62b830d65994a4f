from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rollout.models import Flag, PhaseChange, RolloutPhase

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("rollout", *args, stdout=out)
    return out.getvalue()


def test_rollout_status_prints_the_phase_flags_and_criteria():
    # when
    out = _run("status")
    # then
    assert "Phase 1 of 4: Internal testing (0 % predefined)" in out
    assert "Next:  phase 2, Limited production (25 %)" in out
    assert "Flag predefined_questions: on, 0 %, all departments" in out
    assert "[no data] HR satisfaction: not enough responses (0 of 5)" in out
    assert "[ok]      Incidents: none open" in out
    assert "The criteria do not hold." in out


def test_rollout_advance_refuses_while_criteria_do_not_hold():
    # when / then
    with pytest.raises(CommandError, match="do not hold"):
        _run("advance")
    assert RolloutPhase.objects.get(is_current=True).number == 1


def test_rollout_advance_with_force_and_reason_moves_on_and_records_it():
    # when
    out = _run("advance", "--force", "--reason", "Survey not live yet")
    # then
    assert "Now in Phase 2: Limited production (forced): 25 %" in out
    assert Flag.objects.get(name="predefined_questions").percentage == 25
    assert PhaseChange.objects.get().reason == "Survey not live yet"


def test_rollout_advance_with_force_but_no_reason_is_refused():
    # when / then
    with pytest.raises(CommandError, match="reason"):
        _run("advance", "--force")
