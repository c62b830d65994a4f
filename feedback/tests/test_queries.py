"""Exact query counts of the survey admin lists, each at two sizes: flat, not growing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from feedback.tests.factories import FeedbackSurveyFactory, SurveyResponseFactory

pytestmark = pytest.mark.django_db


def _surveys(size: int) -> None:
    for survey in FeedbackSurveyFactory.create_batch(size):
        SurveyResponseFactory.create_batch(2, survey=survey)


def _responses(size: int) -> None:
    SurveyResponseFactory.create_batch(size)


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize(
    ("changelist", "make", "queries"),
    [
        ("admin:feedback_feedbacksurvey_changelist", _surveys, 5),
        ("admin:feedback_surveyresponse_changelist", _responses, 8),
    ],
)
def test_admin_changelist_queries(
    admin_client: Client,
    django_assert_num_queries,
    changelist: str,
    make: Callable[[int], None],
    queries: int,
    size: int,
):
    # given
    make(size)
    # when / then
    with django_assert_num_queries(queries):
        assert admin_client.get(reverse(changelist)).status_code == 200
