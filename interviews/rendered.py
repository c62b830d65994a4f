"""Parts of the employee's pages that are the same for everyone who reads them in one language,
rendered once per process: the page around the chat, the welcome, an untyped question's input.

A part is rendered without the request, from the values given only, so nothing of one
employee's request can be kept in it and shown to another.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

# Parts kept per process: more than a deployment's questions and sets times its languages.
RENDERED_KEPT = 2000
_rendered: dict[tuple[Any, ...], SafeString] = {}


def rendered_once(key: tuple[Any, ...], template_name: str, values: dict[str, Any]) -> SafeString:
    """``template_name`` rendered with ``values``, which ``key`` must fully determine, in the
    active language."""
    key = (template_name, *key, get_language())
    rendered = _rendered.get(key)
    if rendered is None:
        if len(_rendered) >= RENDERED_KEPT:
            _rendered.clear()
        rendered = _rendered[key] = render_to_string(template_name, values)
    return rendered
