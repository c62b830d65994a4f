"""Experience events and the question statistics computed in the database."""

from __future__ import annotations

import datetime
import statistics

import pytest
from django.utils import timezone

from analytics.models import QuestionStats
from analytics.services import (
    MEDIAN_CAP_SECONDS,
    _unfinished,
    _unfinished_portable,
    question_stats_compute,
)
from interviews.models import ExperienceEvent, Interview
from interviews.services.interviews import interview_open
from interviews.tests.factories import InterviewFactory, QuestionSetFactory

pytestmark = pytest.mark.django_db


def _stats(**filters) -> dict[tuple[str, str], QuestionStats]:
    rows = QuestionStats.objects.filter(period=QuestionStats.Period.ROLLING_30, **filters)
    return {(s.question_key, s.mode): s for s in rows}


def test_question_stats_compute_matches_a_hand_computed_table(small_set, answered):
    # given: three interviews on a three-question set
    answered(small_set, ["5", "Great team and a fair manager", "yes"], seconds=[10, 40, 5])
    answered(small_set, ["2", "", "no"], seconds=[20, 2, 7])
    answered(small_set, ["4"], seconds=[30])  # stopped after the first question
    # when
    written = question_stats_compute(day=timezone.localdate())
    # then: 3 keys x 2 periods
    assert written == 6
    stats = _stats()
    rate = stats[("rate", "predefined")]
    assert (rate.responses, rate.non_empty, rate.drop_off) == (3, 3, 1)
    assert rate.completion_rate == pytest.approx(2 / 3)
    assert rate.median_seconds == 20
    assert rate.avg_length == 1
    assert rate.avg_sentiment is None
    comment = stats[("comment", "predefined")]
    assert (comment.responses, comment.non_empty, comment.drop_off) == (2, 1, 0)
    assert comment.avg_length == len("Great team and a fair manager")
    assert comment.median_seconds == 21
    assert comment.avg_sentiment > 0.5
    back = stats[("back", "predefined")]
    assert (back.responses, back.completion_rate, back.median_seconds) == (2, 1.0, 6)


def test_question_stats_compute_with_no_answers_writes_nothing():
    # when
    written = question_stats_compute(day=timezone.localdate())
    # then
    assert written == 0
    assert not QuestionStats.objects.exists()


def test_question_stats_compute_with_one_answer(small_set, answered):
    # given
    answered(small_set, ["3"], seconds=[12])
    # when
    question_stats_compute(day=timezone.localdate())
    # then
    only = _stats()[("rate", "predefined")]
    assert (only.responses, only.median_seconds, only.drop_off) == (1, 12, 1)
    assert only.completion_rate == 0


def test_question_stats_compute_splits_modes_and_set_versions(small_set, answered):
    # given: version 2 of the same set and an LLM-mode interview
    version_2 = QuestionSetFactory(slug="small", version=2)
    version_2.questions.create(key="rate", text="Rate?", kind="rating", order=1)
    answered(small_set, ["5", "", "yes"])
    answered(small_set, ["4", "", "no"], mode=Interview.Mode.LLM)
    answered(version_2, ["1"])
    # when
    question_stats_compute(day=timezone.localdate())
    # then
    rate_rows = QuestionStats.objects.filter(period="30d", question_key="rate")
    assert {(s.question_set_id, s.mode, s.responses) for s in rate_rows} == {
        (small_set.pk, "predefined", 1),
        (small_set.pk, "llm", 1),
        (version_2.pk, "predefined", 1),
    }


def test_question_stats_compute_separates_the_day_from_the_rolling_window(small_set, answered):
    # given
    answered(small_set, ["5", "", "yes"], days_ago=0)
    answered(small_set, ["4", "", "yes"], days_ago=10)
    answered(small_set, ["3", "", "yes"], days_ago=45)
    # when
    question_stats_compute(day=timezone.localdate())
    # then
    day = QuestionStats.objects.get(
        period="day", question_key="rate", period_start=timezone.localdate()
    )
    window = QuestionStats.objects.get(period="30d", question_key="rate")
    assert (day.responses, window.responses) == (1, 2)
    assert window.period_end - window.period_start == datetime.timedelta(days=30)


def test_question_stats_compute_run_twice_replaces_the_period(small_set, answered):
    # given
    answered(small_set, ["5", "", "yes"])
    question_stats_compute(day=timezone.localdate())
    answered(small_set, ["1", "", "no"])
    # when
    question_stats_compute(day=timezone.localdate())
    # then
    rows = QuestionStats.objects.filter(period="30d", question_key="rate")
    assert [r.responses for r in rows] == [2]


def test_question_stats_compute_runs_the_same_queries_whatever_the_number_of_answers(
    small_set, answered, django_assert_max_num_queries
):
    # given: a first run has computed every day of the window
    answered(small_set, ["5", "fine", "yes"], days_ago=3)
    question_stats_compute(day=timezone.localdate())
    for _ in range(8):
        answered(small_set, ["5", "fine", "yes"])
    # when / then: today's scan, unfinished, drop-offs, questions, the window's reads and
    # the writes (with their savepoints), and nothing that grows with the answers
    with django_assert_max_num_queries(20):
        question_stats_compute(day=timezone.localdate())
    assert _stats()[("rate", "predefined")].responses == 9


@pytest.mark.parametrize(
    "seconds",
    [[3], [3, 8], [1, 1, 100, 8], [5, 5, 5, 9, 2, 2, 7]],
    ids=["one", "two", "four", "seven"],
)
def test_median_seconds_match_the_exact_median(small_set, answered, seconds):
    # given: each interview answers the first question in the given seconds
    for value in seconds:
        answered(small_set, ["5"], seconds=[value])
    # when
    question_stats_compute(day=timezone.localdate())
    # then
    assert _stats()[("rate", "predefined")].median_seconds == statistics.median(seconds)


def test_median_seconds_count_very_slow_answers_as_the_cap(small_set, answered):
    # given
    for value in [10, 86_400, 90_000]:
        answered(small_set, ["5"], seconds=[value])
    # when
    question_stats_compute(day=timezone.localdate())
    # then
    assert _stats()[("rate", "predefined")].median_seconds == MEDIAN_CAP_SECONDS


def test_interview_services_record_the_journey(small_set, django_capture_on_commit_callbacks):
    # given
    from interviews.services.answers import interview_answer_submit

    interview = InterviewFactory(question_set=small_set)
    questions = list(small_set.questions.order_by("order"))
    # when
    with django_capture_on_commit_callbacks(execute=True):
        interview = interview_open(interview=interview)
    for question, raw in zip(questions, ["4", "ok", "yes"], strict=True):
        with django_capture_on_commit_callbacks(execute=True):
            interview_answer_submit(interview=interview, question_id=question.pk, raw=raw)
    # then
    types = list(ExperienceEvent.objects.values_list("type", flat=True))
    assert types == [
        "interview_opened",
        "answer_submitted",
        "answer_submitted",
        "answer_submitted",
        "interview_completed",
    ]
    submitted = ExperienceEvent.objects.filter(type="answer_submitted")[1]
    assert submitted.data == {"question_key": "comment", "seconds": 0, "length": 2}
    assert ExperienceEvent.objects.get(type="interview_completed").data["questions_answered"] == 3


def test_free_text_answers_get_a_sentiment_score_once(small_set, answered):
    # given / when
    interview = answered(small_set, ["4", "I loved my team, it was wonderful", "yes"])
    # then
    scores = dict(interview.responses.values_list("question__key", "sentiment"))
    assert scores["comment"] > 0.5
    assert scores["rate"] is None


def test_unfinished_answers_agree_between_the_postgres_and_portable_queries(small_set, answered):
    # given: two finished interviews, two stopped early
    answered(small_set, ["5", "x", "yes"], days_ago=3)
    answered(small_set, ["4", "y", "no"])
    answered(small_set, ["3"], days_ago=3)
    answered(small_set, ["2", "z"])
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=29), today + datetime.timedelta(days=1)
    # when
    fast = _unfinished(start, end)
    portable = _unfinished_portable(start, end)
    # then
    assert fast == portable
    assert sum(fast.values()) == 3
