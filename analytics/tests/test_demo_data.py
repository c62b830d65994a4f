"""seed_demo looks like real data: varied comments with themes, an emerging topic, timings."""

from __future__ import annotations

import io
import statistics

import pytest
from django.core.management import call_command

from analytics.models import AnswerTheme, EmergingTopic
from interviews.models import Question, Response

pytestmark = pytest.mark.django_db


def test_seed_demo_draws_varied_comments_and_timings_from_the_corpus(settings):
    # given
    settings.LLM_BASE_URL = ""
    # when
    call_command("seed_demo", stdout=io.StringIO())
    # then
    texts = Response.objects.filter(question__kind=Question.Kind.TEXT).exclude(employee_message="")
    assert texts.values("employee_message").distinct().count() >= 40
    text_seconds = list(texts.values_list("seconds_spent", flat=True))
    click_seconds = list(
        Response.objects.exclude(question__kind=Question.Kind.TEXT).values_list(
            "seconds_spent", flat=True
        )
    )
    assert 20 <= statistics.median(text_seconds) <= 300
    assert 2 <= statistics.median(click_seconds) < 20
    assert max(text_seconds) > 60
    assert AnswerTheme.objects.values("theme").distinct().count() >= 8
    # and the concern of the last two months that no theme names is found as a topic
    topic = EmergingTopic.objects.get()
    assert topic.count >= 10
    assert {"badge", "monitoring"} <= set(topic.terms)
