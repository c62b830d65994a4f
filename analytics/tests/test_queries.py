"""Exact query counts of the analyst pages at two sizes: the count must not grow with the data.

Both sizes are above the anonymity threshold, so every figure is shown at both.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from analytics.services import question_stats_compute

pytestmark = pytest.mark.django_db

PAGE_QUERIES = {
    "analytics:effectiveness": 7,
    "analytics:funnel": 7,
    "analytics:reasons": 5,
    "analytics:enps": 5,
    "analytics:comparison": 5,
    "analytics:trends": 6,
    "analytics:comments": 10,  # the read is audited; the known names are read to redact
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
