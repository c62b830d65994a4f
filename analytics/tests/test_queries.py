"""Exact query counts of the analyst pages at two sizes: the count must not grow with the data.

Both sizes are above the anonymity threshold, so every figure is shown at both.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from analytics.models import AnswerTheme, SensitiveComment, ThemeCorrection
from analytics.services import question_stats_compute
from analytics.tests.factories import QuestionStatsFactory
from interviews.tests.factories import ExperienceEventFactory, ResponseFactory

pytestmark = pytest.mark.django_db

PAGE_QUERIES = {
    "analytics:effectiveness": 6,
    "analytics:funnel": 6,
    "analytics:reasons": 4,
    "analytics:enps": 4,
    "analytics:comparison": 4,
    "analytics:trends": 5,
    "analytics:comments": 9,  # the read is audited; the known names are read to redact
}


@pytest.fixture
def analyst_client(client: Client) -> Client:
    user = User.objects.create_user(username="ana", is_staff=True)
    user.groups.add(Group.objects.get(name="Analysts"))
    user.user_permissions.add(Permission.objects.get(codename="view_free_text"))
    client.force_login(user)
    return client


@pytest.mark.parametrize("respondents", [10, 16])
def test_analyst_page_queries(
    analyst_client, small_set, answered, django_assert_num_queries, respondents
):
    # given
    for number in range(respondents):
        answered(small_set, [str(1 + number % 5), f"comment {number}", "yes"])
    question_stats_compute(day=timezone.localdate())
    for page, queries in PAGE_QUERIES.items():
        params = {"key": "comment"} if page == "analytics:comments" else {}
        # when / then
        with django_assert_num_queries(queries):
            assert analyst_client.get(reverse(page), params).status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_api_question_stats_list_queries(api_client_with, django_assert_num_queries, size):
    # given: rows shown and rows hidden under the threshold
    client = api_client_with("analytics.view_questionstats")
    QuestionStatsFactory.create_batch(size)
    QuestionStatsFactory.create_batch(size, responses=1, non_empty=1)
    # when / then: token, permissions (the user's own and their groups', in one), count, page
    # with its sets
    with django_assert_num_queries(5):
        assert client.get(reverse("api:stats-questions")).status_code == 200


def _stats(size: int) -> None:
    QuestionStatsFactory.create_batch(size)


def _events(size: int) -> None:
    ExperienceEventFactory.create_batch(size)


def _themes(size: int) -> None:
    for response in ResponseFactory.create_batch(size):
        AnswerTheme.objects.create(response=response, theme="compensation")


def _corrections(size: int) -> None:
    user = User.objects.create_user(username="corrector")
    for response in ResponseFactory.create_batch(size):
        ThemeCorrection.objects.create(
            response=response, old_theme="compensation", new_theme="manager", corrected_by=user
        )


def _sensitive(size: int) -> None:
    for response in ResponseFactory.create_batch(size):
        SensitiveComment.objects.create(response=response, reasons=["harassment"])


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize(
    ("changelist", "make", "queries"),
    [
        ("admin:analytics_questionstats_changelist", _stats, 8),
        ("admin:interviews_experienceevent_changelist", _events, 5),
        ("admin:analytics_answertheme_changelist", _themes, 5),
        ("admin:analytics_themecorrection_changelist", _corrections, 5),
        ("admin:analytics_sensitivecomment_changelist", _sensitive, 5),
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
