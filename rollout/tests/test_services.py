from __future__ import annotations

import pytest
from django.utils import timezone

from rollout.models import Flag, FlagChange, Incident, PhaseChange, RolloutPhase
from rollout.services import RolloutError, flag_save, incident_save, phase_advance
from rollout.tests.factories import FlagFactory, IncidentFactory

pytestmark = pytest.mark.django_db


def _current() -> RolloutPhase:
    return RolloutPhase.objects.get(is_current=True)


def test_flag_save_logs_each_changed_field_with_who_and_why(staff_user):
    # given
    flag = Flag.objects.get(name="predefined_questions")
    flag.percentage = 75
    flag.departments = [" Sales ", ""]
    # when
    flag_save(flag=flag, source="admin", changed_by=staff_user, reason="Phase 3 early")
    # then
    change = flag.changes.first()
    assert change is not None
    assert change.changes == {"percentage": [0, 75], "departments": [[], ["Sales"]]}
    assert (change.changed_by, change.source, change.reason) == (
        staff_user,
        "admin",
        "Phase 3 early",
    )


def test_flag_save_logs_nothing_when_nothing_changed():
    # given
    flag = Flag.objects.get(name="predefined_questions")
    before = FlagChange.objects.count()
    # when
    flag_save(flag=flag, source="admin")
    # then
    assert FlagChange.objects.count() == before


def test_flag_save_logs_a_new_flag_with_all_its_fields():
    # given
    flag = FlagFactory.build(name="new_flag", percentage=10)
    # when
    flag_save(flag=flag, source="admin")
    # then
    assert flag.changes.get().changes["percentage"] == [None, 10]


def test_flag_save_refuses_a_percentage_over_100():
    # given
    flag = FlagFactory.create(percentage=10)
    flag.percentage = 101
    # when / then
    with pytest.raises(Exception, match="100"):
        flag_save(flag=flag, source="admin")
    assert Flag.objects.get(pk=flag.pk).percentage == 10


def test_phase_advance_refuses_while_criteria_do_not_hold():
    # when
    with pytest.raises(RolloutError) as caught:
        phase_advance(source="test")
    # then
    assert "HR satisfaction: not enough responses (0 of 5)" in caught.value.message
    assert "--force" in caught.value.message
    assert _current().number == 1
    assert not PhaseChange.objects.exists()


def test_phase_advance_with_force_needs_a_reason():
    # when / then
    with pytest.raises(RolloutError, match="reason"):
        phase_advance(source="test", force=True, reason="  ")


def test_forced_phase_advance_moves_on_sets_the_flag_and_records_why(staff_user):
    # when
    change = phase_advance(
        source="test", force=True, reason="Survey not live yet", changed_by=staff_user
    )
    # then
    phase = _current()
    assert phase.number == 2
    assert phase.started_at is not None
    assert RolloutPhase.objects.get(number=1).ended_at is not None
    flag = Flag.objects.get(name="predefined_questions")
    assert flag.percentage == 25
    assert "forced: Survey not live yet" in flag.changes.first().reason
    assert change.forced is True
    assert change.reason == "Survey not live yet"
    assert {c["key"] for c in change.criteria} == {
        "p95_answer_time",
        "completion_rate",
        "hr_satisfaction",
        "incidents",
    }


def test_phase_advance_refuses_after_the_last_phase():
    # given
    for _ in range(3):
        phase_advance(source="test", force=True, reason="test")
    # when / then
    assert _current().number == 4
    assert Flag.objects.get(name="predefined_questions").percentage == 100
    with pytest.raises(RolloutError, match="last phase"):
        phase_advance(source="test", force=True, reason="test")


def test_phase_advance_enters_phase_one_when_none_is_current():
    # given
    RolloutPhase.objects.update(is_current=False)
    # when
    change = phase_advance(source="test", force=True, reason="restart")
    # then
    assert change.from_phase is None
    assert change.to_phase.number == 1


def test_incident_save_stamps_and_clears_the_resolution_time():
    # given
    incident = IncidentFactory.create(critical=True)
    # when
    incident.status = Incident.Status.RESOLVED
    incident_save(incident=incident)
    resolved_at = incident.resolved_at
    incident.status = Incident.Status.OPEN
    incident_save(incident=incident)
    # then
    assert resolved_at is not None and resolved_at <= timezone.now()
    assert incident.resolved_at is None
