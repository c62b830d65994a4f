"""The HR survey and the employee's rating in a real browser (Chromium)."""

from __future__ import annotations

import importlib
import shutil

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from feedback.models import SurveyAnswer, SurveyResponse
from feedback.tests.factories import UserFactory
from interviews.models import Interview, Question
from interviews.tests.test_browser import (
    _answers_stored_until,
    _complete,
    _current_question_id,
    _invite_path,
    _serious_violations,
)

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


DEMO_ANSWERS = {
    "reason_for_leaving": "Workload or work-life balance",
    "reason_detail": "The on-call load made it hard to plan anything outside work.",
    "role_satisfaction": "4",
    "manager_relationship": "4",
    "growth_opportunities": "3",
    "compensation_fairness": "3",
    "culture": "4",
    "enps": "7",
    "would_return": "yes",
    "what_could_we_have_done": "A lighter on-call rota, or a day off after a heavy week.",
    "anything_else": "Thank you for the good years.",
}


def _answer_like_a_person(page: Page, pace_ms: int = 0) -> None:
    """Answer the current question with the demo's answer, at a pace a viewer can follow."""
    question = Question.objects.get(pk=_current_question_id(page))
    answer = DEMO_ANSWERS[question.key]
    form = page.locator("form.answer-form")
    page.wait_for_timeout(pace_ms)
    if question.kind == Question.Kind.TEXT:
        form.locator("textarea").press_sequentially(answer, delay=pace_ms // 20)
    else:
        form.locator(f'label:has(input[value="{answer}"])').click()
    page.wait_for_timeout(pace_ms // 2)
    form.get_by_role("button", name="Send answer").click()
    expect(page.locator(f'input[name=question_id][value="{question.pk}"]')).to_have_count(0)


def test_browser_docs_interview_screenshots_and_demo_video(
    screenshots_dir, feedback_db, browser, tmp_path
):
    """With --screenshots: the interview's images in the docs, and the demo video."""
    # given
    desktop = {"width": 1280, "height": 800}
    phone = {"width": 390, "height": 844}
    video = {"width": 800, "height": 640}
    # when: an employee at question 3, and at the end, on a desktop
    interview, path = _invite_path()
    context = browser.new_context(viewport=desktop)
    page = context.new_page()
    page.goto(feedback_db + path)
    _answer_like_a_person(page)
    _answer_like_a_person(page)
    page.screenshot(path=screenshots_dir / "interview-question.png")
    while page.locator("form.answer-form").count():
        _answer_like_a_person(page)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.screenshot(path=screenshots_dir / "interview-complete.png")
    context.close()
    # when: another, at the eNPS question on a phone
    interview, path = _invite_path()
    _answers_stored_until(interview, "enps", **DEMO_ANSWERS)
    context = browser.new_context(viewport=phone, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(feedback_db + path)
    page.screenshot(path=screenshots_dir / "interview-phone.png")
    context.close()
    # when: a third, recorded from the invite link to the thank-you
    interview, path = _invite_path()
    context = browser.new_context(
        viewport=video, record_video_dir=str(tmp_path), record_video_size=video
    )
    page = context.new_page()
    page.goto(feedback_db + path)
    page.wait_for_timeout(2500)
    while page.locator("form.answer-form").count():
        _answer_like_a_person(page, pace_ms=700)
    page.wait_for_timeout(1500)
    page.locator("form.rating-form label:has(input[value='5'])").click()
    page.wait_for_timeout(700)
    page.get_by_role("button", name="Send my rating").click()
    expect(page.locator(".rating-done")).to_contain_text("5 of 5")
    page.locator(".rating-done").scroll_into_view_if_needed()
    page.wait_for_timeout(2000)
    recording = page.video
    context.close()
    assert recording is not None
    target = screenshots_dir / "interview-demo.webm"
    shutil.move(recording.path(), target)
    # then
    assert target.stat().st_size < 2_000_000
    interview.refresh_from_db()
    assert interview.status == Interview.Status.COMPLETED
