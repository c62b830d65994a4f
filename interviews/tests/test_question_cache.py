"""The per-process questions of frozen set versions."""

from __future__ import annotations

import pytest

from interviews.selectors import question_list
from interviews.tests.factories import QuestionFactory, QuestionSetFactory

pytestmark = pytest.mark.django_db


def test_question_list_reads_a_published_set_once(django_assert_num_queries):
    # given
    question_set = QuestionSetFactory.create()
    QuestionFactory.create_batch(3, question_set=question_set)
    question_list(question_set=question_set)
    # when
    with django_assert_num_queries(0):
        questions = question_list(question_set=question_set)
    # then
    assert len(questions) == 3


def test_question_list_reads_a_draft_every_time(django_assert_num_queries):
    # given
    question_set = QuestionSetFactory.create(draft=True)
    QuestionFactory.create(question_set=question_set)
    question_list(question_set=question_set)
    # when
    with django_assert_num_queries(1):
        questions = question_list(question_set=question_set)
    # then
    assert len(questions) == 1


def test_question_list_sees_a_question_saved_after_it_was_read():
    # given
    question_set = QuestionSetFactory.create()
    first = QuestionFactory.create(question_set=question_set, order=10)
    question_list(question_set=question_set)
    # when
    QuestionFactory.create(question_set=question_set, order=20)
    first.text = "Corrected wording?"
    first.save()
    # then
    questions = question_list(question_set=question_set)
    assert [q.order for q in questions] == [10, 20]
    assert questions[0].text == "Corrected wording?"


def test_question_list_forgets_a_deleted_question():
    # given
    question_set = QuestionSetFactory.create()
    kept, dropped = QuestionFactory.create_batch(2, question_set=question_set)
    question_list(question_set=question_set)
    # when
    dropped.delete()
    # then
    assert question_list(question_set=question_set) == [kept]
