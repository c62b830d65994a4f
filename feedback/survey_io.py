"""Surveys as YAML documents: the seed surveys ship in feedback/surveys/."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SURVEY_DIR = Path(__file__).resolve().parent / "surveys"
HR_SURVEY_FILE = SURVEY_DIR / "predefined-questions-feedback.yaml"
EMPLOYEE_SURVEY_FILE = SURVEY_DIR / "interview-experience.yaml"
AUDIENCES = {"hr", "employees"}
KINDS = {"rating", "text"}


class SurveyDocumentError(ValueError):
    """A survey document breaks a rule; the message lists every problem."""


@dataclass(frozen=True)
class QuestionDoc:
    """A survey question as plain data."""

    key: str
    kind: str
    text: str
    help_text: str = ""
    required: bool = True


@dataclass(frozen=True)
class SurveyDoc:
    """A survey as plain data."""

    name: str
    slug: str
    audience: str
    description: str = ""
    questions: list[QuestionDoc] = field(default_factory=list)


def _question(raw: Any, number: int, problems: list[str]) -> QuestionDoc | None:
    if not isinstance(raw, dict):
        problems.append(f"question {number} is not a mapping")
        return None
    key, kind, text = str(raw.get("key", "")), str(raw.get("kind", "")), str(raw.get("text", ""))
    if not key or not text:
        problems.append(f"question {number} needs a key and a text")
    if kind not in KINDS:
        problems.append(f"question {number} ({key}): kind must be one of {sorted(KINDS)}")
    return QuestionDoc(
        key=key,
        kind=kind,
        text=text.strip(),
        help_text=str(raw.get("help_text", "")).strip(),
        required=bool(raw.get("required", True)),
    )


def survey_parse(text: str) -> SurveyDoc:
    """A survey from YAML text; raises SurveyDocumentError listing every problem."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise SurveyDocumentError("a survey document is a mapping")
    problems: list[str] = []
    for name in ("name", "slug", "audience"):
        if not data.get(name):
            problems.append(f"{name} is missing")
    if data.get("audience") and data["audience"] not in AUDIENCES:
        problems.append(f"audience must be one of {sorted(AUDIENCES)}")
    raw_questions = data.get("questions") or []
    questions = [
        q
        for number, raw in enumerate(raw_questions, start=1)
        if (q := _question(raw, number, problems)) is not None
    ]
    keys = [q.key for q in questions]
    if not questions:
        problems.append("a survey needs at least one question")
    if len(set(keys)) != len(keys):
        problems.append("question keys must be unique")
    if problems:
        raise SurveyDocumentError("; ".join(problems))
    return SurveyDoc(
        name=str(data["name"]),
        slug=str(data["slug"]),
        audience=str(data["audience"]),
        description=str(data.get("description", "")).strip(),
        questions=questions,
    )
