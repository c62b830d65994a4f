"""Validation of a raw answer against its question: the rules every kind shares, then its own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _

from interviews.kinds import AnswerInvalidError, ParsedAnswer, RawAnswer, kind_get

if TYPE_CHECKING:
    from interviews.models import Question

__all__ = ["AnswerInvalidError", "ParsedAnswer", "RawAnswer", "answer_parse", "answer_tokens"]


def _as_text(raw: RawAnswer) -> str:
    if raw is None:
        return ""
    if isinstance(raw, list):
        return ", ".join(str(item) for item in raw)
    return str(raw).strip()


def answer_parse(question: Question, raw: RawAnswer) -> ParsedAnswer:
    """Validate ``raw`` for ``question``; raise AnswerInvalidError with a clear message."""
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
    return kind_get(question.kind).parse(question, text, raw)


def answer_tokens(value: Any) -> set[str]:
    """The answer as comparable strings, for skip rules: a list gives each item."""
    if value is None:
        return set()
    if isinstance(value, bool):
        return {"yes" if value else "no"}
    if isinstance(value, list):
        return {str(item) for item in value}
    return {str(value)}
