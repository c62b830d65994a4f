"""compute_question_stats."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from analytics.models import QuestionStats

pytestmark = pytest.mark.django_db


def test_compute_question_stats_covers_each_day_since(small_set, answered):
    # given
    answered(small_set, ["5", "x", "yes"], days_ago=2)
    since = timezone.localdate() - datetime.timedelta(days=2)
    out = StringIO()
    # when
    call_command("compute_question_stats", "--since", since.isoformat(), stdout=out)
    # then
    assert QuestionStats.objects.filter(period="day").count() == 3
    assert QuestionStats.objects.filter(period="30d").values("period_start").distinct().count() == 3
    assert out.getvalue().startswith("Wrote ")


@pytest.mark.parametrize(
    ("since", "message"), [("yesterday", "must be a date"), ("2999-01-01", "future")]
)
def test_compute_question_stats_refuses_a_bad_since(since, message):
    # when / then
    with pytest.raises(CommandError, match=message):
        call_command("compute_question_stats", "--since", since)
