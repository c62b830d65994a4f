"""The interview export keeps every respondent in a group of at least the threshold."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from interviews.models import Interview

pytestmark = pytest.mark.django_db


def _analyst(*, free_text: bool) -> Client:
    user = User.objects.create_user(username=f"ana-{free_text}", is_staff=True)
    user.groups.add(Group.objects.get(name="Analysts"))
    if free_text:
        user.user_permissions.add(Permission.objects.get(codename="view_free_text"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def analyst_client(db):
    """An analyst granted the free text too, so that its anonymity rules can be seen."""
    return _analyst(free_text=True)


def _csv(response) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    return rows[0], rows[1:]


def _rows(response, fmt: str) -> tuple[list[str], list[list[str]]]:
    if fmt == "csv":
        return _csv(response)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, *body = [["" if v is None else str(v) for v in row] for row in sheet.values]
    return header, body


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


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_leaves_free_text_out_for_an_analyst_without_the_free_text_grant(
    small_set, answered, fmt
):
    # given: twelve respondents, enough for comments, each with a written answer
    for number in range(12):
        _complete(answered(small_set, ["4", f"written words {number}", "yes"], department="Sales"))
    url = reverse("analytics:export", args=["interviews", fmt])
    # when
    plain_header, plain_body = _rows(_analyst(free_text=False).get(url), fmt)
    granted_header, granted_body = _rows(_analyst(free_text=True).get(url), fmt)
    # then: the same respondents, but the free-text column only for the grant
    assert "comment" not in plain_header and {"rate", "back"} <= set(plain_header)
    assert len(plain_body) == len(granted_body) == 12
    assert not any("written words" in cell for row in plain_body for cell in row)
    assert [row[granted_header.index("comment")] for row in granted_body] == [
        f"written words {number}" for number in range(12)
    ]
