"""Erase one employee's personal data on request."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from privacy.services import EmployeeNotFoundError, employee_erase


class Command(BaseCommand):
    help = (
        "Remove an employee's personal data: profile, interviews, answers, events, webhook "
        "payloads and invite records. Statistics already computed stay (they hold no names)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("employee_id", help="the employee id from the HR system")
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(
        self, *args: Any, employee_id: str, dry_run: bool, yes: bool, **options: Any
    ) -> None:
        try:
            counts = employee_erase(employee_id=employee_id, dry_run=True)
        except EmployeeNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        if dry_run:
            self.stdout.write(f"Would delete: {summary}.")
            return
        if not yes:
            answer = input(f"Delete {summary}? This cannot be undone. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was deleted.")
        counts = employee_erase(employee_id=employee_id)
        self.stdout.write(f"Deleted: {', '.join(f'{n} {what}' for what, n in counts.items())}.")
