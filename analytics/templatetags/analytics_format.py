"""Numbers on the analyst pages in the format their charts use."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """A rate from 0 to 1 as a whole percentage, the way the charts label it; "–" for none."""
    if value is None or value == "":
        return "–"
    return f"{float(value):.0%}"
