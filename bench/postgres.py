"""Shared start of the benchmarks: Django on PostgreSQL, migrated."""

from __future__ import annotations

import os
import tempfile
from typing import Any


def django_on_postgres() -> Any:
    """Use DATABASE_URL, or start a throwaway pgserver; set Django up and migrate.

    Returns the pgserver to clean up afterwards, or None when DATABASE_URL was given.
    """
    server = None
    if not os.environ.get("DATABASE_URL"):
        import pgserver

        server = pgserver.get_server(tempfile.mkdtemp(prefix="bench-pg-"), cleanup_mode="delete")
        os.environ["DATABASE_URL"] = server.get_uri()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exitbot.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("LOG_LEVEL", "ERROR")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return server
