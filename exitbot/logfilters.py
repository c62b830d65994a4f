"""Logging filters that keep secrets out of log output."""

from __future__ import annotations

import logging
import re
from typing import Any

INVITE_PATH = re.compile(r"/i/[^/\s\"'?]+")
REDACTED = "/i/<redacted>"


def redact(text: str) -> str:
    """The text with the token of every /i/<token>/ path replaced by a placeholder."""
    return INVITE_PATH.sub(REDACTED, text) if "/i/" in text else text


class RedactInviteTokens(logging.Filter):
    """Replace the token in any /i/<token>/ path with a placeholder before a record is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        # structlog's records carry a dict; its redact_invite_tokens processor covers them.
        if isinstance(record.msg, str):
            message = record.getMessage()
            if "/i/" in message:
                record.msg = redact(message)
                record.args = ()
        return True


def redact_invite_tokens(logger: Any, method_name: str, event_dict: Any) -> Any:
    """structlog processor: redact invite tokens from every string value of a log line, and
    drop the query string of the request line (it can carry anything a client put there)."""
    if isinstance(event_dict.get("request"), str):
        event_dict["request"] = event_dict["request"].split("?", 1)[0]
    for key, value in event_dict.items():
        if isinstance(value, str):
            event_dict[key] = redact(value)
    return event_dict
