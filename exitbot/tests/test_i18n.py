"""The interface in a second language: every text we own is marked, translated and compiled."""

from __future__ import annotations

import io
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
CATALOGUES = [
    Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "django.po"
    for code, _name in settings.LANGUAGES
    if code != settings.LANGUAGE_CODE
]
# Attributes a person reads or a screen reader speaks.
SPOKEN_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}
# Code, commands and file names are the same in every language.
UNSPOKEN_ELEMENTS = {"script", "style", "code", "kbd", "samp"}
# Words that are the same in every language: the product's name and the survey's own term.
SAME_IN_EVERY_LANGUAGE = {"exitbot", "eNPS"}

COMMENTS = re.compile(
    r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}"
    # the page's CSS classes, not a text
    r"|{%\s*block (?:page_class|bodyclass)\s*%}.*?{%\s*endblock\s*%}",
    re.DOTALL,
)
BLOCK_TRANSLATIONS = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.DOTALL
)
TRANSLATIONS = re.compile(r"{%\s*trans(?:late)?\s.*?%}", re.DOTALL)
TAGS_AND_VARIABLES = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)
WORD = re.compile(r"[^\W\d_]{2,}")


class _Texts(HTMLParser):
    """Collects the texts of an HTML fragment that a person would read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNSPOKEN_ELEMENTS:
            self._skipping += 1
        self.texts.extend(v for k, v in attrs if k in SPOKEN_ATTRIBUTES and v)
        kind = dict(attrs).get("type")
        if tag == "input" and kind in ("submit", "button", "reset"):
            self.texts.extend(v for k, v in attrs if k == "value" and v)

    def handle_endtag(self, tag: str) -> None:
        if tag in UNSPOKEN_ELEMENTS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.texts.append(data)


def unmarked_texts(source: str) -> list[str]:
    """The texts of a template that are not inside a translation tag."""
    source = COMMENTS.sub(" ", source)
    source = BLOCK_TRANSLATIONS.sub(" ", source)
    source = TRANSLATIONS.sub(" ", source)
    source = TAGS_AND_VARIABLES.sub(" ", source)
    parser = _Texts()
    parser.feed(source)
    parser.close()
    found = []
    for text in parser.texts:
        words = [w for w in WORD.findall(unescape(text)) if w not in SAME_IN_EVERY_LANGUAGE]
        if words:
            found.append(" ".join(text.split()))
    return found


def _catalogue(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, abort_invalid=True)


def _tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def _translations(catalogue: Catalog) -> dict[object, object]:
    """Each message's translation, by context and text; the header is not compared."""
    return {(m.context, _tuple(m.id)): _tuple(m.string) for m in catalogue if m.id}


def _template_names() -> list[str]:
    return sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*")
        if path.suffix in (".html", ".txt")
    )


def test_unmarked_texts_finds_text_outside_translation_tags() -> None:
    # given
    source = (
        '{% load i18n %}<h1 title="Plain title">{% translate "Marked" %}</h1>'
        "{% blocktranslate %}Also {{ marked }}{% endblocktranslate %}{# a note #}"
        "<p>{{ name }} left</p><script>let words = 1;</script><code>manage.py run</code>"
    )
    # when
    found = unmarked_texts(source)
    # then
    assert found == ["Plain title", "left"]


@pytest.mark.parametrize("name", _template_names())
def test_template_marks_every_text_for_translation(name: str) -> None:
    # given
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    # when
    found = unmarked_texts(source)
    # then
    assert found == [], f"{name}: wrap these in {{% translate %}} or {{% blocktranslate %}}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_translates_every_entry_without_fuzzy_ones(path: Path) -> None:
    # given
    catalogue = _catalogue(path)
    # when
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    untranslated = [
        m.id
        for m in catalogue
        if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    # then
    assert fuzzy == []
    assert untranslated == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_keeps_every_placeholder(path: Path) -> None:
    # given
    catalogue = _catalogue(path)
    # when
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalogue.check()]
    # then
    assert problems == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_compiled_catalogue_is_fresh(path: Path) -> None:
    # given: what compiling the source catalogue now gives
    fresh = io.BytesIO()
    write_mo(fresh, _catalogue(path))
    fresh.seek(0)
    # when
    with path.with_suffix(".mo").open("rb") as committed:
        compiled = read_mo(committed)
    # then
    assert _translations(compiled) == _translations(read_mo(fresh)), "run `make messages`"
