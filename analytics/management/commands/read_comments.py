"""The nightly pass over free-text answers, on demand."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Theme unread answers, run the LLM coding pass if configured, recompute emerging topics."

    def handle(self, *args: Any, **options: Any) -> None:
        from analytics.comments import comments_nightly

        done = comments_nightly()
        self.stdout.write(
            f"Read {done['read']} answers, LLM-coded {done['llm_coded']}, "
            f"{done['topics']} emerging topics."
        )
