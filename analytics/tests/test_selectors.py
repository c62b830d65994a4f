"""What the analyst pages read, with the anonymity threshold applied."""

from __future__ import annotations

import pytest
from django.utils import timezone

from analytics.selectors import (
    comments_for,
    effectiveness_rows,
    enps_by_department,
    funnel_steps,
    mode_comparison,
    monthly_trends,
    reason_breakdown,
)
from analytics.services import question_stats_compute
from analytics.tests.factories import QuestionStatsFactory
from exitbot.lib.anonymity import OTHER
from interviews.models import Interview, Question
from interviews.tests.factories import InterviewFactory, QuestionFactory, QuestionSetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reason_set():
    question_set = QuestionSetFactory(slug="reasons")
    QuestionFactory(
        question_set=question_set,
        key="reason_for_leaving",
        kind=Question.Kind.SINGLE_CHOICE,
        choices=["Pay", "Growth", "Manager"],
        order=1,
    )
    QuestionFactory(question_set=question_set, key="enps", kind=Question.Kind.ENPS, order=2)
    QuestionFactory(
        question_set=question_set, key="advice", kind=Question.Kind.TEXT, required=False, order=3
    )
    return question_set


@pytest.mark.parametrize(("interviews", "hidden"), [(4, True), (5, False)])
def test_effectiveness_rows_hide_scores_under_the_threshold(
    small_set, answered, interviews, hidden
):
    # given
    for _ in range(interviews):
        answered(small_set, ["5", "", "yes"])
    question_stats_compute(day=timezone.localdate())
    # when
    rows = effectiveness_rows()
    # then
    rate = next(r for r in rows if r.stats.question_key == "rate")
    assert rate.hidden is hidden


def test_effectiveness_rows_flag_an_often_empty_question(small_set, answered):
    # given
    for comment in ["", "", "", "", "", "useful"]:
        answered(small_set, ["5", comment, "yes"])
    question_stats_compute(day=timezone.localdate())
    # when
    rows = {r.stats.question_key: r for r in effectiveness_rows()}
    # then
    assert rows["comment"].weak_reasons == ["Most people leave it empty (17% answer it)."]
    assert rows["rate"].weak_reasons == []


def test_effectiveness_rows_flag_a_question_where_people_stop(small_set, answered):
    # given
    for _ in range(4):
        answered(small_set, ["5", "", "yes"])
    for _ in range(2):
        answered(small_set, ["5"])
    question_stats_compute(day=timezone.localdate())
    # when
    rows = {r.stats.question_key: r for r in effectiveness_rows()}
    # then
    assert rows["rate"].weak_reasons == ["2 of 6 interviews stopped here."]


def test_effectiveness_rows_sort_by_a_column_and_put_hidden_rows_last():
    # given
    window = timezone.localdate()
    QuestionStatsFactory(question_key="a", responses=50, non_empty=10, period_start=window)
    QuestionStatsFactory(question_key="b", responses=20, non_empty=20, period_start=window)
    QuestionStatsFactory(question_key="c", responses=2, non_empty=2, period_start=window)
    # when
    ascending = effectiveness_rows(sort="non_empty_rate")
    descending = effectiveness_rows(sort="responses", descending=True)
    # then
    assert [r.stats.question_key for r in ascending] == ["a", "b", "c"]
    assert [r.stats.question_key for r in descending] == ["a", "b", "c"]
    assert effectiveness_rows(sort="question_key", descending=True)[0].stats.question_key == "c"


def test_effectiveness_rows_filter_by_mode():
    # given
    window = timezone.localdate()
    QuestionStatsFactory(question_key="a", mode="predefined", period_start=window)
    QuestionStatsFactory(question_key="a", mode="llm", period_start=window)
    # when / then
    assert [r.stats.mode for r in effectiveness_rows(mode="llm")] == ["llm"]


def test_funnel_steps_follow_the_question_order(small_set, answered):
    # given
    for _ in range(6):
        answered(small_set, ["5", "x", "yes"])
    answered(small_set, ["5"])
    question_stats_compute(day=timezone.localdate())
    # when
    label, steps = funnel_steps()
    # then
    assert label.startswith("Test set v1")
    assert [(s.key, s.responses) for s in steps] == [("rate", 7), ("comment", 6), ("back", 6)]


def test_funnel_steps_are_empty_without_statistics():
    # when / then
    assert funnel_steps() == ("", [])


def test_reason_breakdown_hides_a_department_of_4_and_shows_one_of_5(reason_set, answered):
    # given: 5 in Sales, 4 in Legal, 6 in Support
    for _ in range(5):
        answered(reason_set, ["Pay"], department="Sales")
    for _ in range(4):
        answered(reason_set, ["Growth"], department="Legal")
    for _ in range(6):
        answered(reason_set, ["Manager"], department="Support")
    # when
    breakdown = reason_breakdown(dimension="department")
    # then: Legal (4) alone would be recoverable from the total, so Sales is folded with it
    assert breakdown.groups == ["Support", OTHER]
    assert breakdown.group_totals == {"Support": 6, OTHER: 9}
    assert breakdown.cells[OTHER] == {"Pay": 5, "Growth": 4}
    assert breakdown.total == 15
    assert breakdown.hidden == 0


def test_reason_breakdown_shows_groups_of_5_as_they_are(reason_set, answered):
    # given
    for department in ["Sales", "Support"]:
        for _ in range(5):
            answered(reason_set, ["Pay"], department=department)
    # when
    breakdown = reason_breakdown(dimension="department")
    # then
    assert breakdown.groups == ["Sales", "Support"]
    assert not breakdown.folded


def test_reason_breakdown_hides_everything_under_the_threshold(reason_set, answered):
    # given
    for _ in range(4):
        answered(reason_set, ["Pay"], department="Sales")
    # when
    breakdown = reason_breakdown(dimension="department")
    # then
    assert (breakdown.groups, breakdown.total, breakdown.hidden) == ([], 0, 4)


@pytest.mark.parametrize(
    ("dimension", "expected"),
    [
        ("exit_type", {"Voluntary", "Not classified"}),
        ("regrettable", {"Regrettable", "Not classified"}),
        ("month", {timezone.localdate().strftime("%Y-%m")}),
    ],
)
def test_reason_breakdown_by_classification_and_month(reason_set, answered, dimension, expected):
    # given
    for _ in range(5):
        answered(reason_set, ["Pay"], exit_type="voluntary", regrettable=True)
    for _ in range(5):
        answered(reason_set, ["Growth"])
    # when
    breakdown = reason_breakdown(dimension=dimension)
    # then
    assert set(breakdown.groups) <= expected | {OTHER}
    assert breakdown.total == 10


def test_enps_by_department_folds_small_departments(reason_set, answered):
    # given: Sales 10,10,10,10,0 -> 4 promoters, 1 detractor; Legal has 2 answers
    for score in ["10", "10", "10", "10", "0"]:
        answered(reason_set, ["Pay", score], department="Sales")
    for score in ["0", "0", "0", "0", "9"]:
        answered(reason_set, ["Pay", score], department="Support")
    for score in ["7", "8"]:
        answered(reason_set, ["Pay", score], department="Legal")
    # when
    overall, rows, hidden = enps_by_department()
    # then: Legal (2) and the smaller-named of the two groups of 5 are folded together
    assert overall.n == 12
    assert [(r.group, r.n) for r in rows] == [("Support", 5), (OTHER, 7)]
    assert rows[0].score == -60.0
    assert rows[1].score == round(100 * (4 - 1) / 7, 1)
    assert hidden == 0


def test_enps_by_department_is_empty_without_answers():
    # when / then
    assert enps_by_department() == (None, [], 0)


def test_mode_comparison_needs_a_minimum_sample_per_mode(settings):
    # given
    settings.COMPARISON_MIN_SAMPLE = 3
    settings.ANONYMITY_MIN_GROUP = 3
    now = timezone.now()
    for status in ["completed", "completed", "in_progress"]:
        InterviewFactory(mode="predefined", status=status, started_at=now)
    for status in ["completed", "in_progress"]:
        InterviewFactory(mode="llm", status=status, started_at=now)
    # when
    small = mode_comparison()
    InterviewFactory(mode="llm", status="in_progress", started_at=now)
    enough = mode_comparison()
    # then
    assert small.test is None
    assert small.started == {"predefined": 3, "llm": 2}
    assert enough.test is not None
    assert enough.test.rate_a == pytest.approx(2 / 3)
    assert enough.test.rate_b == pytest.approx(1 / 3)
    assert 0 < enough.test.p_value < 1


def test_mode_comparison_hides_completions_of_a_mode_under_the_threshold():
    # given: four predefined interviews started, one completed
    now = timezone.now()
    for status in ["completed", "in_progress", "in_progress", "in_progress"]:
        InterviewFactory(mode="predefined", status=status, started_at=now)
    # when
    comparison = mode_comparison()
    # then
    assert comparison.started["predefined"] == 4
    assert comparison.completed["predefined"] is None


def test_monthly_trends_hide_a_month_under_the_threshold(reason_set, answered):
    # given
    for score in ["9", "9", "9", "9", "3"]:
        answered(reason_set, ["Pay", score, ""])
    # when
    points = monthly_trends()
    # then
    assert len(points) == 1
    assert (points[0].started, points[0].completed, points[0].enps) == (5, 5, 60.0)
    for interview in Interview.objects.all()[:1]:
        interview.delete()
    assert monthly_trends()[0].started is None


@pytest.mark.parametrize(("answers", "shown"), [(9, False), (10, True)])
def test_comments_need_the_larger_threshold(reason_set, answered, answers, shown):
    # given
    for number in range(answers):
        answered(reason_set, ["Pay", "5", f"Advice {number}"])
    # when
    comments = comments_for(key="advice")
    # then
    assert comments.allowed is shown
    assert len(comments.items) == (answers if shown else 0)


def test_comments_for_an_unknown_key_is_none():
    # when / then
    assert comments_for(key="nope") is None
