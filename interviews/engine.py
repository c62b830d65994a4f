"""Conversation engines: given the questions and the answers so far, what comes next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from interviews.answers import answer_tokens
from interviews.models import Question


@dataclass(frozen=True)
class Progress:
    """Where an interview stands: the question to ask now and "n of N"."""

    current: Question | None
    answered: int
    total: int

    @property
    def position(self) -> int:
        return min(self.answered + 1, self.total) if self.total else 0

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


class PredefinedEngine:
    """Asks the set's questions in order, skipping those whose condition does not hold."""

    def progress(self, questions: Sequence[Question], answers: dict[int, Any]) -> Progress:
        """``answers`` maps question id to stored value for every answered question."""
        by_key = {q.key: q for q in questions}
        decided: dict[str, bool] = {}
        current: Question | None = None
        total = 0
        for question in questions:
            if question.pk in answers:
                decided[question.key] = True
                total += 1
                continue
            applies = self._applies(question, by_key, answers, decided)
            if applies is False:
                decided[question.key] = False
                continue
            total += 1
            if current is None and applies:
                current = question
        return Progress(current=current, answered=len(answers), total=total)

    @staticmethod
    def _applies(
        question: Question,
        by_key: dict[str, Question],
        answers: dict[int, Any],
        decided: dict[str, bool],
    ) -> bool | None:
        """True, False, or None while the question it depends on is still ahead."""
        if not question.show_if_key:
            return True
        source = by_key.get(question.show_if_key)
        if source is None or decided.get(source.key) is False:
            return False
        if source.pk not in answers:
            return None
        wanted = {str(v) for v in question.show_if_values}
        return bool(answer_tokens(answers[source.pk]) & wanted)
