"""Delete interviews, answers and events older than RETENTION_DAYS."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from privacy.services import expired_purge


class Command(BaseCommand):
    help = (
        "Delete finished interviews older than RETENTION_DAYS with their answers and events "
        "(statistics stay). Also a nightly Celery beat job."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        counts = expired_purge(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(f"{verb} (older than {settings.RETENTION_DAYS} days): {summary}.")
