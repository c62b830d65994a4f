from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from exitbot.lib.buckets import bucket_of
from feedback.models import FeedbackSurvey
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory, ResponseFactory
from rollout.models import Flag, Incident, RolloutPhase
from rollout.selectors import (
    Criterion,
    criteria_hold,
    flag_is_on,
    interview_mode_choose,
    mode_split_get,
    rollout_criteria_get,
    rollout_status_get,
)
from rollout.tests.factories import FlagFactory, IncidentFactory

pytestmark = pytest.mark.django_db

EMPLOYEES = [f"E{n:05d}" for n in range(400)]


def _on(flag: Flag, department: str = "Sales") -> set[str]:
    return {e for e in EMPLOYEES if flag_is_on(flag=flag, employee_id=e, department=department)}


def _criterion(key: str) -> Criterion:
    return next(c for c in rollout_criteria_get() if c.key == key)


def test_flag_is_on_for_the_employees_whose_bucket_is_below_the_percentage():
    # given
    flag = FlagFactory.build(name="predefined_questions", percentage=25)
    # when
    on = _on(flag)
    # then
    assert on == {e for e in EMPLOYEES if bucket_of("predefined_questions", e) < 25}
    assert 60 <= len(on) <= 140


def test_raising_the_percentage_only_adds_employees():
    # given
    flag = FlagFactory.build(name="predefined_questions", percentage=25)
    before = _on(flag)
    # when
    flag.percentage = 75
    after = _on(flag)
    # then
    assert before < after
    assert len(after) > 2 * len(before)


def test_flag_is_off_for_everyone_when_disabled_or_at_zero_and_on_for_all_at_100():
    # given
    disabled = FlagFactory.build(enabled=False, percentage=100)
    zero = FlagFactory.build(percentage=0)
    full = FlagFactory.build(percentage=100)
    # when / then
    assert _on(disabled) == set()
    assert _on(zero) == set()
    assert _on(full) == set(EMPLOYEES)
    assert flag_is_on(flag=None, employee_id="E1", department="") is False


def test_flag_limited_to_departments_is_off_elsewhere():
    # given
    flag = FlagFactory.build(percentage=100, departments=["Engineering", " sales "])
    # when / then
    assert _on(flag, department="sales") == set(EMPLOYEES)
    assert _on(flag, department="Finance") == set()


def test_interview_mode_choose_is_predefined_without_an_llm_whatever_the_flags(settings):
    # given
    settings.LLM_BASE_URL = ""
    Flag.objects.filter(name="predefined_questions").update(percentage=0)
    # when
    modes = {interview_mode_choose(employee_id=e, department="Sales") for e in EMPLOYEES[:50]}
    # then
    assert modes == {Interview.Mode.PREDEFINED}


def test_interview_mode_choose_splits_by_the_predefined_flag_and_is_sticky(settings):
    # given
    settings.LLM_BASE_URL, settings.LLM_MODEL = "http://127.0.0.1:9/v1", "m"
    Flag.objects.filter(name="predefined_questions").update(percentage=25)
    # when
    first = {e: interview_mode_choose(employee_id=e, department="Sales") for e in EMPLOYEES}
    again = {e: interview_mode_choose(employee_id=e, department="Sales") for e in EMPLOYEES}
    # then
    assert first == again
    predefined = {e for e, mode in first.items() if mode == Interview.Mode.PREDEFINED}
    assert predefined == {e for e in EMPLOYEES if bucket_of("predefined_questions", e) < 25}


def test_interview_mode_choose_is_predefined_when_llm_fallback_is_not_allowed(settings):
    # given
    settings.LLM_BASE_URL, settings.LLM_MODEL = "http://127.0.0.1:9/v1", "m"
    Flag.objects.filter(name="predefined_questions").update(percentage=0)
    Flag.objects.filter(name="llm_fallback_allowed").update(enabled=False)
    # when
    mode = interview_mode_choose(employee_id="E1", department="Sales")
    # then
    assert mode == Interview.Mode.PREDEFINED


def test_interview_mode_choose_follows_the_llm_flag_s_departments(settings):
    # given: no predefined share, and LLM mode allowed for Finance only
    settings.LLM_BASE_URL, settings.LLM_MODEL = "http://127.0.0.1:9/v1", "m"
    Flag.objects.filter(name="predefined_questions").update(percentage=0)
    Flag.objects.filter(name="llm_fallback_allowed").update(
        enabled=True, percentage=100, departments=["Finance"]
    )
    # when
    finance = {interview_mode_choose(employee_id=e, department="finance ") for e in EMPLOYEES}
    sales = {interview_mode_choose(employee_id=e, department="Sales") for e in EMPLOYEES}
    # then
    assert finance == {Interview.Mode.LLM}
    assert sales == {Interview.Mode.PREDEFINED}


def test_flags_and_phases_come_from_the_data_migration():
    # when
    flags = {f.name: f for f in Flag.objects.all()}
    phases = list(RolloutPhase.objects.order_by("number"))
    # then
    assert {"predefined_questions", "llm_fallback_allowed"} <= set(flags)
    assert [p.target_percentage for p in phases] == [0, 25, 75, 100]
    assert [p.number for p in phases if p.is_current] == [1]
    assert flags["predefined_questions"].changes.count() == 1


def test_p95_criterion_has_no_data_below_the_minimum_sample(settings):
    # given
    settings.ROLLOUT_MIN_SAMPLE = 5
    ResponseFactory.create_batch(4, handling_ms=10)
    # when
    criterion = _criterion("p95_answer_time")
    # then
    assert criterion.status == Criterion.NO_DATA
    assert "4 of 5" in criterion.value


def test_p95_criterion_is_met_when_95_percent_of_predefined_answers_are_fast(settings):
    # given: 19 fast answers and one slow, plus slow LLM answers that do not count
    settings.ROLLOUT_MIN_SAMPLE = 5
    ResponseFactory.create_batch(19, handling_ms=120)
    ResponseFactory.create(handling_ms=2_000)
    llm = InterviewFactory.create(mode=Interview.Mode.LLM)
    ResponseFactory.create_batch(5, interview=llm, handling_ms=3_000)
    # when
    criterion = _criterion("p95_answer_time")
    # then
    assert criterion.status == Criterion.MET
    assert criterion.value == "120 ms (n=20)"
    assert any("LLM mode" in line and "3000 ms" in line for line in criterion.details)


def test_p95_criterion_is_not_met_when_more_than_5_percent_are_slow(settings):
    # given
    settings.ROLLOUT_MIN_SAMPLE = 5
    ResponseFactory.create_batch(18, handling_ms=120)
    ResponseFactory.create_batch(2, handling_ms=900)
    # when
    criterion = _criterion("p95_answer_time")
    # then
    assert criterion.status == Criterion.NOT_MET
    assert criterion.value == "900 ms (n=20)"


def _started(mode: str, count: int, completed: int) -> None:
    now = timezone.now()
    for n in range(count):
        status = Interview.Status.COMPLETED if n < completed else Interview.Status.IN_PROGRESS
        InterviewFactory.create(mode=mode, status=status, started_at=now)


def test_completion_criterion_compares_the_modes_with_their_sample_sizes(settings):
    # given
    settings.ROLLOUT_MIN_SAMPLE = 4
    _started(Interview.Mode.PREDEFINED, 5, completed=4)
    _started(Interview.Mode.LLM, 4, completed=2)
    # when
    criterion = _criterion("completion_rate")
    # then
    assert criterion.status == Criterion.MET
    assert criterion.value == "predefined 80% vs LLM 50%"
    assert criterion.details[0] == "Predefined: 4 of 5 started interviews completed (80%)"


def test_completion_criterion_is_not_met_when_llm_completes_more(settings):
    # given
    settings.ROLLOUT_MIN_SAMPLE = 2
    _started(Interview.Mode.PREDEFINED, 4, completed=1)
    _started(Interview.Mode.LLM, 2, completed=2)
    # when / then
    assert _criterion("completion_rate").status == Criterion.NOT_MET


def test_completion_criterion_has_no_data_without_enough_llm_interviews(settings):
    # given
    settings.ROLLOUT_MIN_SAMPLE = 3
    _started(Interview.Mode.PREDEFINED, 5, completed=5)
    # when
    criterion = _criterion("completion_rate")
    # then
    assert criterion.status == Criterion.NO_DATA
    assert "n=5 predefined, 0 LLM" in criterion.value


def test_criteria_only_count_data_since_the_current_phase_began(settings):
    # given
    settings.ROLLOUT_MIN_SAMPLE = 1
    ResponseFactory.create(handling_ms=100)
    RolloutPhase.objects.filter(is_current=True).update(
        started_at=timezone.now() + datetime.timedelta(minutes=1)
    )
    # when / then
    assert _criterion("p95_answer_time").status == Criterion.NO_DATA


def test_hr_satisfaction_has_no_data_until_enough_hr_staff_answered(settings):
    # given
    settings.ROLLOUT_MIN_HR_RESPONSES = 5
    # when
    criterion = _criterion("hr_satisfaction")
    # then
    assert criterion.status == Criterion.NO_DATA
    assert criterion.value == "not enough responses (0 of 5)"
    assert criterion.details == ["Predefined Questions Feedback: no answers yet"]


def test_hr_satisfaction_has_no_data_without_an_active_hr_survey():
    # given
    FeedbackSurvey.objects.update(active=False)
    # when
    criterion = _criterion("hr_satisfaction")
    # then
    assert criterion.status == Criterion.NO_DATA
    assert criterion.details == ["There is no active HR survey."]


def test_incident_criterion_fails_only_on_an_open_critical_incident():
    # given
    IncidentFactory.create(severity=Incident.Severity.HIGH)
    IncidentFactory.create(
        critical=True, status=Incident.Status.RESOLVED, resolved_at=timezone.now()
    )
    assert _criterion("incidents").status == Criterion.MET
    # when
    IncidentFactory.create(critical=True, title="Invites not sent")
    # then
    criterion = _criterion("incidents")
    assert criterion.status == Criterion.NOT_MET
    assert "Invites not sent" in criterion.details[0]


def test_criteria_hold_only_when_all_are_met():
    # given
    met = Criterion("a", "A", "t", Criterion.MET, "v")
    no_data = Criterion("b", "B", "t", Criterion.NO_DATA, "v")
    # when / then
    assert criteria_hold([met, met]) is True
    assert criteria_hold([met, no_data]) is False


def test_mode_split_counts_new_interviews_per_day_and_mode():
    # given
    InterviewFactory.create_batch(3, mode=Interview.Mode.PREDEFINED)
    InterviewFactory.create(mode=Interview.Mode.LLM)
    old = InterviewFactory.create()
    Interview.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=20)
    )
    # when
    split = mode_split_get()
    # then
    assert len(split.days) == 14
    assert split.days[-1].day == timezone.localdate()
    assert (split.predefined, split.llm, split.predefined_percent) == (3, 1, 75)
    assert split.days[-1].predefined_percent == 75
    assert split.days[0].total == 0
    assert split.days[0].predefined_percent is None


def test_rollout_status_reports_the_next_phase_and_fallbacks_by_reason():
    # given
    llm = InterviewFactory.create(mode=Interview.Mode.LLM)
    ResponseFactory.create(interview=llm, llm_outcome="fallback", llm_fallback_reason="timeout")
    ResponseFactory.create(interview=llm, llm_outcome="acknowledged", bot_response="Thanks.")
    # when
    status = rollout_status_get()
    # then
    assert status.current is not None and status.current.number == 1
    assert status.next_phase is not None and status.next_phase.number == 2
    assert (status.turns.total, status.turns.fallbacks) == (2, 1)
    assert status.fallback_reasons == [("Timed out", 1)]
