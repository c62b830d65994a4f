"""The interview page's costliest parts, rendered in Python or once per process: the employee
sees the same page as when every part was rendered by a template on each request."""

from __future__ import annotations

import pytest
from django.template import Context
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
