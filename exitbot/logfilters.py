"""Logging filters that keep secrets out of log output."""

from __future__ import annotations

import logging
import re

INVITE_PATH = re.compile(r"/i/[^/\s\"']+")


class RedactInviteTokens(logging.Filter):
    """Replace the token in any /i/<token>/ path with a placeholder before a record is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/i/" in message:
            record.msg = INVITE_PATH.sub("/i/<redacted>", message)
            record.args = ()
        return True
