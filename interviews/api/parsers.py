"""The API's JSON parser: refuses what would fail later as a 500 with a clear 400."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Far deeper than any request of the API; deep enough nesting crashes json and DRF with a
# RecursionError.
MAX_DEPTH = 20


def _check(value: Any, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ParseError(f"JSON nested deeper than {MAX_DEPTH} levels is not accepted.")
    if isinstance(value, str) and "\x00" in value:
        raise ParseError("Text may not contain a NUL character (\\u0000).")
    if isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth + 1)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


class SafeJSONParser(JSONParser):
    """JSON without NUL characters and nested at most MAX_DEPTH levels."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(
                f"JSON nested deeper than {MAX_DEPTH} levels is not accepted."
            ) from exc
        _check(data)
        return data
