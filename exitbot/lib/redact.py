"""Replace known names, e-mail addresses, phone numbers and links in free text by placeholders.

Framework-free: the caller passes the names it knows (employees, managers). Matching ignores case
and diacritics ("zoe" matches "Zoë"). A name is matched word by word rather than with one big
alternation regex, so the cost per text is linear in its length whatever the number of people.

A first or last name that is also a common English word ("Will", "May", "Grant") is replaced only
when it is written with a capital letter and does not start a sentence, so "I will" stays intact.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

NAME = "[name]"
EMAIL = "[email]"
PHONE = "[phone]"
LINK = "[link]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_LINK = re.compile(
    # A link ends before the punctuation that ends its sentence.
    r"\b(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,;:!?)]"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|co\.uk)\b(?:/[^\s<>\"']*[^\s<>\"'.,;:!?)])?",
    re.IGNORECASE,
)
# Seven or more digits, with the separators people type (spaces, dots, dashes, brackets, +).
_PHONE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().-]{5,}\d(?![\w])")
_WORD = re.compile(r"\w+(?:['’-]\w+)*", re.UNICODE)
_PLACEHOLDER_RUN = re.compile(r"\[name\](?:\s+\[name\])+")

# Names that are also everyday words: only a capitalised, mid-sentence use is taken as a name.
COMMON_WORDS = frozenset(
    [
        "a",
        "i",
        "in",
        "on",
        "at",
        "an",
        "as",
        "so",
        "no",
        "we",
        "me",
        "us",
        "be",
        "by",
        "do",
        "go",
        "he",
        "if",
        "is",
        "it",
        "my",
        "of",
        "or",
        "to",
        "up",
        "am",
        "will",
        "may",
        "mark",
        "grant",
        "bill",
        "rich",
        "rose",
        "hope",
        "joy",
        "faith",
        "june",
        "april",
        "august",
        "summer",
        "dawn",
        "sunny",
        "art",
        "guy",
        "chase",
        "hunter",
        "page",
        "parker",
        "young",
        "long",
        "short",
        "green",
        "white",
        "brown",
        "black",
        "gray",
        "grey",
        "hall",
        "wood",
        "hill",
        "king",
        "love",
        "lee",
        "ray",
        "sky",
        "star",
        "can",
        "don",
        "pat",
        "sue",
        "sam",
        "max",
        "fair",
        "bright",
    ]
)
_DIGITS_MIN = 7


def fold(text: str) -> str:
    """Lower case without diacritics, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class Redactor:
    """Built once from the known names; ``redact`` is then cheap and thread-safe."""

    def __init__(self, names: Iterable[str]) -> None:
        tokens: set[str] = set()
        for name in names:
            for word in _WORD.findall(name or ""):
                folded = fold(word)
                if len(folded) >= 2 and not folded.isdigit():
                    tokens.add(folded)
        self._tokens = frozenset(tokens)

    def __len__(self) -> int:
        return len(self._tokens)

    def redact(self, text: str) -> str:
        """The text with names, e-mail addresses, links and phone numbers replaced."""
        if not text:
            return text
        text = _EMAIL.sub(EMAIL, text)
        text = _LINK.sub(LINK, text)
        text = _PHONE.sub(_phone, text)
        if self._tokens:
            text = _WORD.sub(lambda m: self._name(m, text), text)
            text = _PLACEHOLDER_RUN.sub(NAME, text)
        return text

    def _name(self, match: re.Match[str], text: str) -> str:
        word = match.group(0)
        folded = fold(word)
        if folded not in self._tokens:
            return word
        if folded in COMMON_WORDS and not (
            word[0].isupper() and not _starts_sentence(text, match.start())
        ):
            return word
        return NAME


def _phone(match: re.Match[str]) -> str:
    found = match.group(0)
    if sum(c.isdigit() for c in found) < _DIGITS_MIN:
        return found
    return PHONE


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?:\n\"'(" or before.endswith(("[email]", "[link]"))


def redact(text: str, names: Iterable[str] = ()) -> str:
    """One-off redaction; build a Redactor to redact many texts with the same names."""
    return Redactor(names).redact(text)
