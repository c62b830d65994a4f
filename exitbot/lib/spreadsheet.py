"""Safe cells for CSV and XLSX exports."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def needs_neutralising(value: Any) -> bool:
    """Text a spreadsheet would run as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def cell_safe(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula by prefixing a quote.

    Numbers stay numbers; only strings that start with = + - @ tab or CR change.
    """
    if needs_neutralising(value):
        return "'" + value
    return value
