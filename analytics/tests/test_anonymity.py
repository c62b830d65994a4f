"""Over random data, no analyst surface shows a group under the threshold.

Each example builds interviews across departments, months, modes, exit types and statuses,
computes the nightly statistics, and then reads every analyst page's selector with every
filter it offers, and both exports. A group is counted by respondents.
"""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from analytics import exports, selectors
from analytics.services import question_stats_compute
from exitbot.lib.anonymity import threshold
from interviews.models import Interview, Question, QuestionSet, Response
from interviews.tests.factories import EmployeeFactory, InterviewFactory, ResponseFactory

pytestmark = pytest.mark.django_db

REASONS = ["Pay and benefits", "My manager or leadership", "Other"]

interview_specs = st.lists(
    st.fixed_dictionaries(
        {
            "department": st.sampled_from(["Sales", "Support", "Finance", ""]),
            "completed": st.booleans(),
            "mode": st.sampled_from([Interview.Mode.PREDEFINED, Interview.Mode.LLM]),
            "exit_type": st.sampled_from(["", "voluntary", "involuntary"]),
            "regrettable": st.sampled_from([None, True, False]),
            "days_ago": st.sampled_from([0, 3, 40, 70]),
            "reason": st.sampled_from(REASONS),
            "enps": st.integers(min_value=0, max_value=10),
            "comment": st.booleans(),
        }
    ),
    max_size=30,
)


def _build(specs: list[dict]) -> QuestionSet:
    question_set = QuestionSet.objects.get(is_default=True)
    questions = {q.key: q for q in question_set.questions.all()}
    for number, spec in enumerate(specs):
        when = timezone.now() - datetime.timedelta(days=spec["days_ago"])
        interview = InterviewFactory(
            question_set=question_set,
            employee=EmployeeFactory(department=spec["department"]),
            mode=spec["mode"],
            status=Interview.Status.COMPLETED if spec["completed"] else "in_progress",
            started_at=when,
            completed_at=when if spec["completed"] else None,
            exit_type=spec["exit_type"],
            regrettable=spec["regrettable"],
        )
        answers = {"reason_for_leaving": spec["reason"], "enps": str(spec["enps"])}
        if spec["comment"]:
            answers["reason_detail"] = f"marker comment {number}"
        for key, message in answers.items():
            response = ResponseFactory.create(
                interview=interview, question=questions[key], employee_message=message
            )
            Response.objects.filter(pk=response.pk).update(created_at=when)
    question_stats_compute(day=timezone.localdate())
    return question_set


def _assert_breakdowns_hide_small_groups(k: int) -> None:
    for dimension in selectors.DIMENSIONS:
        breakdown = selectors.reason_breakdown(dimension=dimension)
        assert all(total >= k for total in breakdown.group_totals.values())
        assert breakdown.hidden == 0 or breakdown.total == 0
    overall, rows, hidden = selectors.enps_by_department()
    assert all(row.n >= k for row in rows)
    assert hidden == 0 or not rows


def _assert_trends_and_comparison_hide_small_groups(k: int) -> None:
    for point in selectors.monthly_trends():
        assert point.started is None or point.started >= k
    comparison = selectors.mode_comparison()
    for mode, n in comparison.started.items():
        assert comparison.completed[mode] is None or n >= k


def _assert_statistics_hide_small_groups(k: int) -> None:
    for mode in ["", Interview.Mode.PREDEFINED, Interview.Mode.LLM]:
        for row in selectors.effectiveness_rows(mode=mode):
            assert row.hidden or row.stats.responses >= k
            assert not row.weak_reasons or row.stats.responses >= k
    _, steps = selectors.funnel_steps()
    assert all(step.responses is None or step.responses >= k for step in steps)
    header, *stats = list(exports.stats_rows(k))
    for line in stats:
        shown = line[header.index("non_empty")] != exports.HIDDEN
        assert not shown or line[header.index("responses")] >= k


def _assert_comments_need_the_comments_threshold(k_comments: int) -> None:
    for key in selectors.text_question_keys():
        comments = selectors.comments_for(key=key)
        assert comments is not None
        assert not comments.items or comments.count >= k_comments


def _assert_export_rows_are_in_large_groups(k: int, k_comments: int) -> None:
    header, *body = list(exports.interview_rows(k=k, k_comments=k_comments, with_free_text=True))
    width = len(exports.GROUPING)
    groups = Counter(tuple(row[:width]) for row in body)
    assert all(n >= k for n in groups.values())
    respondents = Interview.objects.filter(status=Interview.Status.COMPLETED).count()
    assert len(body) in (0, respondents)
    for row in body:
        if groups[tuple(row[:width])] < k_comments:
            assert not any("marker comment" in str(cell) for cell in row)


@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=interview_specs)
def test_no_analyst_surface_shows_a_group_under_the_threshold(specs):
    k = threshold(settings.ANONYMITY_MIN_GROUP)
    k_comments = threshold(settings.ANONYMITY_MIN_GROUP_COMMENTS)
    with transaction.atomic():
        # given
        _build(specs)
        # when / then
        _assert_breakdowns_hide_small_groups(k)
        _assert_trends_and_comparison_hide_small_groups(k)
        _assert_statistics_hide_small_groups(k)
        _assert_comments_need_the_comments_threshold(k_comments)
        _assert_export_rows_are_in_large_groups(k, k_comments)
        transaction.set_rollback(True)


def test_the_default_set_has_the_keys_the_property_test_uses():
    # given
    keys = set(Question.objects.filter(question_set__is_default=True).values_list("key", flat=True))
    # then
    assert {"reason_for_leaving", "enps", "reason_detail"} <= keys
