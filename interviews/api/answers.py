"""The shape of an answer in the API, taken from the question-kind registry."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from interviews.kinds import KINDS

ANSWER_SHAPES = "; ".join(f"{kind}: {spec.api_description}" for kind, spec in KINDS.items())


def _by_type() -> list[dict[str, Any]]:
    # One alternative per JSON type: ranges and formats stay in the words above, since a
    # client generator cannot tell two strings or two integers apart in a oneOf.
    found: dict[str, dict[str, Any]] = {}
    for spec in KINDS.values():
        shape = {k: v for k, v in spec.api_schema.items() if k in ("type", "items")}
        found.setdefault(shape["type"], shape)
    return list(found.values())


@extend_schema_field({"oneOf": _by_type()})
class AnswerField(serializers.JSONField):
    """An answer, whose JSON shape depends on the question's kind (interviews.kinds)."""
