"""The HR survey and the employee's rating in a real browser (Chromium)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from feedback.models import SurveyAnswer, SurveyResponse
from feedback.tests.factories import UserFactory
from interviews.models import Question
from interviews.tests.test_browser import _complete, _invite_path, _serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

seed = importlib.import_module("feedback.migrations.0002_seed_surveys_and_groups")
PASSWORD = "browser-test-pw-1"


@pytest.fixture
def feedback_db(browser_db: str) -> str:
    """The live server's URL with the seeded surveys and groups, which a flush removes."""
    seed.install(apps, None)
    seed.grant(apps, None)
    return browser_db


def _log_in(page: Page, base: str, *groups: str) -> User:
    user = UserFactory.create(groups=list(groups))
    user.set_password(PASSWORD)
    user.save()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#feedback-guides-heading")).to_be_visible()
    return user


def test_browser_employee_rates_the_interview_without_javascript(feedback_db, browser):
    # given: a completed interview in a browser without JavaScript
    interview, path = _invite_path()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(feedback_db + path)
    _complete(page, Question.objects.filter(question_set=interview.question_set).count())
    # when
    form = page.locator("form.rating-form")
    form.locator("label:has(input[value='4'])").click()
    form.locator("textarea").fill("Short and clear.")
    form.get_by_role("button", name="Send my rating").click()
    # then
    expect(page.locator(".rating-done")).to_contain_text("You rated this interview 4 of 5")
    response = SurveyResponse.objects.get(interview=interview)
    assert sorted(a.rating or 0 for a in response.answers.all()) == [0, 4]
    context.close()


def test_browser_hr_staff_answer_the_survey_from_the_admin_banner(feedback_db, page):
    # given
    user = _log_in(page, feedback_db, "HR staff")
    # when
    page.get_by_role("link", name="Answer “Predefined Questions Feedback”").click()
    assert _serious_violations(page) == []
    for name in ("system_speed", "data_quality", "ease_of_use"):
        page.locator(f"label:has(input[name={name}][value='5'])").click()
    page.fill("#answer-suggestions", "Keep it this fast.")
    page.get_by_role("button", name="Send my answers").click()
    # then
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert SurveyAnswer.objects.filter(response__user=user, rating=5).count() == 3


def test_browser_results_page_has_no_serious_accessibility_violations(feedback_db, page):
    # given
    _log_in(page, feedback_db, "HR admins")
    # when
    page.goto(feedback_db + "/feedback/results/")
    # then
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback results")
    assert _serious_violations(page) == []
