"""Question set documents: parsing, the publishing rules, and dumping back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from interviews.question_set_io import QuestionSetDocumentError, document_dump, document_parse
from interviews.selectors import question_list, question_set_default_get

DEFAULT = Path(__file__).resolve().parent.parent / "question_sets" / "default.yaml"


def _doc(*questions: dict, **fields: object) -> str:
    return yaml.safe_dump({"name": "Set", "slug": "set", **fields, "questions": list(questions)})


def _problems(text: str) -> list[str]:
    with pytest.raises(QuestionSetDocumentError) as error:
        document_parse(text)
    return error.value.problems


def test_document_parse_reads_the_shipped_default_set():
    # when
    spec = document_parse(DEFAULT.read_text())
    # then
    assert spec.slug == "standard-exit"
    assert len(spec.questions) == 12
    assert spec.questions[4].show_if_key == "manager_relationship"
    assert spec.questions[4].show_if_values == ["1", "2"]
    assert spec.questions[1].required is False


def test_document_parse_reads_json_too():
    # given
    text = json.dumps({"name": "J", "slug": "j", "questions": [{"key": "a", "text": "A?"}]})
    # when
    spec = document_parse(text)
    # then
    assert spec.questions[0].kind == "text"
    assert spec.language == "en"


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        ({"key": "Bad Key", "text": "Q?"}, "the key must be lower-case letters, digits and _."),
        ({"key": "a", "text": " "}, "the question text is empty."),
        ({"key": "a", "text": "Q?", "kind": "essay"}, "unknown kind 'essay'."),
        (
            {"key": "a", "text": "Q?", "kind": "single_choice", "choices": ["x"]},
            "a choice question needs at least two choices.",
        ),
        (
            {"key": "a", "text": "Q?", "kind": "multiple_choice", "choices": ["x", "x"]},
            "a choice is listed twice.",
        ),
        ({"key": "a", "text": "Q?", "choices": ["x", "y"]}, "only choice questions have choices."),
        (
            {"key": "a", "text": "Q?", "show_if": {"values": ["x"]}},
            "values for a condition need the key of an earlier question.",
        ),
        (
            {"key": "a", "text": "Q?", "show_if": {"key": "later", "values": ["x"]}},
            "the condition names 'later', which is not an earlier question.",
        ),
    ],
)
def test_document_parse_names_each_problem_of_a_question(question, problem):
    # when
    problems = _problems(_doc(question))
    # then
    assert any(problem in p for p in problems), problems


def test_document_parse_refuses_a_key_used_twice():
    # when
    problems = _problems(_doc({"key": "a", "text": "A?"}, {"key": "a", "text": "B?"}))
    # then
    assert problems == ["Question 2 (a): the key is used twice."]


def test_document_parse_refuses_condition_values_that_are_not_choices_of_the_source():
    # given
    source = {"key": "why", "text": "Why?", "kind": "single_choice", "choices": ["Pay", "Boss"]}
    dependent = {"key": "more", "text": "More?", "show_if": {"key": "why", "values": ["Beer"]}}
    # when
    problems = _problems(_doc(source, dependent))
    # then
    assert problems == ["Question 2 (more): condition values ['Beer'] are not choices of 'why'."]


def test_document_parse_refuses_a_condition_without_values():
    # when
    problems = _problems(
        _doc({"key": "a", "text": "A?"}, {"key": "b", "text": "B?", "show_if": {"key": "a"}})
    )
    # then
    assert problems == ["Question 2 (b): the condition needs at least one value to match."]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("name: [unclosed", "Not valid YAML or JSON"),
        ("- just a list", "The document must be a mapping with name and questions."),
        ("name: X\nslug: x\nquestions: 3", "'questions' must be a list."),
        ("name: X\nslug: x\nquestions: []", "A question set needs at least one question."),
        ("slug: x\nquestions: [{key: a, text: A}]", "The set needs a name."),
        ("name: X\nslug: Not A Slug\nquestions: [{key: a, text: A}]", "The set needs a slug"),
        ("name: X\nslug: x\nquestions: [3]", "Question 1 must be a mapping."),
        ("name: X\nslug: x\nquestions: [{key: a, text: A, choices: 3}]", "'choices' a list"),
        ("name: X\nslug: x\nlanguage: fr\nquestions: [{key: a, text: A}]", "The language 'fr'"),
    ],
)
def test_document_parse_names_each_problem_of_the_document(text, problem):
    # when
    problems = _problems(text)
    # then
    assert any(problem in p for p in problems), problems


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_document_dump_reads_back_as_the_same_questions(fmt):
    # given
    question_set = question_set_default_get()
    questions = question_list(question_set=question_set)
    # when
    text = document_dump(question_set, questions, fmt)
    spec = document_parse(text)
    # then
    assert spec.name == question_set.name
    assert [q.key for q in spec.questions] == [q.key for q in questions]
    assert spec.questions == document_parse(DEFAULT.read_text()).questions
