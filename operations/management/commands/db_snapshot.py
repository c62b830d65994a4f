from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations.snapshots import SnapshotError, snapshot_create


class Command(BaseCommand):
    help = (
        "Write a timestamped snapshot of the database (pg_dump custom format on PostgreSQL, "
        "the backup API on SQLite) and print its path."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir", default=settings.SNAPSHOT_DIR, help="where to write it (SNAPSHOT_DIR)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = snapshot_create(directory=Path(options["dir"]))
        except SnapshotError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(str(path))
