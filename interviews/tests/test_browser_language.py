"""The interview in German, in a real browser (Chromium) whose own language is English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from interviews.models import Interview, QuestionSet
from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _answer_current(page: Page) -> None:
    form = page.locator("form.answer-form")
    question_id = form.locator("input[name=question_id]").get_attribute("value")
    textarea = form.locator("textarea")
    if textarea.count():
        textarea.fill("Der Arbeitsweg war zu lang.")
    else:
        form.locator("label:has(input[type=radio]), label:has(input[type=checkbox])").first.click()
    form.get_by_role("button", name="Antwort senden").click()
    # The first free-text answer a server process reads loads the theme classifier: seconds.
    expect(page.locator(f'input[name=question_id][value="{question_id}"]')).to_have_count(
        0, timeout=30_000
    )


def test_browser_employee_completes_the_interview_in_german(browser_db, page):
    # given
    german = QuestionSet.objects.get(slug="standard-exit-de", status="published")
    created = interview_create(employee=EmployeeFactory.create(name="Ana"), question_set=german)
    path = "/i/" + created.invite_url.rstrip("/").rsplit("/", 1)[-1] + "/"
    # when
    page.goto(browser_db + path)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator(".intro").first).to_contain_text("vertraulich, aber nicht anonym")
    while page.locator("form.answer-form").count():
        expect(page.locator(".progress-label")).to_contain_text("Frage")
        _answer_current(page)
    # then
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vielen Dank, Ana.")
    interview = Interview.objects.get(pk=created.interview.pk)
    assert interview.status == Interview.Status.COMPLETED
