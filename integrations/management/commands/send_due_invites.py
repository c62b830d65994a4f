from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from integrations.scheduler import interviews_invite_due, leavers_due


class Command(BaseCommand):
    help = (
        "Create and e-mail an interview for each leaver whose exit date is "
        "INVITE_DAYS_BEFORE_EXIT days away or less (once per leaver and question set)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list them, change nothing")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        if dry_run:
            due = leavers_due()
            for employee in due:
                self.stdout.write(
                    f"Would invite {employee.employee_id} (leaves {employee.exit_date})"
                )
            self.stdout.write(f"{len(due)} leaver(s) due; nothing was changed.")
            return
        created = interviews_invite_due()
        for interview in created:
            self.stdout.write(
                f"Invited {interview.employee.employee_id}: interview #{interview.pk}"
            )
        self.stdout.write(f"Created {len(created)} interview(s).")
