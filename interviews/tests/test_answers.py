from __future__ import annotations

import pytest

from interviews.answers import AnswerInvalidError, answer_parse, answer_tokens
from interviews.models import Question
from interviews.tests.factories import QuestionFactory

CHOICES = ["Pay", "Manager", "Growth"]


def _question(kind: str, required: bool = True) -> Question:
    choices = CHOICES if kind in Question.CHOICE_KINDS else []
    return QuestionFactory.build(kind=kind, required=required, choices=choices)


@pytest.mark.parametrize(
    ("kind", "raw", "value", "text"),
    [
        ("text", "  Long commute ", "Long commute", "Long commute"),
        ("rating", "4", 4, "4"),
        ("enps", "0", 0, "0"),
        ("single_choice", "Pay", "Pay", "Pay"),
        ("multiple_choice", ["Growth", "Pay"], ["Pay", "Growth"], "Pay, Growth"),
        ("multiple_choice", "Manager", ["Manager"], "Manager"),
        ("yes_no", "Yes", True, "Yes"),
        ("yes_no", "n", False, "No"),
        ("yes_no", True, True, "Yes"),
    ],
)
def test_answer_parse_accepts_a_valid_answer_of_each_kind(kind, raw, value, text):
    # when
    parsed = answer_parse(_question(kind), raw)
    # then
    assert (parsed.value, parsed.text) == (value, text)


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        ("text", "", "needs an answer"),
        ("rating", "five", "whole number from 1 to 5"),
        ("rating", "6", "from 1 to 5"),
        ("enps", "11", "from 0 to 10"),
        ("single_choice", "Weather", "one of the options"),
        ("multiple_choice", ["", " "], "tick at least one option"),
        ("multiple_choice", ["Pay", "Weather"], "only from the options"),
        ("yes_no", "maybe", "yes or no"),
        ("text", "x" * 6000, "under 5000 characters"),
    ],
)
def test_answer_parse_refuses_an_invalid_answer_with_a_clear_message(kind, raw, message):
    # when / then
    with pytest.raises(AnswerInvalidError, match=message):
        answer_parse(_question(kind), raw)


def test_answer_parse_lets_an_optional_question_be_skipped():
    # when
    parsed = answer_parse(_question("rating", required=False), None)
    # then
    assert (parsed.value, parsed.text) == (None, "")


def test_answer_tokens_compare_any_value_as_strings():
    # when / then
    assert answer_tokens(None) == set()
    assert answer_tokens(True) == {"yes"}
    assert answer_tokens(["a", 2]) == {"a", "2"}
    assert answer_tokens(3) == {"3"}
