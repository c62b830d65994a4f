"""pytest plugin (loaded with ``-p exitbot.testing``): gives the suite a real PostgreSQL.

When ``DATABASE_URL`` is set the suite uses that server. Otherwise it starts a throwaway
server from the ``pgserver`` package in a temporary directory and deletes it afterwards.
This runs as a hook wrapper on ``pytest_load_initial_conftests`` so that the URL is in the
environment before pytest-django imports the settings.
"""

from __future__ import annotations

import logging
import os
import tempfile
import warnings
from collections.abc import Generator
from typing import Any

import pytest

_server: Any = None


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> Generator[None, None, None]:
    global _server
    if not os.environ.get("DATABASE_URL"):
        logging.getLogger("pgserver").setLevel(logging.WARNING)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset on CI machines
            import pgserver

        _server = pgserver.get_server(tempfile.mkdtemp(prefix="exitbot-pg-"), cleanup_mode="delete")
        os.environ["DATABASE_URL"] = _server.get_uri()
    return (yield)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _server is not None:
        _server.cleanup()
