"""Finding the tools: the admin index and the start page link to what the account may open,
a missing grant explains itself, and the API docs send a browser to the login page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from feedback.tests.factories import UserFactory
from interviews.services.answers import interview_answer_submit
from interviews.tests.factories import EmployeeFactory, InterviewFactory, QuestionFactory

pytestmark = pytest.mark.django_db

TOOLS = {
    "/analytics/": "Analytics",
    "/rollout/": "Rollout",
    "/feedback/": "HR surveys",
    "/feedback/results/": "Feedback results",
    "/guides/hr-guide.md": "Guides",
}


def _links(html: str) -> set[str]:
    return {path for path, name in TOOLS.items() if f'<a href="{path}">{name}</a>' in html}


def _logged_in(client: Client, *groups: str, perms: tuple[str, ...] = ()) -> Client:
    user = UserFactory.create(groups=list(groups))
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    client.force_login(user)
    return client


def test_admin_index_links_every_tool_for_a_superuser(admin_client):
    # when
    html = admin_client.get("/admin/").content.decode()
    # then
    assert _links(html) == set(TOOLS)


def test_admin_index_links_only_the_tools_an_analyst_may_open(client):
    # given
    _logged_in(client, "Analysts")
    # when
    html = client.get("/admin/").content.decode()
    # then
    assert _links(html) == {"/analytics/", "/feedback/results/", "/guides/hr-guide.md"}
    for path in _links(html):
        assert client.get(path).status_code == 200, path


def test_view_site_opens_a_start_page_with_the_tools_not_a_redirect(client):
    # given
    _logged_in(client, "HR staff", perms=("rollout.view_rolloutphase",))
    # when
    admin_html = client.get("/admin/").content.decode()
    start = client.get("/")
    # then
    assert '<a href="/">View site</a>' in admin_html
    assert start.status_code == 200
    assert _links(start.content.decode()) == {"/rollout/", "/feedback/", "/guides/hr-guide.md"}


def test_start_page_sends_a_logged_out_visitor_to_the_login_page(client):
    # when
    response = client.get("/")
    # then
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/"


@pytest.mark.parametrize(
    ("path", "missing"),
    [
        ("/analytics/", "Analysts group"),
        ("/rollout/", "can view rollout phase"),
        ("/feedback/results/", "HR admins and Analysts groups"),
    ],
)
def test_staff_without_the_grant_get_a_page_saying_what_is_missing_and_whom_to_ask(
    client, path, missing
):
    # given: a staff account in no group
    _logged_in(client)
    # when
    response = client.get(path)
    # then
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>You cannot open this page</h1>" in html
    assert missing in html
    assert "Ask an exitbot administrator" in html


def test_comments_page_names_the_free_text_grant_an_analyst_lacks(client):
    # given
    _logged_in(client, "Analysts")
    # when
    response = client.get("/analytics/comments/")
    # then
    assert response.status_code == 403
    assert "can read free-text answers" in response.content.decode()


def test_api_docs_send_a_logged_out_browser_to_the_login_page(client):
    # when
    response = client.get("/api/docs/", HTTP_ACCEPT="text/html,application/xhtml+xml")
    # then
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/api/docs/"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT": "*/*"},
        {"HTTP_ACCEPT": "text/html", "HTTP_AUTHORIZATION": "Token not-a-real-token"},
    ],
)
def test_api_docs_keep_401_for_api_clients(client, headers):
    # when
    response = client.get("/api/docs/", **headers)
    # then
    assert response.status_code == 401


def test_favicon_is_served_from_the_static_files(client):
    # when
    response = client.get("/favicon.ico")
    # then
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


def test_admin_department_filter_names_employees_without_a_department(admin_client):
    # given
    InterviewFactory.create(employee=EmployeeFactory(department="Sales"))
    nowhere = InterviewFactory.create(employee=EmployeeFactory(department="", name="No Dept"))
    # when
    listing = admin_client.get("/admin/interviews/interview/").content.decode()
    filtered = admin_client.get("/admin/interviews/interview/", {"employee__department": "-"})
    # then
    assert "(no department)</a>" in listing
    assert list(filtered.context["cl"].result_list) == [nowhere]


def test_admin_interview_list_shows_last_activity_and_where_an_open_interview_stopped(
    admin_client,
):
    # given: an open interview whose employee answered the first question
    interview = InterviewFactory.create(in_progress=True)
    first = QuestionFactory.create(
        question_set=interview.question_set, order=1, text="How was your first week?"
    )
    QuestionFactory.create(question_set=interview.question_set, order=2)
    interview_answer_submit(interview=interview, question_id=first.pk, raw="Fine.")
    # when
    html = admin_client.get("/admin/interviews/interview/").content.decode()
    # then
    assert "Last activity" in html
    assert "after “How was your first week?”" in html
