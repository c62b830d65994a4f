"""The employee's interview in a real browser (Chromium), with and without JavaScript."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import FloatRect, Page, expect

from interviews.answers import RawAnswer
from interviews.models import Interview, Question
from interviews.selectors import interview_state_get
from interviews.services.answers import interview_message_submit
from interviews.services.interviews import interview_create, interview_open
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
    assert _serious_violations_without_javascript(page) == []
    context.close()


def _serious_violations(page: Page) -> list[str]:
    results = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in results
        if v["impact"] in ("serious", "critical")
    ]


def _serious_violations_without_javascript(page: Page) -> list[str]:
    """axe is a script: run it over the no-JavaScript page's HTML in a page that loads no script."""
    html = page.content()
    assert page.context.browser is not None
    checker = page.context.browser.new_page(viewport=page.viewport_size)
    checker.route("**/*.js", lambda route: route.abort())
    checker.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html"))
    checker.goto(page.url)
    violations = _serious_violations(checker)
    checker.close()
    return violations


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


def _answers_stored_until(interview: Interview, key: str, **values: RawAnswer) -> None:
    """Answer the interview server-side until the question ``key`` is the one being asked."""
    interview = interview_open(interview=interview)
    while True:
        question = interview_state_get(interview=interview).current_question
        assert question is not None, f"no question {key!r} left to reach"
        if question.key == key:
            return
        default = {
            Question.Kind.TEXT: TEXT,
            Question.Kind.RATING: "4",
            Question.Kind.ENPS: "8",
            Question.Kind.YES_NO: "yes",
            Question.Kind.SINGLE_CHOICE: question.choices[0] if question.choices else "",
            Question.Kind.MULTIPLE_CHOICE: question.choices[:1],
        }[Question.Kind(question.kind)]
        raw = values.get(question.key, default)
        interview = interview_message_submit(
            interview=interview, question_id=question.pk, raw=raw
        ).interview


def _current_question_id(page: Page) -> str:
    return str(page.locator("form.answer-form input[name=question_id]").get_attribute("value"))


def test_browser_back_forward_and_refresh_land_on_the_current_question(browser_db, page):
    # given: two answers sent with JavaScript, each swapped in place
    interview, path = _invite_path()
    page.goto(browser_db + path)
    url = page.url
    _answer_current(page)
    _answer_current(page)
    current = _current_question_id(page)
    expect(page.locator(".progress-label")).to_have_text("Question 3 of 12")
    # when / then: Back stays in the interview and reloads it from the server
    page.evaluate("window.beforeBack = true")
    page.go_back()
    page.wait_for_function("window.beforeBack === undefined")
    expect(page.locator(".progress-label")).to_have_text("Question 3 of 12")
    assert page.url == url
    assert _current_question_id(page) == current
    assert _serious_violations(page) == []
    # when / then: Forward and a refresh do the same
    page.evaluate("window.beforeForward = true")
    page.go_forward()
    page.wait_for_function("window.beforeForward === undefined")
    expect(page.locator(".progress-label")).to_have_text("Question 3 of 12")
    assert _current_question_id(page) == current
    page.reload()
    expect(page.locator(".progress-label")).to_have_text("Question 3 of 12")
    assert _current_question_id(page) == current
    # then: no snapshot of the answers was kept in the browser, and going on still works
    assert page.evaluate("sessionStorage.getItem('htmx-history-cache')") is None
    _answer_current(page)
    expect(page.locator(".progress-label")).to_have_text("Question 4 of 12")
    assert interview.responses.count() == 3


def test_browser_back_after_answering_without_javascript_shows_the_current_question(
    browser_db, browser
):
    # given
    interview, path = _invite_path()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(browser_db + path)
    _answer_current(page)
    _answer_current(page)
    current = _current_question_id(page)
    # when
    page.go_back()
    # then: the page comes again from the server (never cached), at the current question
    expect(page.locator(".progress-label")).to_have_text("Question 3 of 12")
    assert _current_question_id(page) == current
    page.reload()
    assert _current_question_id(page) == current
    assert interview.responses.count() == 2
    assert _serious_violations_without_javascript(page) == []
    context.close()


LONG_PASTE = ("word " * 4000)[:-1] + "."  # 20,000 characters


def test_browser_long_paste_with_javascript_is_counted_kept_and_explained(browser_db, page):
    # given: the text question after the first choice
    interview, path = _invite_path()
    _answers_stored_until(interview, "reason_detail")
    page.goto(browser_db + path)
    textarea = page.locator("form.answer-form textarea")
    # when
    textarea.fill(LONG_PASTE)
    # then: nothing is cut, and the count says what happened
    assert len(textarea.input_value()) == 20000
    expect(page.locator(".char-count")).to_contain_text(
        "20,000 characters, 15,000 over the limit of 5,000. Nothing was cut"
    )
    expect(page.locator("#sr-status")).to_contain_text("15,000 over the limit")
    # when: sent anyway
    page.get_by_role("button", name="Send answer").click()
    # then: the server's message, the text kept, nothing stored
    expect(page.locator(".error")).to_have_text(
        "Please keep your answer under 5000 characters (it has 20000)."
    )
    assert len(page.locator("form.answer-form textarea").input_value()) == 20000
    assert _serious_violations(page) == []
    assert interview.responses.count() == 1


def test_browser_answer_counter_appears_near_the_limit(browser_db, page):
    # given
    interview, path = _invite_path()
    _answers_stored_until(interview, "reason_detail")
    page.goto(browser_db + path)
    textarea = page.locator("form.answer-form textarea")
    # when / then: silent while short, a count near the limit
    textarea.fill("A short answer.")
    expect(page.locator(".char-count")).to_be_hidden()
    textarea.fill("x" * 4500)
    expect(page.locator(".char-count")).to_have_text("4,500 of 5,000 characters")


def test_browser_long_paste_without_javascript_gets_the_servers_message(browser_db, browser):
    # given
    interview, path = _invite_path()
    _answers_stored_until(interview, "reason_detail")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(browser_db + path)
    textarea = page.locator("form.answer-form textarea")
    # when
    textarea.fill(LONG_PASTE)
    page.get_by_role("button", name="Send answer").click()
    # then: the browser did not cut the text, the server explains, the text is kept
    expect(page.locator(".error")).to_have_text(
        "Please keep your answer under 5000 characters (it has 20000)."
    )
    assert len(page.locator("form.answer-form textarea").input_value()) == 20000
    assert _serious_violations_without_javascript(page) == []
    assert interview.responses.count() == 1
    context.close()


def test_browser_answer_from_an_out_of_date_window_says_so_and_stores_nothing(browser_db, context):
    # given: the interview open in two windows of one browser, both at the first question
    interview, path = _invite_path()
    first = context.new_page()
    first.goto(browser_db + path)
    second = context.new_page()
    second.goto(first.url)
    # when: the first window answers, then the second answers the same question differently
    first.locator("form.answer-form label.option").nth(0).click()
    first.get_by_role("button", name="Send answer").click()
    expect(first.locator(".progress-label")).to_have_text("Question 2 of 12")
    second.locator("form.answer-form label.option").nth(1).click()
    second.get_by_role("button", name="Send answer").click()
    # then: the second window says so and shows where the interview is now
    expect(second.locator(".notice")).to_have_text(
        "This question was already answered in another window; here is where you are now."
    )
    expect(second.locator(".progress-label")).to_have_text("Question 2 of 12")
    assert _serious_violations(second) == []
    response = interview.responses.get()
    assert response.value == "Career growth or a new opportunity"


def _pill_boxes(page: Page) -> list[FloatRect]:
    pills = page.locator(".scale-enps .pill")
    expect(pills).to_have_count(11)
    return [box for box in (pills.nth(i).bounding_box() for i in range(11)) if box]


def test_browser_enps_scale_is_one_row_on_a_desktop(browser_db, page):
    # given
    interview, path = _invite_path()
    _answers_stored_until(interview, "enps")
    page.set_viewport_size({"width": 1280, "height": 800})
    # when
    page.goto(browser_db + path)
    boxes = _pill_boxes(page)
    low = page.locator(".scale-low").bounding_box()
    high = page.locator(".scale-high").bounding_box()
    # then: one row, 0 to 10 from left to right, the end labels under its two ends
    assert len({round(b["y"]) for b in boxes}) == 1
    assert len({round(b["height"]) for b in boxes}) == 1  # "10" on one line like the others
    assert [b["x"] for b in boxes] == sorted(b["x"] for b in boxes)
    assert low and high
    assert low["y"] > boxes[0]["y"] and high["y"] > boxes[0]["y"]
    assert abs(low["x"] - boxes[0]["x"]) < 2
    assert abs((high["x"] + high["width"]) - (boxes[10]["x"] + boxes[10]["width"])) < 2
    expect(page.locator(".scale-low")).to_have_text("0 = not at all likely")
    expect(page.locator(".scale-high")).to_have_text("10 = extremely likely")
    assert _serious_violations(page) == []


def test_browser_enps_scale_is_two_rows_with_end_labels_on_a_phone(browser_db, browser):
    # given
    interview, path = _invite_path()
    _answers_stored_until(interview, "enps")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    # when
    page.goto(browser_db + path)
    boxes = _pill_boxes(page)
    low = page.locator(".scale-low").bounding_box()
    high = page.locator(".scale-high").bounding_box()
    # then: 0-5 on the first row, 6-10 on the second, aligned in columns, labels below both
    rows = sorted({round(b["y"]) for b in boxes})
    assert len(rows) == 2
    assert [round(b["y"]) for b in boxes] == [rows[0]] * 6 + [rows[1]] * 5
    assert [round(b["x"]) for b in boxes[6:]] == [round(b["x"]) for b in boxes[:5]]
    assert len({round(b["height"]) for b in boxes}) == 1
    assert low and high
    assert low["y"] > rows[1] and high["y"] > rows[1]
    assert low["x"] < high["x"]
    assert page.evaluate("document.documentElement.scrollWidth > window.innerWidth") is False
    assert _serious_violations(page) == []
    context.close()


def test_browser_progress_counter_follows_the_skip_rule(browser_db, page):
    # given: at the manager question, whose low ratings add a question
    interview, path = _invite_path()
    _answers_stored_until(interview, "manager_relationship")
    page.goto(browser_db + path)
    expect(page.locator(".progress-label")).to_have_text("Question 4 of 12")
    # when: a good rating
    page.locator("form.answer-form label.pill:has(input[value='5'])").click()
    page.get_by_role("button", name="Send answer").click()
    # then: the follow-up question is skipped and the total says so
    expect(page.locator(".progress-label")).to_have_text("Question 5 of 11")
    expect(page.locator(".question-label")).to_contain_text("learning and career growth")
    assert _serious_violations(page) == []


def test_browser_progress_counter_keeps_the_conditional_question_for_a_low_rating(browser_db, page):
    # given
    interview, path = _invite_path()
    _answers_stored_until(interview, "manager_relationship")
    page.goto(browser_db + path)
    # when
    page.locator("form.answer-form label.pill:has(input[value='1'])").click()
    page.get_by_role("button", name="Send answer").click()
    # then
    expect(page.locator(".progress-label")).to_have_text("Question 5 of 12")
    expect(page.locator(".question-label")).to_contain_text("relationship with your manager")


def _answer_with_the_keyboard(page: Page) -> None:
    """Space picks the focused option (or text is typed), Tab reaches Send, Enter sends."""
    question_id = _current_question_id(page)
    if page.locator("#current-question textarea:focus").count():
        page.keyboard.type("Typed at the keyboard.")
    else:
        page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Send answer")
    page.keyboard.press("Enter")
    expect(page.locator(f'input[name=question_id][value="{question_id}"]')).to_have_count(0)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_browser_employee_completes_the_interview_with_the_keyboard_only(
    browser_db, browser, javascript
):
    # given
    interview, path = _invite_path()
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(browser_db + path)
    # when / then: each new question has the focus, after an htmx swap or a redirect alike
    while page.locator("form.answer-form").count():
        expect(page.locator("#current-question :focus")).to_have_count(1)
        _answer_with_the_keyboard(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    interview.refresh_from_db()
    assert interview.status == Interview.Status.COMPLETED
    check = _serious_violations if javascript else _serious_violations_without_javascript
    assert check(page) == []
    context.close()
