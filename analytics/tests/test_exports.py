"""The interview export keeps every respondent in a group of at least the threshold."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from interviews.models import Interview

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst_client(client):
    user = User.objects.create_user(username="ana", is_staff=True)
    user.groups.add(Group.objects.get(name="Analysts"))
    client.force_login(user)
    return client


def _csv(response) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    return rows[0], rows[1:]


def _complete(interview: Interview) -> None:
    Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.COMPLETED)


def test_export_hides_a_lone_respondent_among_interviews_created_in_a_department(
    analyst_client, small_set, answered
):
    # given: Finance has five interviews but only one respondent; Sales has twelve respondents
    for number in range(12):
        _complete(answered(small_set, ["4", f"sales note {number}", "yes"], department="Sales"))
    _complete(answered(small_set, ["1", "my manager in Finance", "no"], department="Finance"))
    for _ in range(4):
        answered(small_set, ["3"], department="Finance")
    # when
    header, body = _csv(analyst_client.get(reverse("analytics:export", args=["interviews", "csv"])))
    # then: nobody is shown as Finance, and the lone respondent's words are not tied to it
    departments = [row[header.index("department")] for row in body]
    assert "Finance" not in departments
    assert all(departments.count(d) >= 5 for d in departments)
    lone = [row for row in body if "my manager in Finance" in row]
    assert all(row[header.index("department")] != "Finance" for row in lone)


def test_export_counts_only_respondents_and_never_shows_exact_times(
    analyst_client, small_set, answered
):
    # given: six respondents in Sales and five who never finished
    for number in range(6):
        _complete(answered(small_set, ["4", f"note {number}", "yes"], department="Sales"))
    for _ in range(5):
        answered(small_set, ["2"], department="Sales")
    # when
    header, body = _csv(analyst_client.get(reverse("analytics:export", args=["interviews", "csv"])))
    # then
    assert len(body) == 6
    assert "interview" not in header and "started_at" not in header
    months = {row[header.index("completed_month")] for row in body}
    assert all(len(month) == len("2026-11") for month in months)


def test_export_shows_free_text_only_for_groups_of_the_comments_threshold(
    analyst_client, small_set, answered
):
    # given: seven respondents, enough for scores (5) but not for comments (10)
    for number in range(7):
        _complete(answered(small_set, ["4", f"secret words {number}", "yes"], department="Sales"))
    # when
    header, body = _csv(analyst_client.get(reverse("analytics:export", args=["interviews", "csv"])))
    # then
    assert len(body) == 7
    assert {row[header.index("rate")] for row in body} == {"4"}
    assert not any("secret words" in cell for row in body for cell in row)


def test_export_of_fewer_respondents_than_the_threshold_has_no_rows(
    analyst_client, small_set, answered
):
    # given
    for number in range(4):
        _complete(answered(small_set, ["4", f"note {number}", "yes"], department="Sales"))
    # when
    header, body = _csv(analyst_client.get(reverse("analytics:export", args=["interviews", "csv"])))
    # then
    assert "rate" in header
    assert body == []
