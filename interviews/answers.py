"""Validation of a raw answer against its question's kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from interviews.models import Question

YES_WORDS = {"yes", "y", "true", "1"}
NO_WORDS = {"no", "n", "false", "0"}


class AnswerInvalidError(ValueError):
    """The answer does not fit its question; the message is meant for the employee."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ParsedAnswer:
    """A validated answer: the value analytics reads and the text the transcript shows."""

    value: Any
    text: str


RawAnswer = str | int | bool | list[str] | None


def _as_text(raw: RawAnswer) -> str:
    if raw is None:
        return ""
    if isinstance(raw, list):
        return ", ".join(str(item) for item in raw)
    return str(raw).strip()


def _parse_scale(question: Question, text: str, low: int, high: int) -> ParsedAnswer:
    try:
        number = int(text)
    except ValueError:
        raise AnswerInvalidError(
            _("Please choose a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
        ) from None
    if not low <= number <= high:
        raise AnswerInvalidError(
            _("Please choose a number from %(low)d to %(high)d.") % {"low": low, "high": high}
        )
    return ParsedAnswer(value=number, text=str(number))


def _parse_single(question: Question, text: str) -> ParsedAnswer:
    if text not in question.choices:
        raise AnswerInvalidError(_("Please pick one of the options shown."))
    return ParsedAnswer(value=text, text=text)


def _parse_multiple(question: Question, raw: RawAnswer) -> ParsedAnswer:
    items = raw if isinstance(raw, list) else [_as_text(raw)]
    picked = [str(item).strip() for item in items if str(item).strip()]
    if not picked:
        raise AnswerInvalidError(_("Please tick at least one option."))
    unknown = [item for item in picked if item not in question.choices]
    if unknown:
        raise AnswerInvalidError(_("Please pick only from the options shown."))
    ordered = [choice for choice in question.choices if choice in picked]
    return ParsedAnswer(value=ordered, text=", ".join(ordered))


def _parse_yes_no(text: str) -> ParsedAnswer:
    word = text.lower()
    if word in YES_WORDS:
        return ParsedAnswer(value=True, text=_("Yes"))
    if word in NO_WORDS:
        return ParsedAnswer(value=False, text=_("No"))
    raise AnswerInvalidError(_("Please answer yes or no."))


def answer_parse(question: Question, raw: RawAnswer) -> ParsedAnswer:
    """Validate ``raw`` for ``question``; raise AnswerInvalidError with a clear message."""
    if isinstance(raw, bool) and question.kind == Question.Kind.YES_NO:
        raw = "yes" if raw else "no"
    text = _as_text(raw)
    is_empty = not text and not (isinstance(raw, list) and any(str(i).strip() for i in raw))
    if is_empty:
        if question.required:
            raise AnswerInvalidError(_("This question needs an answer."))
        return ParsedAnswer(value=None, text="")
    if len(text) > settings.ANSWER_MAX_LENGTH:
        raise AnswerInvalidError(
            _("Please keep your answer under %(limit)d characters (it has %(length)d).")
            % {"limit": settings.ANSWER_MAX_LENGTH, "length": len(text)}
        )
    kind = question.kind
    if kind == Question.Kind.RATING:
        return _parse_scale(question, text, 1, 5)
    if kind == Question.Kind.ENPS:
        return _parse_scale(question, text, 0, 10)
    if kind == Question.Kind.SINGLE_CHOICE:
        return _parse_single(question, text)
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return _parse_multiple(question, raw)
    if kind == Question.Kind.YES_NO:
        return _parse_yes_no(text)
    return ParsedAnswer(value=text, text=text)


def answer_tokens(value: Any) -> set[str]:
    """The answer as comparable strings, for skip rules: a list gives each item."""
    if value is None:
        return set()
    if isinstance(value, bool):
        return {"yes" if value else "no"}
    if isinstance(value, list):
        return {str(item) for item in value}
    return {str(value)}
