"""Answer validation, kind by kind."""

from __future__ import annotations

import pytest

from interviews.answers import AnswerInvalidError, answer_parse, answer_tokens
from interviews.kinds import kind_get
from interviews.models import Question

CHOICES = ["Pay", "Growth", "Manager"]


def _question(kind: str, required: bool = True) -> Question:
    choices = CHOICES if kind_get(kind).has_choices else []
    return Question(key="q", text="Q?", kind=kind, choices=choices, required=required)


@pytest.mark.parametrize(("raw", "value"), [("1", 1), ("5", 5), (" 3 ", 3), (4, 4)])
def test_answer_parse_accepts_ratings_from_1_to_5(raw, value):
    # when
    parsed = answer_parse(_question(Question.Kind.RATING), raw)
    # then
    assert parsed.value == value
    assert parsed.text == str(value)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("0", "Please choose a number from 1 to 5."),
        ("6", "Please choose a number from 1 to 5."),
        ("abc", "Please choose a whole number from 1 to 5."),
        ("3.5", "Please choose a whole number from 1 to 5."),
    ],
)
def test_answer_parse_refuses_ratings_out_of_range(raw, message):
    # when / then
    with pytest.raises(AnswerInvalidError) as error:
        answer_parse(_question(Question.Kind.RATING), raw)
    assert error.value.message == message


@pytest.mark.parametrize(("raw", "ok"), [("0", True), ("10", True), ("11", False), ("-1", False)])
def test_answer_parse_enps_takes_0_to_10(raw, ok):
    # when / then
    if ok:
        assert answer_parse(_question(Question.Kind.ENPS), raw).value == int(raw)
    else:
        with pytest.raises(AnswerInvalidError, match="from 0 to 10"):
            answer_parse(_question(Question.Kind.ENPS), raw)


def test_answer_parse_single_choice_takes_one_of_the_choices():
    # when
    parsed = answer_parse(_question(Question.Kind.SINGLE_CHOICE), "Growth")
    # then
    assert parsed.value == "Growth"


def test_answer_parse_single_choice_refuses_an_unknown_choice():
    # when / then
    with pytest.raises(AnswerInvalidError, match="pick one of the options"):
        answer_parse(_question(Question.Kind.SINGLE_CHOICE), "Free lunch")


def test_answer_parse_multiple_choice_keeps_the_choices_order_and_drops_repeats():
    # when
    parsed = answer_parse(
        _question(Question.Kind.MULTIPLE_CHOICE), ["Manager", "Pay", "Manager", " "]
    )
    # then
    assert parsed.value == ["Pay", "Manager"]
    assert parsed.text == "Pay, Manager"


def test_answer_parse_multiple_choice_accepts_a_single_string():
    # when
    parsed = answer_parse(_question(Question.Kind.MULTIPLE_CHOICE), "Pay")
    # then
    assert parsed.value == ["Pay"]


def test_answer_parse_multiple_choice_refuses_an_unknown_choice():
    # when / then
    with pytest.raises(AnswerInvalidError, match="only from the options"):
        answer_parse(_question(Question.Kind.MULTIPLE_CHOICE), ["Pay", "Beer"])


def test_answer_parse_multiple_choice_required_refuses_an_empty_list():
    # when / then
    with pytest.raises(AnswerInvalidError, match="needs an answer"):
        answer_parse(_question(Question.Kind.MULTIPLE_CHOICE), [])


@pytest.mark.parametrize(
    ("raw", "value"), [("yes", True), ("Y", True), ("no", False), ("N", False), (True, True)]
)
def test_answer_parse_yes_no_understands_words_and_booleans(raw, value):
    # when
    parsed = answer_parse(_question(Question.Kind.YES_NO), raw)
    # then
    assert parsed.value is value
    assert parsed.text == ("Yes" if value else "No")


def test_answer_parse_yes_no_refuses_other_words():
    # when / then
    with pytest.raises(AnswerInvalidError, match="yes or no"):
        answer_parse(_question(Question.Kind.YES_NO), "maybe")


def test_answer_parse_free_text_is_trimmed():
    # when
    parsed = answer_parse(_question(Question.Kind.TEXT), "  The commute.  ")
    # then
    assert parsed.value == parsed.text == "The commute."


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_answer_parse_required_question_refuses_empty(raw):
    # when / then
    with pytest.raises(AnswerInvalidError, match="This question needs an answer."):
        answer_parse(_question(Question.Kind.TEXT), raw)


def test_answer_parse_optional_question_stores_empty_as_no_value():
    # when
    parsed = answer_parse(_question(Question.Kind.RATING, required=False), "")
    # then
    assert parsed.value is None
    assert parsed.text == ""


def test_answer_parse_refuses_text_over_the_length_cap(settings):
    # given
    settings.ANSWER_MAX_LENGTH = 10
    # when / then
    with pytest.raises(AnswerInvalidError) as error:
        answer_parse(_question(Question.Kind.TEXT), "x" * 11)
    assert error.value.message == "Please keep your answer under 10 characters (it has 11)."


@pytest.mark.parametrize(
    ("value", "tokens"),
    [(None, set()), (True, {"yes"}), (False, {"no"}), (["a", "b"], {"a", "b"}), (3, {"3"})],
)
def test_answer_tokens_turns_values_into_comparable_strings(value, tokens):
    # when / then
    assert answer_tokens(value) == tokens
