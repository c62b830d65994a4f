"""rollout set and rollout rollback: the contingency that needs no deploy, kept in the history."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rollout.models import PREDEFINED_QUESTIONS, Flag, FlagChange

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("rollout", *args, stdout=out)
    return out.getvalue()


def test_rollout_set_changes_the_percentage_and_records_the_reason():
    # when
    out = _run("set", "--percentage", "25", "--reason", "Phase 2 by hand")
    # then
    assert "25 % of new interviews now get predefined questions" in out
    assert Flag.objects.get(name=PREDEFINED_QUESTIONS).percentage == 25
    change = FlagChange.objects.filter(flag__name=PREDEFINED_QUESTIONS).first()
    assert change is not None
    assert (change.changes["percentage"], change.reason) == ([0, 25], "Phase 2 by hand")
    assert change.source == "manage.py rollout set"


def test_rollout_rollback_returns_to_the_percentage_before_the_last_change():
    # given
    _run("set", "--percentage", "25", "--reason", "phase 2")
    _run("set", "--percentage", "75", "--reason", "phase 3")
    # when
    _run("rollback", "--reason", "completion fell")
    # then
    assert Flag.objects.get(name=PREDEFINED_QUESTIONS).percentage == 25
    latest = FlagChange.objects.filter(flag__name=PREDEFINED_QUESTIONS).first()
    assert latest is not None
    assert latest.reason == "Rollback from 75 %: completion fell"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["set", "--percentage", "101", "--reason", "x"], "0 to 100"),
        (["set", "--percentage", "50", "--reason", " "], "needs a reason"),
    ],
)
def test_rollout_set_refuses_bad_input_and_changes_nothing(args, message):
    # when / then
    with pytest.raises(CommandError, match=message):
        _run(*args)
    assert Flag.objects.get(name=PREDEFINED_QUESTIONS).percentage == 0


def test_rollout_rollback_refuses_when_the_percentage_never_changed():
    # given
    FlagChange.objects.filter(flag__name=PREDEFINED_QUESTIONS).delete()
    # when / then
    with pytest.raises(CommandError, match="never changed"):
        _run("rollback")
