"""Analytics with a date question: counted like any answer, never treated as a comment."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from analytics.models import QuestionStats
from analytics.selectors import text_question_keys
from analytics.services import question_stats_compute
from interviews.models import Interview, Question, QuestionSet
from interviews.tests.factories import QuestionFactory, QuestionSetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def date_set() -> QuestionSet:
    question_set = QuestionSetFactory.create(slug="dates")
    QuestionFactory(question_set=question_set, key="first_thought", kind=Question.Kind.DATE)
    QuestionFactory(question_set=question_set, key="rate", kind=Question.Kind.RATING)
    return question_set


def test_question_stats_count_date_answers_without_a_sentiment(date_set, answered):
    # given
    answered(date_set, ["2025-03-31", "4"], seconds=[8, 3])
    answered(date_set, ["2025-01-15"], seconds=[12])
    # when
    question_stats_compute(day=timezone.localdate())
    # then
    stats = QuestionStats.objects.get(
        period=QuestionStats.Period.ROLLING_30, question_key="first_thought"
    )
    assert (stats.responses, stats.non_empty, stats.drop_off) == (2, 2, 1)
    assert stats.avg_sentiment is None


def test_export_shows_the_iso_date_and_comments_leave_it_out(client, date_set, answered):
    # given: six respondents, fewer than the comments threshold
    for _ in range(6):
        interview = answered(date_set, ["2025-03-31", "4"])
        Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.COMPLETED)
    user = User.objects.create_user(username="ana", is_staff=True)
    user.groups.add(Group.objects.get(name="Analysts"))
    client.force_login(user)
    # when
    response = client.get(reverse("analytics:export", args=["interviews", "csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    # then: the date is a value, shown as given, not a comment hidden under the threshold
    header, body = rows[0], rows[1:]
    assert [row[header.index("first_thought")] for row in body] == ["2025-03-31"] * 6
    assert "first_thought" not in text_question_keys()
