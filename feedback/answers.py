"""Checking survey answers as typed, one message per question; no database access."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from feedback.models import RATING_MAX, RATING_MIN, SurveyQuestion

RATINGS = [str(n) for n in range(RATING_MIN, RATING_MAX + 1)]


@dataclass(frozen=True)
class CleanAnswer:
    """A checked answer: a rating or a text, never both."""

    question: SurveyQuestion
    rating: int | None = None
    text: str = ""


def answers_clean(
    questions: Sequence[SurveyQuestion], raw: Mapping[str, str], *, max_length: int
) -> tuple[list[CleanAnswer], dict[str, str]]:
    """The answers that are not empty, and an error message per question key that failed."""
    answers: list[CleanAnswer] = []
    errors: dict[str, str] = {}
    for question in questions:
        value = (raw.get(question.key) or "").strip()
        if not value:
            if question.required:
                errors[question.key] = (
                    "Choose a rating from 1 to 5."
                    if question.kind == SurveyQuestion.Kind.RATING
                    else "Please write an answer."
                )
            continue
        if question.kind == SurveyQuestion.Kind.RATING:
            if value not in RATINGS:
                errors[question.key] = "Choose a rating from 1 to 5."
                continue
            answers.append(CleanAnswer(question, rating=int(value)))
        else:
            if len(value) > max_length:
                errors[question.key] = (
                    f"Please keep this under {max_length} characters (it has {len(value)})."
                )
                continue
            answers.append(CleanAnswer(question, text=value))
    return answers, errors
