"""The interview page's costliest parts, rendered in Python or once per process: the employee
sees the same page as when every part was rendered by a template on each request."""

from __future__ import annotations

import re

import pytest
from django.template import Context
from django.test import Client
from django.utils import translation

from interviews.models import Question
from interviews.services.interviews import interview_create
from interviews.templatetags.interview_chat import interview_intro, question_input
from interviews.tests.factories import EmployeeFactory, QuestionFactory, QuestionSetFactory
from interviews.tests.pages import _open

pytestmark = pytest.mark.django_db


def test_a_multi_line_answer_keeps_its_line_breaks_and_is_escaped_in_the_transcript(client):
    # given: a set whose first question is free text
    question_set = QuestionSetFactory.create()
    question = QuestionFactory.create(question_set=question_set, kind=Question.Kind.TEXT)
    QuestionFactory.create(question_set=question_set, kind=Question.Kind.TEXT)
    created = interview_create(employee=EmployeeFactory.create(), question_set=question_set)
    page = _open(client, created.invite_url.split("8000")[-1])
    # when
    client.post(page + "answer/", {"question_id": question.pk, "answer": "Pay <low>\r\nNo growth"})
    # then
    html = client.get(page).content.decode()
    assert '<li class="bubble employee">Pay &lt;low&gt;<br>No growth</li>' in html


def test_a_reworded_question_shows_its_new_wording_on_the_next_page(client):
    # given: the first question's input has been shown once
    question_set = QuestionSetFactory.create()
    question = QuestionFactory.create(question_set=question_set, text="Why are you leaving?")
    created = interview_create(employee=EmployeeFactory.create(), question_set=question_set)
    page = _open(client, created.invite_url.split("8000")[-1])
    assert "Why are you leaving?" in client.get(page).content.decode()
    # when: it is corrected in place, as a data migration or the shell would do
    question.text = "Why did you decide to leave us?"
    question.save()
    # then
    html = client.get(page).content.decode()
    assert "Why did you decide to leave us?" in html
    assert "Why are you leaving?" not in html


def test_an_untyped_input_is_shown_in_the_active_language():
    # given
    question = QuestionFactory.create(kind=Question.Kind.ENPS, text="Would you recommend us?")
    context = Context({"typed": "", "typed_list": [], "error": ""})
    # when
    with translation.override("de"):
        german = question_input(context, question)
    english = question_input(context, question)
    # then
    assert "0 = äußerst unwahrscheinlich" in german
    assert "0 = not at all likely" in english and "unwahrscheinlich" not in english


def test_what_was_typed_and_the_error_are_shown_once_and_not_kept_for_others():
    # given
    question = QuestionFactory.create(
        question_set=QuestionSetFactory.create(),
        kind=Question.Kind.SINGLE_CHOICE,
        choices=["Pay", "Manager"],
    )
    # when
    typed = question_input(Context({"typed": "Manager", "error": "Pick one."}), question)
    untyped = question_input(Context({}), question)
    # then
    assert 'value="Manager" checked' in typed and "Pick one." in typed
    assert "checked" not in untyped and "Pick one." not in untyped


def test_the_welcome_follows_the_sets_own_message_and_the_organisations_name(settings):
    # given
    own = QuestionSetFactory.create(intro_message="Welcome, dear colleague.")
    default = QuestionSetFactory.create(intro_message="")
    settings.ORGANISATION_NAME = "Acme Ltd"
    # when
    first = interview_intro(default)
    settings.ORGANISATION_NAME = "Globex"
    renamed = interview_intro(default)
    # then
    assert "Welcome, dear colleague." in interview_intro(own)
    assert "HR team of Acme Ltd" in first
    assert "HR team of Globex" in renamed and "Acme" not in renamed
    with translation.override("de"):
        assert "Globex" in interview_intro(default) and interview_intro(default) != renamed


def _page_of(client, question_set) -> str:
    created = interview_create(employee=EmployeeFactory.create(), question_set=question_set)
    return _open(client, created.invite_url.split("8000")[-1])


def test_the_page_around_the_chat_speaks_the_sets_language_and_names_the_organisation(
    client, settings
):
    # given: an English and a German interview, under one organisation and then another
    english = _page_of(client, QuestionSetFactory.create(language="en"))
    german = _page_of(client, QuestionSetFactory.create(language="de"))
    settings.ORGANISATION_NAME = "Acme Ltd"
    settings.HR_CONTACT_EMAIL = "hr@acme.example"
    # when
    first = client.get(english).content.decode()
    in_german = client.get(german).content.decode()
    settings.ORGANISATION_NAME = "Globex"
    settings.HR_CONTACT_EMAIL = "people@globex.example"
    renamed = client.get(english).content.decode()
    # then
    assert '<html lang="en">' in first and "<title>Exit interview · Acme Ltd</title>" in first
    assert 'href="mailto:hr@acme.example"' in first and "Skip to content" in first
    assert (
        '<html lang="de">' in in_german
        and "<title>Austrittsgespräch · Acme Ltd</title>" in in_german
    )
    assert "Zum Inhalt springen" in in_german and "Fragen zu dieser Seite?" in in_german
    assert "<title>Exit interview · Globex</title>" in renamed
    assert 'href="mailto:people@globex.example"' in renamed and "Acme" not in renamed


def test_the_page_is_one_document_with_the_chat_and_its_messages_inside_main(client):
    # given: an answer that did not say which question it was for leaves a message
    question_set = QuestionSetFactory.create()
    QuestionFactory.create(question_set=question_set)
    page = _page_of(client, question_set)
    client.post(page + "answer/", {"answer": "x"})
    # when
    html = client.get(page).content.decode()
    # then
    assert html.count("<html") == html.count("</html>") == html.count("<main") == 1
    assert html.index("<main") < html.index("did not say which question") < html.index('id="chat"')
    assert html.index('id="chat"') < html.index('id="sr-status"') < html.index("</main>")
    assert html.index("</main>") < html.index("site-footer") < html.index("js/interview.js")
    assert "the interview's main part" not in html


def test_the_page_around_the_chat_keeps_nothing_of_one_employee_for_the_next():
    # given: one employee answers in their browser
    question_set = QuestionSetFactory.create()
    question = QuestionFactory.create(question_set=question_set, kind=Question.Kind.TEXT)
    QuestionFactory.create(question_set=question_set)
    first, second = Client(), Client()
    page = _page_of(first, question_set)
    first.post(page + "answer/", {"question_id": question.pk, "answer": "My manager, Bob Lee"})
    seen = first.get(page).content.decode()
    # when: another employee opens their page, rendered around the same cached part
    html = second.get(_page_of(second, question_set)).content.decode()
    # then: neither the first one's answer nor their form's token is in it
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', seen)
    assert token is not None and "Bob Lee" in seen
    assert "Bob Lee" not in html and token.group(1) not in html
    assert 'name="csrfmiddlewaretoken"' in html
