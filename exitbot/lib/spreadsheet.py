"""Safe cells for CSV and XLSX exports."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula by prefixing a quote.

    Numbers stay numbers; only strings that start with = + - @ tab or CR change.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
