from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from analytics.services import question_stats_compute


class Command(BaseCommand):
    help = (
        "Compute question statistics for each day from --since (default: today) to today, and "
        "the rolling 30 days ending with each. Re-running replaces the same periods."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="first day, YYYY-MM-DD")

    def handle(self, *args: Any, since: str | None, **options: Any) -> None:
        today = timezone.localdate()
        try:
            day = datetime.date.fromisoformat(since) if since else today
        except ValueError as exc:
            raise CommandError(f"--since must be a date like 2026-01-31, not '{since}'.") from exc
        if day > today:
            raise CommandError("--since is in the future.")
        written = 0
        while day <= today:
            written += question_stats_compute(day=day)
            day += datetime.timedelta(days=1)
        self.stdout.write(f"Wrote {written} statistics rows.")
