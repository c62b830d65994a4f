"""The guides in docs/ as pages for staff, so the admin can link to them."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_GET
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

DOCS_DIR = Path(settings.BASE_DIR) / "docs"
# Only plain names under docs/ (one folder deep): no "..", no hidden files.
NAME = re.compile(r"^(?:[a-z0-9-]+/)?[a-z0-9][a-z0-9_-]*\.(md|png)$")
GUIDES = {
    "hr-guide.md": "HR guide",
    "analyst-guide.md": "Analyst guide",
    "rollout.md": "Rollout playbook",
    "training/slides.md": "Training slides",
}


def _heading_open(
    renderer: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # The same ids a Git host gives headings, so "#downloads" links work in the app too.
    tokens[idx].attrSet("id", slugify(tokens[idx + 1].content))
    return renderer.renderToken(tokens, idx, options, env)


@cache
def _renderer() -> MarkdownIt:
    # Raw HTML in the Markdown is shown as text: the guides need none.
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.add_render_rule("heading_open", _heading_open)
    return md


@require_GET
@staff_member_required
def guide_view(request: HttpRequest, name: str) -> HttpResponseBase:
    """A Markdown file of docs/ rendered as a page, or a screenshot it shows."""
    match = NAME.match(name)
    path = DOCS_DIR / name
    if match is None or not path.is_file():
        raise Http404
    if match.group(1) == "png":
        return FileResponse(path.open("rb"), content_type="image/png")
    body = _renderer().render(path.read_text(encoding="utf-8"))
    context = {"body": mark_safe(body), "name": name, "guides": GUIDES}  # noqa: S308 - our own docs
    return render(request, "feedback/guide.html", context)
