from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from operations.snapshots import SnapshotError, snapshot_restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with a snapshot from db_snapshot (all or nothing). "
        "Asks for confirmation unless --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a snapshot written by db_snapshot")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not options["yes"]:
            name = connection.settings_dict["NAME"]
            answer = input(f"Replace everything in database {name} with {path}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            snapshot_restore(path=path)
        except SnapshotError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored {path}."))
