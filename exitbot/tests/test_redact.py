"""Redaction of names, e-mail addresses, phone numbers and links in free text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exitbot.lib.redact import Redactor, fold, redact

CORPUS = Path(__file__).resolve().parents[2] / "analytics" / "corpus"
PEOPLE = ["Marek Nowak", "Zoë Ana Okafor", "Priya Shah", "Dave Smith", "Sinéad O'Brien"]


def test_redact_replaces_a_known_name_whatever_its_case_and_diacritics():
    # given
    redactor = Redactor(PEOPLE)
    # when
    text = redactor.redact("Ask marek NOWAK, or Zoe, or sinead o'brien about it.")
    # then
    assert text == "Ask [name], or [name], or [name] about it."


def test_redact_keeps_everyday_words_that_are_also_names():
    # given
    redactor = Redactor(["Will Grant", "May Long"])
    # when
    text = redactor.redact("I will grant that it may take long. But Will Grant was my boss.")
    # then
    assert text == "I will grant that it may take long. But [name] was my boss."


def test_redact_replaces_emails_phones_and_links():
    # given
    text = (
        "Mail jo.bloggs@example.org, call 07700 900123 or +44 20 7946 0958, "
        "see https://intranet.example.com/policies or www.example.net."
    )
    # when
    redacted = redact(text)
    # then
    assert redacted == ("Mail [email], call [phone] or [phone], see [link] or [link].")


@pytest.mark.parametrize(
    "text", ["We had 60 hour weeks in 2019.", "A 20% raise, 1.5% this year.", "Team of 12."]
)
def test_redact_leaves_numbers_that_are_not_phone_numbers(text):
    assert redact(text) == text


def test_redact_is_a_noop_on_empty_text_and_knows_its_size():
    assert redact("") == ""
    assert len(Redactor(["Ann Lee", ""])) == 2
    assert fold("Zoë") == "zoe"


def test_redact_removes_every_planted_contact_and_name_from_the_corpus():
    # given: the corpus comments that name people or give contact details
    names = ["Dave", "Sarah", "Marek Nowak", "Zoë", "Ana", "Priya", "Jo Bloggs", "Sam R"]
    redactor = Redactor(names)
    texts = [
        json.loads(line)["text"]
        for part in ("train", "test")
        for line in (CORPUS / f"{part}.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    # when
    redacted = [redactor.redact(t) for t in texts]
    # then
    joined = " ".join(redacted)
    for leak in ("Dave", "Sarah", "Marek", "Nowak", "Zoë", "Priya", "@", "07700", "7946", "http"):
        assert leak not in joined
    assert sum("[name]" in t for t in redacted) == 5
    assert sum(t != r for t, r in zip(texts, redacted, strict=True)) < len(texts) // 10
