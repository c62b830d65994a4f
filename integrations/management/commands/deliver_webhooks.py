"""Send the webhook deliveries that are due: first tries and retries."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from integrations.webhooks import webhooks_deliver_due


class Command(BaseCommand):
    help = (
        "Deliver pending webhook events that are due, each attempt with its own timeout "
        "(WEBHOOK_TIMEOUT). Run it every minute when no Celery broker is configured."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=100, help="Deliveries to try at most.")

    def handle(self, *args: Any, limit: int, **options: Any) -> None:
        sent = webhooks_deliver_due(limit=limit)
        self.stdout.write(f"Delivered {sent} webhook event(s).")
