"""The question kinds, one registry entry each: everything that differs from kind to kind.

A kind declares how a raw answer is parsed and checked, the template of its input, an answer
the demo data and the deployment check can give, whether it has choices (and what makes its
choices valid), whether its answers are free text (sentiment, redaction, comment thresholds),
and the JSON shape of an answer in the API. The page, the admin form, the importer, the API and
the demo data ask here instead of branching on the kind, so a new kind is one ``Kind`` member,
one ``QuestionKind`` below, one template under ``templates/interviews/kinds/`` and its tests.
``Question.kind`` takes its choices from ``kind_choices``, a callable, so a new kind needs no
migration.

This module imports no model: ``interviews.models`` imports it.
"""

from __future__ import annotations

import datetime
import enum
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from interviews.models import Question

RawAnswer = str | int | bool | list[str] | None

YES_WORDS = {"yes", "y", "true", "1"}
NO_WORDS = {"no", "n", "false", "0"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A date outside these is a typo, not an answer to an exit interview.
DATE_MIN, DATE_MAX = datetime.date(1950, 1, 1), datetime.date(2100, 12, 31)


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


class Kind(enum.StrEnum):
    """The names of the kinds; each has its ``QuestionKind`` in ``KINDS``."""

    TEXT = "text"
    RATING = "rating"
    ENPS = "enps"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    DATE = "date"


Parser = Callable[["Question", str, RawAnswer], ParsedAnswer]


@dataclass(frozen=True)
class QuestionKind:
    """What one kind of question does differently from the others."""

    kind: Kind
    label: str
    parse: Parser
    # An answer a person could give, from the question's choices (the deployment check, docs).
    example: Callable[[Sequence[str]], RawAnswer]
    # A plausible answer for the demo data, from the question's choices.
    demo_answer: Callable[[Sequence[str], random.Random], RawAnswer]
    # The JSON Schema of an answer in the API (``message``, and ``value`` in reports), and
    # the same in words for the API's documentation.
    api_schema: dict[str, Any]
    api_description: str
    has_choices: bool = False
    free_text: bool = False
    # The page posts one ``answer`` field per ticked box: always read as a list.
    many: bool = False
    # The values a scale offers, lowest first, for its input.
    scale: tuple[str, ...] = field(default=())
    # The lowest and highest value the input accepts, where it has such bounds (a date's).
    limits: tuple[str, str] = ("", "")
    # Kinds that look alike may share a template.
    template_name: str = ""

    @property
    def value(self) -> str:
        return self.kind.value

    @property
    def template(self) -> str:
        return f"interviews/kinds/{self.template_name or self.kind.value}.html"

    def choices_problems(self, choices: Sequence[str]) -> list[str]:
        """Why these choices do not fit the kind, as clauses to follow "Question n: "."""
        if not self.has_choices:
            return ["only choice questions have choices."] if choices else []
        problems = []
        if len(choices) < 2:
            problems.append("a choice question needs at least two choices.")
        if len(set(choices)) != len(choices):
            problems.append("a choice is listed twice.")
        return problems


def _text_parse(question: Question, text: str, raw: RawAnswer) -> ParsedAnswer:
    return ParsedAnswer(value=text, text=text)


def _scale_parse(low: int, high: int) -> Parser:
    def parse(question: Question, text: str, raw: RawAnswer) -> ParsedAnswer:
        try:
            number = int(text)
        except ValueError:
            raise AnswerInvalidError(
                _("Please choose a whole number from %(low)d to %(high)d.")
                % {"low": low, "high": high}
            ) from None
        if not low <= number <= high:
            raise AnswerInvalidError(
                _("Please choose a number from %(low)d to %(high)d.") % {"low": low, "high": high}
            )
        return ParsedAnswer(value=number, text=str(number))

    return parse


def _single_parse(question: Question, text: str, raw: RawAnswer) -> ParsedAnswer:
    if text not in question.choices:
        raise AnswerInvalidError(_("Please pick one of the options shown."))
    return ParsedAnswer(value=text, text=text)


def _multiple_parse(question: Question, text: str, raw: RawAnswer) -> ParsedAnswer:
    items = raw if isinstance(raw, list) else [text]
    picked = [str(item).strip() for item in items if str(item).strip()]
    if not picked:
        raise AnswerInvalidError(_("Please tick at least one option."))
    unknown = [item for item in picked if item not in question.choices]
    if unknown:
        raise AnswerInvalidError(_("Please pick only from the options shown."))
    ordered = [choice for choice in question.choices if choice in picked]
    return ParsedAnswer(value=ordered, text=", ".join(ordered))


def _yes_no_parse(question: Question, text: str, raw: RawAnswer) -> ParsedAnswer:
    word = "yes" if raw is True else "no" if raw is False else text.lower()
    if word in YES_WORDS:
        return ParsedAnswer(value=True, text=_("Yes"))
    if word in NO_WORDS:
        return ParsedAnswer(value=False, text=_("No"))
    raise AnswerInvalidError(_("Please answer yes or no."))


def _date_parse(question: Question, text: str, raw: RawAnswer) -> ParsedAnswer:
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError(text)
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise AnswerInvalidError(
            _("Please give a date as year-month-day, for example 2025-03-31.")
        ) from None
    if not DATE_MIN <= day <= DATE_MAX:
        raise AnswerInvalidError(
            _("Please give a date between %(low)d and %(high)d.")
            % {"low": DATE_MIN.year, "high": DATE_MAX.year}
        )
    # ISO text sorts, compares and reads the same in every language and in exports.
    return ParsedAnswer(value=day.isoformat(), text=day.isoformat())


def _demo_date(choices: Sequence[str], rng: random.Random) -> str:
    # "When did you first think about leaving?": a few weeks to a year before today.
    return (timezone.localdate() - datetime.timedelta(days=rng.randint(20, 365))).isoformat()


def _demo_text(choices: Sequence[str], rng: random.Random) -> str:
    # Free text comes from the demo command's corpus; this stands in elsewhere.
    return "The commute was long and the growth was slow."


def _scale(low: int, high: int) -> tuple[str, ...]:
    return tuple(str(n) for n in range(low, high + 1))


CHOICE_SCHEMA: dict[str, Any] = {"type": "string"}

KINDS: dict[str, QuestionKind] = {
    spec.value: spec
    for spec in (
        QuestionKind(
            kind=Kind.TEXT,
            label="Free text",
            parse=_text_parse,
            example=lambda choices: "The commute was long.",
            demo_answer=_demo_text,
            api_schema={"type": "string"},
            api_description="any text",
            free_text=True,
        ),
        QuestionKind(
            kind=Kind.RATING,
            label="Rating 1–5",
            parse=_scale_parse(1, 5),
            example=lambda choices: 4,
            demo_answer=lambda choices, rng: str(rng.randint(1, 5)),
            api_schema={"type": "integer", "minimum": 1, "maximum": 5},
            api_description="a whole number from 1 to 5",
            scale=_scale(1, 5),
            template_name="scale",
        ),
        QuestionKind(
            kind=Kind.ENPS,
            label="eNPS 0–10",
            parse=_scale_parse(0, 10),
            example=lambda choices: 8,
            demo_answer=lambda choices, rng: str(rng.randint(0, 10)),
            api_schema={"type": "integer", "minimum": 0, "maximum": 10},
            api_description="a whole number from 0 to 10",
            scale=_scale(0, 10),
        ),
        QuestionKind(
            kind=Kind.SINGLE_CHOICE,
            label="Single choice",
            parse=_single_parse,
            example=lambda choices: choices[0] if choices else "",
            demo_answer=lambda choices, rng: rng.choice(choices),
            api_schema=CHOICE_SCHEMA,
            api_description="one of the question's choices",
            has_choices=True,
        ),
        QuestionKind(
            kind=Kind.MULTIPLE_CHOICE,
            label="Multiple choice",
            parse=_multiple_parse,
            example=lambda choices: list(choices[:1]),
            demo_answer=lambda choices, rng: rng.sample(list(choices), 2),
            api_schema={"type": "array", "items": CHOICE_SCHEMA},
            api_description="a list of the question's choices",
            has_choices=True,
            many=True,
        ),
        QuestionKind(
            kind=Kind.YES_NO,
            label="Yes / no",
            parse=_yes_no_parse,
            example=lambda choices: True,
            demo_answer=lambda choices, rng: rng.choice(["yes", "no"]),
            api_schema={"type": "boolean"},
            api_description="true or false (or the words yes and no)",
        ),
        QuestionKind(
            kind=Kind.DATE,
            label="Date",
            parse=_date_parse,
            example=lambda choices: "2025-03-31",
            demo_answer=_demo_date,
            api_schema={"type": "string", "format": "date"},
            api_description="a date as YYYY-MM-DD",
            limits=(DATE_MIN.isoformat(), DATE_MAX.isoformat()),
        ),
    )
}


def kind_get(kind: str) -> QuestionKind:
    """The registry entry of ``kind``; an unknown kind is a programming error (KeyError)."""
    return KINDS[kind]


def kind_choices() -> list[tuple[str, str]]:
    """The kinds as model and form choices; a callable so a new kind needs no migration."""
    return [(spec.value, spec.label) for spec in KINDS.values()]


def free_text_kinds() -> list[str]:
    """The kinds whose answers are free text: sentiment, redaction, comment thresholds."""
    return [spec.value for spec in KINDS.values() if spec.free_text]
