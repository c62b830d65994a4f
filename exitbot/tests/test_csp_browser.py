"""In a real browser (Chromium), our pages break no rule of their Content-Security-Policy.

The server-side spec (test_csp.py) reads the HTML; this one also catches what scripts add
after loading, such as a library inserting its own inline style.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page

from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _collect_violations(page: Page) -> list[str]:
    violations: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", record)
    return violations


def test_browser_interview_page_breaks_no_csp_rule_while_answering(browser_db, page):
    # given
    created = interview_create(employee=EmployeeFactory.create())
    path = "/i/" + created.invite_url.rstrip("/").rsplit("/", 1)[-1] + "/"
    violations = _collect_violations(page)
    # when: the page loads its scripts, and htmx swaps in the next question
    page.goto(browser_db + path)
    form = page.locator("form.answer-form")
    if form.locator("textarea").count():
        form.locator("textarea").fill("The commute.")
    else:
        form.locator("label:has(input[type=radio]), label:has(input[type=checkbox])").first.click()
    form.get_by_role("button", name="Send answer").click()
    page.wait_for_load_state("networkidle")
    # then
    assert page.locator(".progress-label").count() == 1
    assert violations == []
