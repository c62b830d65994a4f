from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from interviews.models import Interview
from interviews.tests.factories import InterviewFactory, ResponseFactory
from rollout.models import Flag
from rollout.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

URL = "/rollout/"


def test_rollout_page_url_is_named():
    # when / then
    assert reverse("rollout:rollout-status") == URL


def test_rollout_page_sends_anonymous_visitors_to_the_login(client):
    # when
    response = client.get(URL)
    # then
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_rollout_page_is_forbidden_to_staff_without_the_view_permission(client):
    # given
    user = User.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(user)
    # when
    response = client.get(URL)
    # then
    assert response.status_code == 403


def test_rollout_page_is_shown_to_staff_with_the_view_permission(client):
    # given
    user = User.objects.create_user("operator", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_rolloutphase"))
    client.force_login(user)
    # when
    response = client.get(URL)
    # then
    assert response.status_code == 200


def test_rollout_page_shows_empty_states_without_data(admin_client):
    # when
    html = admin_client.get(URL).content.decode()
    # then
    assert "Phase 1 of 4: <strong>Internal testing</strong>" in html
    assert "No interviews were created in the last 14 days." in html
    assert "No answers in LLM mode" in html
    assert "No open incidents." in html
    assert "No LLM is configured" in html
    assert html.count("No data</span>") == 3


def test_rollout_page_shows_the_split_the_criteria_and_the_incidents(admin_client, settings):
    # given
    settings.ROLLOUT_MIN_SAMPLE = 1
    settings.LLM_BASE_URL, settings.LLM_MODEL = "http://127.0.0.1:9/v1", "llama3.2:3b"
    InterviewFactory.create_batch(3)
    llm = InterviewFactory.create(mode=Interview.Mode.LLM)
    ResponseFactory.create(
        interview=llm, handling_ms=40, llm_outcome="fallback", llm_fallback_reason="timeout"
    )
    IncidentFactory.create(critical=True, title="LLM answers leak <b>markup</b>")
    # when
    html = admin_client.get(URL).content.decode()
    # then
    assert "4 new interviews: 3 predefined" in html
    assert "Model <code>llama3.2:3b</code> is configured." in html
    assert "Timed out: 1" in html
    assert "LLM answers leak &lt;b&gt;markup&lt;/b&gt;" in html
    assert "Not met</span>" in html


def test_rollout_page_runs_a_constant_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    # given
    for _ in range(10):
        ResponseFactory.create(handling_ms=30)
    IncidentFactory.create_batch(5)
    # when / then
    with django_assert_max_num_queries(20):
        admin_client.get(URL)


def test_rollout_page_states_the_effective_split_first_when_no_llm_is_configured(admin_client):
    # given: phase 1 aims at 0 % predefined, but no model is configured
    html = admin_client.get(URL).content.decode()
    # when
    lead = html.split("<h1>Rollout</h1>", 1)[1].split("</p>", 1)[0]
    # then
    assert "<strong>100 % predefined questions</strong>" in lead
    assert "0 % LLM conversation, because no LLM is configured" in lead
    assert html.index("100 % predefined questions") < html.index('id="phase-heading"')


def test_rollout_page_computes_the_split_from_both_flags_when_an_llm_is_configured(
    admin_client, settings
):
    # given: predefined_questions keeps 50 %, llm_fallback_allowed lets all the rest through
    settings.LLM_BASE_URL, settings.LLM_MODEL = "http://127.0.0.1:9/v1", "llama3.2:3b"
    Flag.objects.filter(name="predefined_questions").update(enabled=True, percentage=50)
    Flag.objects.filter(name="llm_fallback_allowed").update(
        enabled=True, percentage=100, departments=["Sales"]
    )
    # when
    html = admin_client.get(URL).content.decode()
    # then
    assert "<strong>50 % predefined questions</strong>" in html
    assert "50 % LLM conversation, because the predefined_questions flag keeps 50 %" in html
    assert "The flags are limited to Sales" in html
