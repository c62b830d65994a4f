from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from analytics.models import QuestionStats
from interviews.tests.factories import QuestionSetFactory


class QuestionStatsFactory(DjangoModelFactory[QuestionStats]):
    class Meta:
        model = QuestionStats

    question_set = factory.SubFactory(QuestionSetFactory)
    question_key = factory.Sequence(lambda n: f"q_{n}")
    mode = "predefined"
    period = QuestionStats.Period.ROLLING_30
    period_start = factory.Faker("past_date")
    period_end = factory.LazyAttribute(lambda o: o.period_start)
    responses = 10
    non_empty = 10
    completion_rate = 1.0
