"""The staff's pages in a real browser (Chromium): admin, analytics, rollout, feedback, guides.

Run with --screenshots (make screenshots), they also refresh the PNGs in docs/screenshots/.
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Page, expect

from feedback.tests.factories import UserFactory
from interviews.models import Interview, QuestionSet
from interviews.tests.factories import EmployeeFactory, InterviewFactory
from interviews.tests.test_browser import _serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
ANALYTICS = ["", "funnel/", "reasons/", "enps/", "comparison/", "trends/", "comments/", "themes/"]
PASSWORD = "browser-test-pw-1"
GUIDES = ["hr-guide.md", "analyst-guide.md", "rollout.md", "training/slides.md"]


def _screenshot(page: Page, name: str, wanted: bool) -> None:
    """Refresh a documentation screenshot when asked to (make screenshots)."""
    if wanted:
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


@pytest.fixture
def demo(browser_db: str, page: Page) -> str:
    """The live server with the demo data, and the page logged in as the demo's HR admin."""
    out = StringIO()
    call_command("seed_demo", stdout=out)
    login = re.search(r"HR admin:\s+(\S+) / (\S+)", out.getvalue())
    assert login is not None
    username, password = login.groups()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(browser_db + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    return browser_db


def _violations_on(page: Page, url: str, screenshot: str | None, wanted: bool) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    if screenshot:
        _screenshot(page, screenshot, wanted)
    return [f"{url}: {v}" for v in _serious_violations(page)]


def test_browser_every_staff_page_has_no_serious_accessibility_violations(demo, page, request):
    # given: the demo data, a question set, an interview with answers, one without a department
    InterviewFactory.create(employee=EmployeeFactory(department=""))
    question_set = QuestionSet.objects.filter(is_default=True).first()
    interview = (
        Interview.objects.filter(status=Interview.Status.COMPLETED, mode=Interview.Mode.PREDEFINED)
        .order_by("pk")
        .first()
    )
    assert question_set is not None and interview is not None
    pages = {
        "/admin/": "admin-index.png",
        f"/admin/interviews/questionset/{question_set.pk}/change/": "admin-question-set.png",
        "/admin/interviews/interview/?status__exact=in_progress": "admin-interviews.png",
        "/admin/interviews/interview/?employee__department=-": None,
        "/admin/interviews/interview/add/": None,
        f"/admin/interviews/interview/{interview.pk}/change/": "admin-transcript.png",
        "/": None,
        **{f"/analytics/{path}": None for path in ANALYTICS},
        "/rollout/": "rollout.png",
        "/feedback/": None,
        "/feedback/results/": "feedback-results.png",
        **{f"/guides/{name}": None for name in GUIDES},
    }
    pages["/analytics/"] = "analytics.png"
    # when
    wanted = bool(request.config.getoption("--screenshots"))
    found = [
        v for url, shot in pages.items() for v in _violations_on(page, demo + url, shot, wanted)
    ]
    # then
    assert found == [], "\n".join(found)


def test_browser_staff_without_the_group_read_what_is_missing_and_whom_to_ask(browser_db, page):
    # given: a staff account in no group, logged in
    user = UserFactory.create()
    user.set_password(PASSWORD)
    user.save()
    page.goto(browser_db + "/admin/login/?next=/analytics/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    # when
    page.click("input[type=submit]")
    # then
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot open this page")
    expect(page.locator("main")).to_contain_text("Analysts group")
    expect(page.locator("main")).to_contain_text("Ask an exitbot administrator")
    assert _serious_violations(page) == []


def test_browser_logged_out_api_docs_lead_to_the_login_page(browser_db, page):
    # when
    page.goto(browser_db + "/api/docs/")
    # then
    assert page.url.endswith("/admin/login/?next=/api/docs/")
    expect(page.locator("#id_username")).to_be_visible()


def test_browser_hr_admin_clones_edits_publishes_a_set_and_creates_an_interview(demo, page):
    # given: the published default set, frozen
    original = QuestionSet.objects.get(is_default=True)
    violations: list[str] = []
    page.goto(demo + f"/admin/interviews/questionset/{original.pk}/change/")
    # when: HR clones it, rewords the first question, saves and publishes the draft
    page.get_by_role("button", name="Clone to a new draft").click()
    expect(page.get_by_role("button", name="Publish this version")).to_be_visible()
    violations += _serious_violations(page)
    page.fill("#id_questions-0-text", "What made you decide to leave us?")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    page.get_by_role("button", name="Publish this version").click()
    expect(page.locator(".messagelist")).to_contain_text("Published")
    published = QuestionSet.objects.get(slug=original.slug, version=original.version + 1)
    # and creates an interview with the new version for a new employee
    page.goto(demo + "/admin/interviews/interview/add/")
    violations += _serious_violations(page)
    page.fill("#id_employee_id", "BROWSER-HR-1")
    page.fill("#id_name", "Robin Example")
    page.select_option("#id_question_set", value=str(published.pk))
    page.click("input[type=submit]")
    expect(page.get_by_role("heading", name="Interview created")).to_be_visible()
    violations += _serious_violations(page)
    # then
    assert published.status == QuestionSet.Status.PUBLISHED
    assert published.questions.order_by("order", "id").first().text == (
        "What made you decide to leave us?"
    )
    assert original.questions.order_by("order", "id").first().text != (
        "What made you decide to leave us?"
    )
    interview = Interview.objects.get(employee__employee_id="BROWSER-HR-1")
    assert interview.question_set == published
    assert page.locator("#invite-url").input_value().endswith("/")
    assert violations == []
