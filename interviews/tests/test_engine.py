"""The predefined engine: order, skip rules and progress."""

from __future__ import annotations

from interviews.engine import PredefinedEngine
from interviews.kinds import kind_get
from interviews.models import Question


def _questions(*specs: tuple[str, str, str, list[str]]) -> list[Question]:
    questions = []
    for number, (key, kind, show_if_key, show_if_values) in enumerate(specs, start=1):
        choices = ["a", "b", "c"] if kind_get(kind).has_choices else []
        questions.append(
            Question(
                pk=number,
                key=key,
                text=key,
                kind=kind,
                choices=choices,
                show_if_key=show_if_key,
                show_if_values=show_if_values,
            )
        )
    return questions


RATING, TEXT, MULTI, YES_NO = (
    Question.Kind.RATING,
    Question.Kind.TEXT,
    Question.Kind.MULTIPLE_CHOICE,
    Question.Kind.YES_NO,
)


def test_progress_asks_questions_in_order():
    # given
    questions = _questions(("a", TEXT, "", []), ("b", TEXT, "", []))
    # when
    progress = PredefinedEngine().progress(questions, {1: "x"})
    # then
    assert progress.current == questions[1]
    assert (progress.position, progress.total, progress.answered) == (2, 2, 1)
    assert progress.percent == 50


def test_progress_asks_a_conditional_question_when_the_answer_matches():
    # given
    questions = _questions(("rate", RATING, "", []), ("why", TEXT, "rate", ["1", "2"]))
    # when
    progress = PredefinedEngine().progress(questions, {1: 2})
    # then
    assert progress.current == questions[1]


def test_progress_skips_a_conditional_question_when_the_answer_does_not_match():
    # given
    questions = _questions(
        ("rate", RATING, "", []), ("why", TEXT, "rate", ["1", "2"]), ("end", TEXT, "", [])
    )
    # when
    progress = PredefinedEngine().progress(questions, {1: 5})
    # then
    assert progress.current == questions[2]
    assert progress.total == 2


def test_progress_counts_a_pending_conditional_question_until_its_source_is_answered():
    # given
    questions = _questions(("rate", RATING, "", []), ("why", TEXT, "rate", ["1"]))
    # when
    progress = PredefinedEngine().progress(questions, {})
    # then
    assert progress.current == questions[0]
    assert progress.total == 2


def test_progress_skips_a_question_whose_source_was_skipped():
    # given
    questions = _questions(
        ("rate", RATING, "", []),
        ("why", TEXT, "rate", ["1"]),
        ("more", TEXT, "why", ["x"]),
        ("end", TEXT, "", []),
    )
    # when
    progress = PredefinedEngine().progress(questions, {1: 4})
    # then
    assert progress.current == questions[3]


def test_progress_matches_any_overlap_of_a_multiple_choice_answer():
    # given
    questions = _questions(("pick", MULTI, "", []), ("why", TEXT, "pick", ["c"]))
    # when
    progress = PredefinedEngine().progress(questions, {1: ["a", "c"]})
    # then
    assert progress.current == questions[1]


def test_progress_matches_a_yes_no_answer_by_word():
    # given
    questions = _questions(("back", YES_NO, "", []), ("why", TEXT, "back", ["no"]))
    # when
    progress = PredefinedEngine().progress(questions, {1: False})
    # then
    assert progress.current == questions[1]


def test_progress_ignores_a_condition_on_an_unknown_key():
    # given
    questions = _questions(("a", TEXT, "", []), ("b", TEXT, "missing", ["x"]))
    # when
    progress = PredefinedEngine().progress(questions, {1: "x"})
    # then
    assert progress.current is None
    assert progress.total == 1


def test_progress_is_complete_when_every_question_is_answered():
    # given
    questions = _questions(("a", TEXT, "", []))
    # when
    progress = PredefinedEngine().progress(questions, {1: "x"})
    # then
    assert progress.current is None
    assert progress.percent == 100
    assert progress.position == 1


def test_progress_of_an_empty_set_is_complete():
    # when
    progress = PredefinedEngine().progress([], {})
    # then
    assert progress.current is None
    assert (progress.position, progress.total, progress.percent) == (0, 0, 100)
