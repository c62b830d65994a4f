from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from interviews.housekeeping import interview_reminders_send


class Command(BaseCommand):
    help = "E-mail one reminder to each open interview invited REMINDER_DAYS ago or more."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = interview_reminders_send()
        self.stdout.write(f"Sent {sent} reminder(s).")
