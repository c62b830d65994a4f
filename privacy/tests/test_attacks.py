"""The attack suite: each test is an attack on exitbot and the refusal it must meet.

One place to audit what has been tried. Attacks whose specs live next to the code they
exercise are listed here rather than repeated:

- XSS: LLM turns on the interview page: interviews/tests/test_views_llm.py; every page
  script-free under a strict CSP, without inline styles: exitbot/tests/test_csp.py.
- Formula injection: analyst CSV and XLSX in analytics/tests/test_views.py (``*_no_formulas``,
  ``*_quote_prefixed_text``); API CSV in analytics/tests/test_api.py; HR survey results CSV in
  feedback/tests/test_views.py (``test_results_csv_is_formula_safe``); the cell rule itself in
  exitbot/tests/test_analytics_lib.py.
- IDOR: the interview page and the rating without the session: interviews/tests/test_views.py,
  feedback/tests/test_views.py; every role against every page, export and endpoint:
  analytics/tests/test_roles.py; free text in exports: analytics/tests/test_exports.py.
- Enumeration and brute force: the token-guess limit across workers,
  interviews/tests/test_ratelimit_workers.py; the admin sign-in lockout,
  exitbot/tests/test_admin_lockout.py; links of finished interviews,
  interviews/tests/test_views_link_expiry.py.
- Malformed input: NUL bytes, invalid UTF-8, deep JSON, extreme dates, a NUL in every parameter
  of every URL: exitbot/tests/test_hostile_input.py.
- SSRF: DNS rebinding (the pinned address): exitbot/tests/test_webhook_addresses.py; a private
  URL in the admin and at delivery: integrations/tests/test_webhooks.py.
- Small groups: every surface, every filter, random data (hypothesis):
  analytics/tests/test_anonymity.py; respondents, not interviews: analytics/tests/test_exports.py.
- Tokens in logs: operations/tests/test_logs.py, operations/tests/test_gunicorn.py.
"""

from __future__ import annotations

import datetime
import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from analytics.models import AnswerTheme
from exitbot.lib.webhooks import UnsafeUrlError, url_check
from feedback.models import FeedbackSurvey
from feedback.services import survey_answer_submit
from feedback.tests.factories import UserFactory
from integrations.models import Webhook, WebhookDelivery
from integrations.webhooks import webhook_deliver
from interviews.models import Employee, Interview, Question, Response
from interviews.selectors import question_set_default_get
from interviews.services.interviews import interview_create
from interviews.tests.factories import (
    EmployeeFactory,
    InterviewFactory,
    QuestionFactory,
    QuestionSetFactory,
    ResponseFactory,
    browser_binding,
)
from interviews.tests.test_views import _answer_current, _current_question_id, _invite, _open
from rollout.models import Incident

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def _assert_inert(html: str) -> None:
    """The payload reached the page, and only as text."""
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert ESCAPED in html


def _hr_admin() -> Client:
    user = User.objects.create_user("lead", is_staff=True)
    user.groups.add(Group.objects.get(name="HR admins"))
    client = Client()
    client.force_login(user)
    return client


def _respondents_who_wrote(text: str, count: int = 12) -> list[Response]:
    """Completed interviews of the default set, each with a free-text reason."""
    question = Question.objects.get(key="reason_detail", question_set__is_default=True)
    answers = []
    for _ in range(count):
        interview = InterviewFactory.create(
            question_set=question.question_set,
            status=Interview.Status.COMPLETED,
            completed_at=timezone.now(),
        )
        answers.append(
            ResponseFactory.create(interview=interview, question=question, employee_message=text)
        )
    return answers


# XSS: text typed by an employee, by HR or by an HR system shows as text on every surface.


def test_xss_in_an_answer_shows_as_text_on_the_interview_page(client):
    # given: the interview has reached a free-text question
    interview, path = _invite()
    page = _open(client, path)
    while (
        question := Question.objects.get(pk=_current_question_id(client.get(page).content.decode()))
    ).kind != Question.Kind.TEXT:
        _answer_current(client, page)
    # when
    client.post(page + "answer/", {"question_id": question.pk, "answer": SCRIPT})
    # then
    assert Response.objects.filter(interview=interview).exists()
    _assert_inert(client.get(page).content.decode())


def test_xss_in_question_text_written_by_hr_shows_as_text_to_the_employee(client):
    # given: a question set whose intro, question and help text carry the payload
    question_set = QuestionSetFactory.create(intro_message=SCRIPT, is_default=False)
    QuestionFactory.create(question_set=question_set, text=SCRIPT, help_text=SCRIPT)
    created = interview_create(employee=EmployeeFactory.create(), question_set=question_set)
    # when
    html = client.get(_open(client, created.invite_url.split("8000")[-1])).content.decode()
    # then
    _assert_inert(html)
    assert html.count(ESCAPED) >= 3


def test_xss_in_a_name_and_an_answer_shows_as_text_in_the_admin(admin_client):
    # given
    interview = InterviewFactory.create(employee=EmployeeFactory.create(name=SCRIPT))
    ResponseFactory.create(interview=interview, employee_message=SCRIPT, value=SCRIPT)
    # when
    transcript = admin_client.get(f"/admin/interviews/interview/{interview.pk}/change/")
    listing = admin_client.get("/admin/interviews/interview/")
    employees = admin_client.get("/admin/interviews/employee/")
    # then
    for response in (transcript, listing, employees):
        assert response.status_code == 200
        _assert_inert(response.content.decode())


def test_xss_in_answers_shows_as_text_on_the_comments_and_themes_pages(admin_client):
    # given: enough respondents for comments, all coded with one theme
    for answer in _respondents_who_wrote(SCRIPT):
        AnswerTheme.objects.create(response=answer, theme="compensation")
    # when
    comments = admin_client.get("/analytics/comments/", {"key": "reason_detail"})
    themes = admin_client.get("/analytics/themes/", {"theme": "compensation"})
    # then
    for response in (comments, themes):
        assert response.status_code == 200
        _assert_inert(response.content.decode())


def test_xss_in_hr_survey_answers_shows_as_text_on_the_results_page(admin_client):
    # given
    survey = FeedbackSurvey.objects.get(slug="predefined-questions-feedback")
    user = UserFactory.create(groups=["HR staff"])
    raw = {"system_speed": "4", "data_quality": "4", "ease_of_use": "4", "suggestions": SCRIPT}
    survey_answer_submit(survey=survey, user=user, raw=raw)
    # when
    response = admin_client.get(reverse("feedback:results"))
    # then
    _assert_inert(response.content.decode())


def test_xss_in_an_incident_title_shows_as_text_on_the_rollout_page(admin_client):
    # given
    Incident.objects.create(title=SCRIPT, severity=Incident.Severity.CRITICAL)
    # when
    response = admin_client.get("/rollout/")
    # then
    _assert_inert(response.content.decode())


def test_xss_in_an_answer_is_json_text_in_the_api_whatever_the_client_accepts(admin_client):
    # given
    interview = InterviewFactory.create()
    ResponseFactory.create(interview=interview, employee_message=SCRIPT, value=SCRIPT)
    # when: a browser asks for HTML
    response = admin_client.get(
        f"/api/v1/interviews/{interview.pk}/report/", HTTP_ACCEPT="text/html"
    )
    # then: JSON (or a JSON refusal), never a page a browser would run, nor sniffed as one
    assert response.status_code in (200, 406)
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<html" not in response.content.decode()
    # and: a browser's usual Accept header gets the answers as JSON strings
    data = admin_client.get(
        f"/api/v1/interviews/{interview.pk}/report/",
        HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8",
    )
    assert data["Content-Type"].startswith("application/json")
    assert json.dumps(SCRIPT) in json.dumps(data.json())


def test_xss_in_a_name_reaches_the_invite_as_plain_text_only(
    settings, django_capture_on_commit_callbacks
):
    # given
    settings.ORGANISATION_NAME = "Smith & Sons <HR>"
    employee = EmployeeFactory.create(name=SCRIPT, personal_email="leaver@example.com")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        interview_create(employee=employee, send_invite=True)
    # then: a text e-mail with no HTML part, showing the name and organisation as typed
    (message,) = mail.outbox
    assert not getattr(message, "alternatives", [])
    assert message.content_subtype == "plain"
    assert f"Hello {SCRIPT}," in message.body
    assert message.subject == "Your exit interview with Smith & Sons <HR>"


# IDOR: a session or a token reaches only what it was given.


def test_idor_a_session_cannot_answer_another_employees_interview(client):
    # given: this browser holds interview A; interview B belongs to someone else
    mine, my_path = _invite()
    theirs, _ = _invite()
    _open(client, my_path)
    question = theirs.question_set.questions.order_by("order").first()
    # when
    page = client.get(reverse("interviews:interview-detail", args=[theirs.public_id]))
    answer = client.post(
        reverse("interviews:interview-answer", args=[theirs.public_id]),
        {"question_id": question.pk, "answer": "Because."},
    )
    # then
    assert page.status_code == 404 and answer.status_code == 404
    assert not theirs.responses.exists()


def test_idor_an_answer_for_a_question_of_another_set_is_not_stored(client):
    # given
    interview, path = _invite()
    page = _open(client, path)
    foreign = QuestionFactory.create(question_set=QuestionSetFactory.create())
    # when
    client.post(page + "answer/", {"question_id": foreign.pk, "answer": "Because."})
    client.post(page + "answer/", {"question_id": "999999999", "answer": "Because."})
    # then
    assert not interview.responses.exists()


def test_idor_an_invite_token_opens_only_its_own_interview(client):
    # given
    first, first_path = _invite()
    second, second_path = _invite()
    # when
    page = _open(client, first_path)
    # then: the page is the first interview's, and nothing binds the second
    assert str(first.public_id) in page
    assert browser_binding(client).bound == [str(first.public_id)]
    other = client.get(reverse("interviews:interview-detail", args=[second.public_id]))
    assert other.status_code == 404


def test_idor_an_hr_survey_answer_is_stored_for_the_signed_in_user_only():
    # given: an HR user posts the survey naming another user's id
    survey = FeedbackSurvey.objects.get(slug="predefined-questions-feedback")
    victim = UserFactory.create(groups=["HR staff"])
    attacker = UserFactory.create(groups=["HR staff"])
    client = Client()
    client.force_login(attacker)
    # when
    client.post(
        reverse("feedback:survey-answer", args=[survey.slug]),
        {"system_speed": "1", "data_quality": "1", "ease_of_use": "1", "user": victim.pk},
    )
    # then
    assert list(survey.responses.values_list("user", flat=True)) == [attacker.pk]


def test_idor_api_objects_by_id_need_the_permission_whether_or_not_they_exist(api_client_with):
    # given: a token allowed statistics only
    client = api_client_with("analytics.view_questionstats")
    interview = InterviewFactory.create()
    # when
    existing = client.get(f"/api/v1/interviews/{interview.pk}/report/")
    missing = client.get(f"/api/v1/interviews/{interview.pk + 1000}/report/")
    answer = client.post(
        f"/api/v1/interviews/{interview.pk}/messages/",
        {"question_id": 1, "message": "x"},
        format="json",
    )
    # then: the same refusal, so ids cannot be probed, and nothing stored
    assert existing.status_code == missing.status_code == answer.status_code == 403
    assert existing.json() == missing.json()
    assert not interview.responses.exists()


# Enumeration: nothing tells an outsider whether a token, an id or an account exists.


def test_enumeration_unknown_and_malformed_tokens_get_the_same_404(client):
    # given
    real, _ = _invite()
    probes = ["not-a-token", "A" * 43, "A" * 500, "..%2F..%2Fetc", str(real.public_id)]
    # when
    responses = [client.get(f"/i/{probe}/") for probe in probes]
    # then
    assert {r.status_code for r in responses} == {404}
    assert len({r.content for r in responses}) == 1


def test_enumeration_admin_sign_in_fails_alike_for_real_and_unknown_accounts():
    # given
    User.objects.create_user("real.person", password="right-password-123", is_staff=True)
    pages = []
    for username in ("real.person", "nobody.here"):
        # when
        response = Client().post(
            "/admin/login/", {"username": username, "password": "wrong-password-123"}
        )
        # the form echoes the username typed and carries a fresh CSRF token: both set aside
        page = response.content.decode().replace(f'value="{username}"', "")
        pages.append(re.sub(r'value="[^"]{40,}"', "", page))
    # then
    assert pages[0] == pages[1]


def test_enumeration_a_missing_api_object_says_only_not_found(admin_client):
    # when
    response = admin_client.get("/api/v1/interviews/987654321/")
    # then
    assert response.status_code == 404
    assert "987654321" not in response.content.decode()


# CSRF: a page on another site cannot make a signed-in browser act.


@pytest.fixture
def signed_in_browser(staff_user) -> Client:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_user)
    return browser


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/analytics/recompute/", {}),
        ("/admin/interviews/questionset/{pk}/publish/", {}),
        ("/admin/interviews/questionset/{pk}/clone/", {}),
        ("/admin/rollout/flag/add/", {"name": "x", "percentage": "100"}),
        ("/admin/auth/user/add/", {"username": "evil", "password1": "x", "password2": "x"}),
        ("/feedback/surveys/predefined-questions-feedback/", {"system_speed": "1"}),
    ],
)
def test_csrf_staff_forms_refuse_a_post_without_the_token(signed_in_browser, path, data):
    # given
    users = User.objects.count()
    # when
    response = signed_in_browser.post(path.format(pk=question_set_default_get().pk), data)
    # then
    assert response.status_code == 403
    assert User.objects.count() == users


def test_csrf_api_with_a_session_cookie_refuses_a_post_without_the_token(signed_in_browser):
    # when
    response = signed_in_browser.post(
        "/api/v1/interviews/",
        json.dumps({"employee": {"employee_id": "E-1", "name": "A"}}),
        content_type="application/json",
    )
    # then
    assert response.status_code == 403
    assert not Employee.objects.filter(employee_id="E-1").exists()


def test_csrf_an_employee_answer_from_another_site_is_refused():
    # given
    browser = Client(enforce_csrf_checks=True)
    interview, path = _invite()
    page = _open(browser, path)
    question = interview.question_set.questions.order_by("order").first()
    # when
    response = browser.post(
        page + "answer/",
        {"question_id": question.pk, "answer": "Other"},
        HTTP_ORIGIN="https://evil.example",
    )
    # then
    assert response.status_code == 403
    assert not interview.responses.exists()


# Open redirect: no redirect parameter sends a visitor to another site.

OFFSITE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    " //evil.example/",
    "/%09/evil.example",
    "javascript:alert(1)",
    "http://testserver@evil.example/",
]


def _stays_here(location: str) -> bool:
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("target", OFFSITE)
def test_open_redirect_sign_in_next_stays_on_the_site(target):
    # given
    User.objects.create_user("hr.person", password="right-password-123", is_staff=True)
    # when
    response = Client().post(
        f"/admin/login/?next={target}",
        {"username": "hr.person", "password": "right-password-123", "next": target},
    )
    # then
    assert response.status_code == 302
    assert _stays_here(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", OFFSITE)
def test_open_redirect_sign_out_next_stays_on_the_site(admin_client, target):
    # when
    response = admin_client.post(f"/admin/logout/?next={target}")
    # then
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert _stays_here(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", OFFSITE)
def test_open_redirect_pages_that_send_to_sign_in_keep_next_on_the_site(client, target):
    # when: anonymous visitors are sent to sign in
    response = client.get("/analytics/", {"next": target})
    # then: back to the page they asked for (with its own query), never to the parameter
    assert response.status_code == 302
    (after_sign_in,) = parse_qs(urlsplit(response["Location"]).query)["next"]
    assert urlsplit(after_sign_in).path == "/analytics/"


def test_open_redirect_admin_changelist_filters_cannot_leave_the_site(admin_client):
    # given
    question_set = question_set_default_get()
    # when: a crafted "back to the list" parameter on a publish or clone
    response = admin_client.post(
        f"/admin/interviews/questionset/{question_set.pk}/clone/"
        "?_changelist_filters=next%3Dhttps%3A%2F%2Fevil.example"
    )
    # then
    assert response.status_code == 302
    assert _stays_here(response["Location"])


# Oversized and malformed input: refused with a 4xx, nothing stored, never a 500.


def test_oversized_answer_is_refused_with_a_message_and_keeps_nothing(client, settings):
    # given
    interview, path = _invite()
    page = _open(client, path)
    html = client.get(page).content.decode()
    question_id = _current_question_id(html)
    # when
    response = client.post(
        page + "answer/",
        {"question_id": question_id, "answer": "x" * (settings.ANSWER_MAX_LENGTH + 1)},
        follow=True,
    )
    # then
    assert response.status_code in (200, 422)
    assert not interview.responses.exists()


def test_oversized_body_is_a_400_and_keeps_nothing(client, settings):
    # given
    interview, path = _invite()
    page = _open(client, path)
    question_id = _current_question_id(client.get(page).content.decode())
    # when
    response = client.post(
        page + "answer/",
        {"question_id": question_id, "answer": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)},
    )
    # then
    assert response.status_code == 400
    assert not interview.responses.exists()


def test_too_many_form_fields_are_a_400(client, settings):
    # given
    interview, path = _invite()
    page = _open(client, path)
    fields = {f"f{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    # when
    response = client.post(page + "answer/", fields)
    # then
    assert response.status_code == 400
    assert not interview.responses.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        b'"a string"',
        b'{"question_id": "1e400", "message": "x"}',
        b'{"question_id": [1], "message": {"a": 1}}',
        b'{"question_id": 1, "message": "' + b"x" * 100_000 + b'"}',
        b"\xff\xfe{}",
    ],
)
def test_malformed_api_messages_are_a_400_and_keep_nothing(admin_client, body):
    # given
    interview = InterviewFactory.create(question_set=question_set_default_get(), in_progress=True)
    # when
    response = admin_client.post(
        f"/api/v1/interviews/{interview.pk}/messages/", body, content_type="application/json"
    )
    # then
    assert 400 <= response.status_code < 500, response.status_code
    assert "application/json" in response["Content-Type"]
    assert not interview.responses.exists()


@pytest.mark.parametrize(
    "query",
    [
        {"created_after": "99999-01-01"},
        {"created_after": "-0001-01-01"},
        {"created_after": "2026-02-30"},
        {"page": "99999999999999999999"},
        {"page_size": "-1"},
        {"status": "completed' OR 1=1 --"},
    ],
)
def test_malformed_api_filters_never_give_a_5xx(admin_client, query):
    # when
    response = admin_client.get("/api/v1/interviews/", query)
    # then
    assert response.status_code < 500


# SSRF: a webhook URL never reaches the inside of the company network.


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",  # loopback
        "http://localhost/hook",  # a name that resolves to loopback
        "http://LOCALHOST/hook",
        "http://10.1.2.3/hook",  # private ranges
        "http://172.16.0.1/hook",
        "http://192.168.1.1/hook",
        "http://100.64.0.1/hook",  # carrier-grade NAT
        "http://169.254.169.254/latest/meta-data/",  # link-local: cloud metadata
        "http://[fe80::1]/hook",
        "http://[fd00::1]/hook",  # unique local
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",  # IPv4-mapped
        "http://[::ffff:a9fe:a9fe]/hook",
        "http://[::7f00:1]/hook",  # IPv4-compatible (deprecated) of 127.0.0.1
        "http://[::ffff:0:a00:5]/hook",  # IPv4-translated (SIIT) of 10.0.0.5
        "http://[64:ff9b::a9fe:a9fe]/hook",  # NAT64 of 169.254.169.254
        "http://[64:ff9b::10.0.0.1]/hook",
        "http://[2002:a00:5::1]/hook",  # 6to4 of 10.0.0.5
        "http://[2002:c0a8:101::1]/hook",  # 6to4 of 192.168.1.1
        "http://2130706433/hook",  # decimal 127.0.0.1
        "http://0x7f000001/hook",  # hexadecimal
        "http://0177.0.0.1/hook",  # octal
        "http://017700000001/hook",
        "http://127.1/hook",  # short form
        "http://0/hook",
        "http://224.0.0.1/hook",  # multicast
        "http://255.255.255.255/hook",
        "http://hooks.example@127.0.0.1/hook",  # user info hiding the real host
        "http://hooks.example\\@127.0.0.1/hook",
        "file:///etc/passwd",
        "gopher://127.0.0.1:6379/_INFO",
    ],
)
def test_ssrf_webhook_url_to_an_inside_address_is_refused(url):
    # when / then
    with pytest.raises(UnsafeUrlError):
        url_check(url, allow_private=False)


@pytest.fixture
def redirecting_receiver() -> Iterator[tuple[str, list[str]]]:
    """A receiver that answers every POST with a redirect to another address."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            seen.append(self.path)
            self.send_response(307)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/hook", seen
    server.shutdown()


def test_ssrf_a_webhook_receiver_cannot_redirect_the_delivery_inside(
    redirecting_receiver, settings
):
    # given: a receiver the operator allowed, which redirects to the metadata service
    settings.WEBHOOK_ALLOW_PRIVATE = True
    url, seen = redirecting_receiver
    hook = Webhook.objects.create(url=url, secret="s", events=["interview.completed"])
    delivery = WebhookDelivery.objects.create(
        webhook=hook, event="interview.completed", payload={"interview": 1}
    )
    # when
    with pytest.raises(Exception, match="HTTP 307"):
        webhook_deliver(delivery=delivery)
    # then: the redirect was not followed and the delivery is not counted as delivered
    delivery.refresh_from_db()
    assert seen == ["/hook"]
    assert delivery.status != WebhookDelivery.Status.DELIVERED
    assert delivery.attempts[-1]["outcome"] == "HTTP 307"


# Small-group inference: a group under the threshold cannot be read off one view, nor worked out
# by subtracting one view from another.


def _reasons_by(client: Client, dimension: str) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    breakdown = client.get("/analytics/reasons/", {"by": dimension}).context["breakdown"]
    per_reason: dict[str, int] = {}
    for cells in breakdown.cells.values():
        for reason, n in cells.items():
            per_reason[reason] = per_reason.get(reason, 0) + n
    return per_reason, breakdown.cells


def test_small_group_is_not_derivable_by_subtracting_two_views(admin_client, settings):
    # given: Finance's two leavers, in a month of their own, both blame their manager
    settings.ANONYMITY_MIN_GROUP = 5
    question = Question.objects.get(key="reason_for_leaving", question_set__is_default=True)
    groups = [
        ("Sales", "Pay and benefits", 12, 0),
        ("Support", "Pay and benefits", 7, 0),
        ("Finance", "My manager or leadership", 2, 40),
    ]
    for department, reason, count, days_ago in groups:
        for _ in range(count):
            interview = InterviewFactory.create(
                question_set=question.question_set,
                employee=EmployeeFactory.create(department=department),
                status=Interview.Status.COMPLETED,
                completed_at=timezone.now(),
            )
            answer = ResponseFactory.create(
                interview=interview, question=question, employee_message=reason, value=reason
            )
            Response.objects.filter(pk=answer.pk).update(
                created_at=timezone.now() - datetime.timedelta(days=days_ago)
            )
    # when
    views = {d: _reasons_by(admin_client, d) for d in ("department", "month", "exit_type")}
    # then: no view shows a group under the threshold ...
    for _, cells in views.values():
        assert "Finance" not in cells
        assert all(sum(counts.values()) >= 5 for counts in cells.values())
    # ... and what one view shows beyond another is never a group under the threshold
    for first, _ in views.values():
        for second, _ in views.values():
            residue = sum(abs(first.get(r, 0) - second.get(r, 0)) for r in {*first, *second})
            assert residue == 0 or residue >= 5
