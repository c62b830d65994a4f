"""The question-kind registry: every kind complete, its own samples valid by its own rules."""

from __future__ import annotations

import random

import pytest
from django.template.loader import render_to_string

from interviews.answers import answer_parse
from interviews.kinds import KINDS, Kind, kind_choices
from interviews.models import Question

CHOICES = ["Pay", "Manager", "Growth"]


def _question(kind: str) -> Question:
    choices = CHOICES if KINDS[kind].has_choices else []
    return Question(pk=7, key="q", text="Asked?", kind=kind, choices=choices)


def test_every_kind_has_one_registry_entry_and_is_a_model_choice():
    # then
    assert list(KINDS) == [kind.value for kind in Kind]
    assert [value for value, _ in kind_choices()] == list(KINDS)
    assert Question._meta.get_field("kind").choices == kind_choices()


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kinds_example_and_demo_answers_pass_its_own_parser(kind):
    # given
    question, spec = _question(kind), KINDS[kind]
    rng = random.Random(3)  # noqa: S311 - sample answers, not security
    # when
    example = answer_parse(question, spec.example(question.choices))
    demos = [answer_parse(question, spec.demo_answer(question.choices, rng)) for _ in range(5)]
    # then
    assert example.text
    assert all(parsed.text for parsed in demos)


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kinds_input_template_renders_the_answer_field(kind):
    # when
    html = render_to_string(
        "interviews/_question_input.html",
        {"question": _question(kind), "typed": "", "typed_list": [], "max_length": 100},
    )
    # then
    assert 'name="answer"' in html
    assert "Asked?" in html


@pytest.mark.parametrize(
    ("kind", "choices", "problems"),
    [
        ("single_choice", ["a"], ["a choice question needs at least two choices."]),
        ("multiple_choice", ["a", "a"], ["a choice is listed twice."]),
        ("single_choice", ["a", "b"], []),
        ("rating", ["a", "b"], ["only choice questions have choices."]),
        ("date", [], []),
    ],
)
def test_choices_problems_is_the_one_choice_rule(kind, choices, problems):
    # then
    assert KINDS[kind].choices_problems(choices) == problems
