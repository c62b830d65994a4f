"""Framework-free helpers and small project-wide pieces."""

from __future__ import annotations

import logging

import pytest
from django.test import RequestFactory

from exitbot.context_processors import organisation
from exitbot.lib.clientip import client_ip
from exitbot.lib.tokens import token_hash, token_new
from exitbot.logfilters import RedactInviteTokens


def test_token_new_carries_256_bits_and_differs_each_time():
    # when
    tokens = {token_new() for _ in range(100)}
    # then
    assert len(tokens) == 100
    assert all(len(t) == 43 for t in tokens)


def test_token_hash_is_hex_sha256():
    # when / then
    assert token_hash("abc") == ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "9.9.9.9"),
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),
        (2, "6.6.6.6, 1.1.1.1, 2.2.2.2", "1.1.1.1"),
        (2, "1.1.1.1", "9.9.9.9"),
        (1, "", "9.9.9.9"),
    ],
)
def test_client_ip_trusts_only_the_known_proxies(proxies, forwarded, expected):
    # given
    meta = {"REMOTE_ADDR": "9.9.9.9", "HTTP_X_FORWARDED_FOR": forwarded}
    # when / then
    assert client_ip(meta, proxies) == expected


def test_redact_invite_tokens_removes_tokens_from_log_messages():
    # given
    record = logging.LogRecord("x", logging.WARNING, "f", 1, "Not Found: %s", ("/i/s3cret/",), None)
    # when
    RedactInviteTokens().filter(record)
    # then
    assert record.getMessage() == "Not Found: /i/<redacted>/"


def test_redact_invite_tokens_leaves_other_messages_alone():
    # given
    record = logging.LogRecord("x", logging.INFO, "f", 1, "GET %s", ("/admin/",), None)
    # when
    RedactInviteTokens().filter(record)
    # then
    assert record.getMessage() == "GET /admin/"


def test_organisation_context_names_the_organisation_and_hr_contact(settings):
    # given
    settings.ORGANISATION_NAME = "Acme"
    # when
    context = organisation(RequestFactory().get("/"))
    # then
    assert context == {
        "organisation_name": "Acme",
        "hr_contact_email": "hr@example.com",
        "anonymity_min_group": 5,
    }
