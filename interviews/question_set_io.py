"""Question sets as YAML or JSON documents, and the rules a publishable set must follow."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.conf import settings
from django.utils.text import slugify

from interviews.kinds import KINDS
from interviews.models import Question, QuestionSet


class QuestionSetDocumentError(ValueError):
    """A question set document or a set's questions break a rule; one line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


@dataclass
class QuestionSpec:
    """A question as plain data, from a document or a model row."""

    key: str
    text: str
    kind: str = Question.Kind.TEXT
    help_text: str = ""
    choices: list[str] = field(default_factory=list)
    required: bool = True
    show_if_key: str = ""
    show_if_values: list[str] = field(default_factory=list)

    @classmethod
    def from_question(cls, question: Question) -> QuestionSpec:
        return cls(
            key=question.key,
            text=question.text,
            kind=question.kind,
            help_text=question.help_text,
            choices=list(question.choices),
            required=question.required,
            show_if_key=question.show_if_key,
            show_if_values=[str(v) for v in question.show_if_values],
        )

    def to_document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"key": self.key, "kind": self.kind, "text": self.text}
        if self.help_text:
            doc["help_text"] = self.help_text
        if not self.required:
            doc["required"] = False
        if self.choices:
            doc["choices"] = self.choices
        if self.show_if_key:
            doc["show_if"] = {"key": self.show_if_key, "values": self.show_if_values}
        return doc


@dataclass
class QuestionSetSpec:
    """A whole question set as plain data."""

    name: str
    slug: str
    questions: list[QuestionSpec]
    language: str = "en"
    description: str = ""
    intro_message: str = ""


def questions_problems(questions: Sequence[QuestionSpec]) -> list[str]:
    """Every reason the questions cannot be published, in order; empty when they can."""
    problems: list[str] = []
    if not questions:
        problems.append("A question set needs at least one question.")
    seen: dict[str, QuestionSpec] = {}
    for number, q in enumerate(questions, start=1):
        where = f"Question {number} ({q.key or 'no key'})"
        if not q.key or slugify(q.key).replace("-", "_") != q.key:
            problems.append(f"{where}: the key must be lower-case letters, digits and _.")
        if q.key in seen:
            problems.append(f"{where}: the key is used twice.")
        if not q.text.strip():
            problems.append(f"{where}: the question text is empty.")
        if q.kind not in KINDS:
            problems.append(f"{where}: unknown kind '{q.kind}'.")
        else:
            problems.extend(f"{where}: {p}" for p in KINDS[q.kind].choices_problems(q.choices))
        problems.extend(_skip_rule_problems(where, q, seen))
        seen[q.key] = q
    return problems


def _skip_rule_problems(
    where: str, q: QuestionSpec, earlier: dict[str, QuestionSpec]
) -> Iterable[str]:
    if not q.show_if_key:
        if q.show_if_values:
            yield f"{where}: values for a condition need the key of an earlier question."
        return
    source = earlier.get(q.show_if_key)
    if source is None:
        yield f"{where}: the condition names '{q.show_if_key}', which is not an earlier question."
        return
    if not q.show_if_values:
        yield f"{where}: the condition needs at least one value to match."
    if source.kind in KINDS and KINDS[source.kind].has_choices:
        unknown = [v for v in q.show_if_values if v not in source.choices]
        if unknown:
            yield f"{where}: condition values {unknown} are not choices of '{source.key}'."


def _text(item: dict[str, Any], name: str, default: str = "") -> str:
    value = item.get(name, default)
    return "" if value is None else str(value)


def document_parse(text: str) -> QuestionSetSpec:
    """Parse a YAML (or JSON, which is YAML) document; raise QuestionSetDocumentError."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise QuestionSetDocumentError([f"Not valid YAML or JSON: {exc}"]) from exc
    if not isinstance(data, dict):
        raise QuestionSetDocumentError(["The document must be a mapping with name and questions."])
    problems: list[str] = []
    name, slug = _text(data, "name").strip(), _text(data, "slug").strip()
    if not name:
        problems.append("The set needs a name.")
    if not slug or slugify(slug) != slug:
        problems.append("The set needs a slug of lower-case letters, digits and hyphens.")
    language = _text(data, "language", "en").strip() or "en"
    if language not in dict(settings.LANGUAGES):
        codes = ", ".join(dict(settings.LANGUAGES))
        problems.append(f"The language '{language}' is not one of {codes}.")
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list):
        raise QuestionSetDocumentError([*problems, "'questions' must be a list."])
    specs: list[QuestionSpec] = []
    for number, item in enumerate(raw_questions, start=1):
        if not isinstance(item, dict):
            problems.append(f"Question {number} must be a mapping.")
            continue
        show_if = item.get("show_if") or {}
        choices = item.get("choices") or []
        if not isinstance(show_if, dict) or not isinstance(choices, list):
            problems.append(f"Question {number}: 'show_if' is a mapping, 'choices' a list.")
            continue
        specs.append(
            QuestionSpec(
                key=_text(item, "key").strip(),
                text=_text(item, "text").strip(),
                kind=_text(item, "kind", Question.Kind.TEXT),
                help_text=_text(item, "help_text").strip(),
                choices=[str(c) for c in choices],
                required=bool(item.get("required", True)),
                show_if_key=_text(show_if, "key").strip(),
                show_if_values=[str(v) for v in show_if.get("values") or []],
            )
        )
    problems.extend(questions_problems(specs))
    if problems:
        raise QuestionSetDocumentError(problems)
    return QuestionSetSpec(
        name=name,
        slug=slug,
        questions=specs,
        language=language,
        description=_text(data, "description").strip(),
        intro_message=_text(data, "intro_message").strip(),
    )


def document_dump(question_set: QuestionSet, questions: Iterable[Question], fmt: str) -> str:
    """Render a set as a YAML or JSON document that document_parse reads back."""
    doc: dict[str, Any] = {
        "name": question_set.name,
        "slug": question_set.slug,
        "language": question_set.language,
        "version": question_set.version,
    }
    if question_set.description:
        doc["description"] = question_set.description
    if question_set.intro_message:
        doc["intro_message"] = question_set.intro_message
    doc["questions"] = [QuestionSpec.from_question(q).to_document() for q in questions]
    if fmt == "json":
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
