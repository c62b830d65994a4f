"""Every analyst surface hides sensitive answers and redacts names and contact details;
the restricted queue and theme corrections in the admin; the themes page."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from analytics.models import AnswerTheme, EmergingTopic, SensitiveComment, ThemeCorrection
from interviews.models import Employee

pytestmark = pytest.mark.django_db

SECRET = "My supervisor sexually harassed me at the warehouse"
NAMED = "Ask Marek Nowak or zoe about the salary, jo@example.org, 07700 900123"


@pytest.fixture
def analyst(client):
    user = User.objects.create_user(username="ana", is_staff=True)
    user.groups.add(Group.objects.get(name="Analysts"))
    # The comments page and the export's free-text columns need the separate grant.
    user.user_permissions.add(Permission.objects.get(codename="view_free_text"))
    client.force_login(user)
    return client


@pytest.fixture
def leavers(small_set, answered):
    """Twelve completed interviews: ten about pay, one naming people, one sensitive."""
    for number in range(10):
        answered(small_set, ["4", f"The salary was too low, no raise {number}", "no"])
    named = answered(small_set, ["4", NAMED, "no"])
    Employee.objects.filter(pk=named.employee_id).update(name="Marek Nowak")
    Employee.objects.create(employee_id="z1", name="Zoë Okafor", manager_name="Priya Shah")
    answered(small_set, ["1", SECRET, "no"])
    return small_set


def _everything(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _assert_clean(text: str) -> None:
    assert "harassed" not in text
    for leak in ("Marek", "Nowak", "zoe", "jo@example.org", "07700"):
        assert leak not in text


def test_comments_page_hides_sensitive_answers_and_redacts_names(analyst, leavers):
    # when
    html = _everything(analyst.get(reverse("analytics:comments"), {"key": "comment"}))
    # then
    _assert_clean(html)
    assert "Ask [name] or [name] about the salary, [email], [phone]" in html
    assert "11 answers" in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_analyst_export_hides_sensitive_answers_and_redacts_names(analyst, leavers, fmt):
    # when
    response = analyst.get(reverse("analytics:export", args=["interviews", fmt]))
    # then
    assert response.status_code == 200
    if fmt == "csv":
        body = _everything(response)
        _assert_clean(body)
        assert "Ask [name] or [name]" in body


def test_api_csv_export_hides_sensitive_answers_and_redacts_names(leavers):
    # given
    user = User.objects.create_user(username="hris")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_interview", "view_free_text"])
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    # when
    rows = list(csv.reader(io.StringIO(_everything(api.get(reverse("api:export-interviews"))))))
    # then
    body = "\n".join(",".join(r) for r in rows)
    _assert_clean(body)
    assert len(rows) == 13


def test_themes_page_counts_respondents_and_shows_a_themes_redacted_comments(analyst, leavers):
    # when
    response = analyst.get(reverse("analytics:themes"), {"by": "mode", "theme": "compensation"})
    # then
    html = _everything(response)
    _assert_clean(html)
    table = response.context["table"]
    assert table.respondents == 12
    assert table.totals["compensation"] == 11
    assert response.context["comments"].count == 11
    assert "The salary was too low, no raise 3" in html


def test_themes_page_withholds_comments_under_the_threshold(analyst, small_set, answered):
    # given
    for number in range(6):
        answered(small_set, ["4", f"The salary was too low {number}", "no"])
    # when
    response = analyst.get(reverse("analytics:themes"), {"theme": "compensation", "by": "x"})
    # then
    html = _everything(response)
    assert response.context["dimension"] == "month"
    assert "Comments are shown once at least 10 people" in html
    assert "too low 3" not in html


def test_themes_page_folds_small_departments(analyst, small_set, answered):
    # given
    for number in range(6):
        answered(small_set, ["4", f"Low pay {number}", "no"], department="Sales")
    answered(small_set, ["4", "Low pay", "no"], department="Legal")
    # when
    response = analyst.get(reverse("analytics:themes"), {"by": "department"})
    # then
    table = response.context["table"]
    assert "Legal" not in table.groups
    assert table.hidden + sum(table.group_sizes.values()) == 7


def test_themes_page_lists_emerging_topics_and_ignores_unknown_themes(analyst, leavers):
    # given
    EmergingTopic.objects.create(
        terms=["parking", "barrier"], count=12, window_start="2026-01-01", window_end="2026-04-01"
    )
    # when
    response = analyst.get(reverse("analytics:themes"), {"theme": "nonsense"})
    # then
    html = _everything(response)
    assert "parking, barrier" in html and "12 answers" in html
    assert response.context["comments"] is None


def test_sensitive_queue_is_only_for_users_with_view_sensitive(client, leavers, staff_user):
    # given: a staff member with every interview permission but not view_sensitive
    comment = SensitiveComment.objects.get()
    other = User.objects.create_user(username="hrstaff", is_staff=True)
    other.user_permissions.add(*Permission.objects.filter(content_type__app_label="interviews"))
    url = reverse("admin:analytics_sensitivecomment_change", args=[comment.pk])
    # when / then
    client.force_login(other)
    assert client.get(reverse("admin:analytics_sensitivecomment_changelist")).status_code == 403
    assert client.get(url).status_code == 403
    client.force_login(staff_user)
    assert SECRET in client.get(url).content.decode()


def test_sensitive_queue_handler_records_status_and_notes(client, leavers):
    # given
    handler = User.objects.create_user(username="safe", is_staff=True)
    handler.user_permissions.add(Permission.objects.get(codename="view_sensitive"))
    client.force_login(handler)
    comment = SensitiveComment.objects.get()
    url = reverse("admin:analytics_sensitivecomment_change", args=[comment.pk])
    # when
    response = client.post(url, {"status": "in_review", "notes": "Called the employee."})
    # then
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.notes) == ("in_review", "Called the employee.")
    listing = client.get(reverse("admin:analytics_sensitivecomment_changelist"))
    assert "Harassment" in listing.content.decode()


def test_hr_admin_corrects_a_theme_in_the_admin_and_the_correction_is_kept(admin_client, leavers):
    # given
    answer_theme = AnswerTheme.objects.filter(theme="compensation").first()
    url = reverse("admin:analytics_answertheme_change", args=[answer_theme.pk])
    # when
    response = admin_client.post(url, {"theme": "recognition"})
    # then
    assert response.status_code == 302
    answer_theme.refresh_from_db()
    assert (answer_theme.theme, answer_theme.source) == ("recognition", "hr")
    assert ThemeCorrection.objects.get().new_theme == "recognition"
    assert (
        admin_client.get(reverse("admin:analytics_themecorrection_changelist")).status_code == 200
    )


def test_theme_admin_hides_sensitive_answers_from_staff_without_view_sensitive(client, leavers):
    # given
    user = User.objects.create_user(username="hr2", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__endswith="answertheme"))
    client.force_login(user)
    secret = AnswerTheme.objects.filter(response__sensitive__isnull=False).first()
    # when
    listing = client.get(reverse("admin:analytics_answertheme_changelist"))
    detail = client.get(reverse("admin:analytics_answertheme_change", args=[secret.pk]))
    # then
    assert listing.status_code == 200
    assert detail.status_code == 302  # "does not exist" redirects to the list
