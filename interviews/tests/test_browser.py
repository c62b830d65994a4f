"""The employee's interview in a real browser (Chromium), with and without JavaScript."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from interviews.models import Interview, Question
from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "The commute was long."


def _invite_path() -> tuple[Interview, str]:
    created = interview_create(employee=EmployeeFactory.create(name="Ana Leaver"))
    return created.interview, "/i/" + created.invite_url.rstrip("/").rsplit("/", 1)[-1] + "/"


def _answer_current(page: Page) -> None:
    form = page.locator("form.answer-form")
    question_id = form.locator("input[name=question_id]").get_attribute("value")
    textarea = form.locator("textarea")
    if textarea.count():
        textarea.fill(TEXT)
    else:
        form.locator("label:has(input[type=radio]), label:has(input[type=checkbox])").first.click()
    form.get_by_role("button", name="Send answer").click()
    expect(page.locator(f'input[name=question_id][value="{question_id}"]')).to_have_count(0)


def _complete(page: Page, total: int) -> None:
    while page.locator("form.answer-form").count():
        expect(page.locator(".progress-label")).to_contain_text(f"of {total}")
        _answer_current(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")


def test_browser_employee_completes_the_interview_with_javascript(browser_db, page):
    # given
    interview, path = _invite_path()
    total = Question.objects.filter(question_set=interview.question_set).count()
    # when
    page.goto(browser_db + path)
    url = page.url
    _complete(page, total)
    # then: htmx swapped the chat in place, and every answer is stored once
    assert page.url == url
    interview.refresh_from_db()
    assert interview.status == Interview.Status.COMPLETED
    assert interview.responses.count() == total


def test_browser_employee_completes_the_interview_without_javascript(browser_db, browser):
    # given
    interview, path = _invite_path()
    total = Question.objects.filter(question_set=interview.question_set).count()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    # when
    page.goto(browser_db + path)
    _complete(page, total)
    # then
    interview.refresh_from_db()
    assert interview.status == Interview.Status.COMPLETED
    assert interview.responses.count() == total
    context.close()


def _serious_violations(page: Page) -> list[str]:
    results = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in results
        if v["impact"] in ("serious", "critical")
    ]


def test_browser_interview_pages_have_no_serious_accessibility_violations(browser_db, page):
    # given
    interview, path = _invite_path()
    page.goto(browser_db + path)
    # when / then: at the first question, with a transcript, and when completed
    assert _serious_violations(page) == []
    for _ in range(3):
        _answer_current(page)
    assert _serious_violations(page) == []
    _complete(page, Question.objects.filter(question_set=interview.question_set).count())
    assert _serious_violations(page) == []


def test_browser_employee_completes_the_interview_on_a_phone(browser_db, browser):
    # given
    interview, path = _invite_path()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    # when
    page.goto(browser_db + path)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    _complete(page, Question.objects.filter(question_set=interview.question_set).count())
    # then: nothing scrolls sideways, and the interview is stored as completed
    assert overflow is False
    interview.refresh_from_db()
    assert interview.status == Interview.Status.COMPLETED
    context.close()
