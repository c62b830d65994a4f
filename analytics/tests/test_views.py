"""The analyst pages over HTTP: who may see them, what they show, the downloads."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from analytics.models import QuestionStats
from analytics.services import question_stats_compute
from interviews.models import Interview

pytestmark = pytest.mark.django_db

PAGES = [
    "analytics:effectiveness",
    "analytics:funnel",
    "analytics:reasons",
    "analytics:enps",
    "analytics:comparison",
    "analytics:trends",
    "analytics:comments",
]


@pytest.fixture
def analyst_client(client):
    user = User.objects.create_user(username="ana", is_staff=True)
    user.groups.add(Group.objects.get(name="Analysts"))
    user.user_permissions.add(Permission.objects.get(codename="view_free_text"))
    client.force_login(user)
    return client


@pytest.fixture
def demo_data(small_set, answered):
    for number in range(12):
        answered(
            small_set,
            ["5", '=HYPERLINK("http://x")' if number == 0 else f"note {number}", "yes"],
            department="Sales" if number % 2 else "Support",
        )
    question_stats_compute(day=timezone.localdate())


@pytest.mark.parametrize("name", PAGES)
def test_analytics_pages_send_anonymous_visitors_to_log_in(client, name):
    # when
    response = client.get(reverse(name))
    # then
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_analytics_pages_refuse_staff_without_the_permission(client, name):
    # given
    client.force_login(User.objects.create_user(username="staff", is_staff=True))
    # when / then
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_analytics_pages_show_empty_states_without_data(analyst_client, name):
    # when
    response = analyst_client.get(reverse(name))
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="empty"' in html or "Started" in html


@pytest.mark.parametrize("name", PAGES)
def test_analytics_pages_render_with_data(analyst_client, demo_data, name):
    # when
    response = analyst_client.get(reverse(name))
    # then
    assert response.status_code == 200


def test_effectiveness_page_sorts_and_draws_a_chart_with_a_table(analyst_client, demo_data):
    # when
    response = analyst_client.get(
        reverse("analytics:effectiveness"), {"sort": "responses", "dir": "desc"}
    )
    # then
    html = response.content.decode()
    assert '<svg class="chart" role="img"' in html
    assert "<title" in html and "<table" in html
    assert 'aria-sort="descending"' in html
    assert "Weak:" not in html.split("<tbody>")[1].split("rate</code>")[0]


def test_reasons_page_ignores_an_unknown_dimension(analyst_client):
    # when
    response = analyst_client.get(reverse("analytics:reasons"), {"by": "salary"})
    # then
    assert response.status_code == 200
    assert response.context["dimension"] == "department"


def test_comments_page_shows_answers_escaped_above_the_threshold(analyst_client, demo_data):
    # when
    response = analyst_client.get(reverse("analytics:comments"), {"key": "comment"})
    # then
    html = response.content.decode()
    assert "note 11" in html
    assert "12 answers" in html


def test_recompute_button_recomputes_the_statistics(
    analyst_client, small_set, answered, django_capture_on_commit_callbacks
):
    # given
    answered(small_set, ["5", "x", "yes"])
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst_client.post(reverse("analytics:recompute"))
    # then
    assert response.status_code == 302
    assert QuestionStats.objects.filter(question_key="rate").exists()


def test_recompute_refuses_get(analyst_client):
    # when / then
    assert analyst_client.get(reverse("analytics:recompute")).status_code == 405


@pytest.fixture
def respondents(small_set, answered):
    """Twenty completed interviews, ten in each of two departments."""
    for number in range(20):
        interview = answered(
            small_set,
            ["5", '=HYPERLINK("http://x")' if number == 0 else f"note {number}", "yes"],
            department="Sales" if number % 2 else "Support",
        )
        Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.COMPLETED)


def test_interviews_csv_reads_back_with_answers_by_key_and_no_formulas(analyst_client, respondents):
    # when
    response = analyst_client.get(reverse("analytics:export", args=["interviews", "csv"]))
    # then
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["question_set", "mode", "department"]
    assert {"rate", "comment", "back"} <= set(header)
    assert len(body) == 20
    comments = [row[header.index("comment")] for row in body]
    assert '\'=HYPERLINK("[link]")' in comments  # neutralised, and the link redacted
    assert not any(c.startswith("=") for row in body for c in row)
    assert "name" not in header and "employee_id" not in header
    assert {row[header.index("department")] for row in body} == {"Sales", "Support"}


def test_stats_xlsx_opens_with_the_statistics(analyst_client, demo_data):
    # when
    response = analyst_client.get(reverse("analytics:export", args=["stats", "xlsx"]))
    # then
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "question_key"
    assert {row[2] for row in rows[1:]} == {"rate", "comment", "back"}


def test_interviews_xlsx_writes_formulas_as_quote_prefixed_text(analyst_client, respondents):
    # when
    response = analyst_client.get(reverse("analytics:export", args=["interviews", "xlsx"]))
    # then
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 21
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    formula = [cell for cell in cells if cell.value == '=HYPERLINK("[link]")']
    assert len(formula) == 1
    assert formula[0].data_type == "s"
    assert formula[0].quotePrefix
    assert not any(str(cell.value).startswith("'") for cell in cells)


def test_export_of_something_unknown_is_a_404(analyst_client):
    # when / then
    assert (
        analyst_client.get(reverse("analytics:export", args=["people", "csv"])).status_code == 404
    )
    assert analyst_client.get(reverse("analytics:export", args=["stats", "pdf"])).status_code == 404
