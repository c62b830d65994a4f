from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record
from rollout.models import PREDEFINED_QUESTIONS
from rollout.selectors import Criterion, RolloutStatus, rollout_status_get
from rollout.services import (
    RolloutError,
    phase_advance,
    predefined_percentage_set,
    predefined_rollback,
)

MARKS = {Criterion.MET: "[ok]     ", Criterion.NOT_MET: "[not met]", Criterion.NO_DATA: "[no data]"}


class Command(BaseCommand):
    help = (
        "Show the rollout phase and its success criteria (status), or move to the next phase "
        "when every criterion holds (advance; --force --reason to override, recorded); set the "
        "share of predefined interviews by hand (set) or undo its last change (rollback)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{status,advance,set,rollback}"
        )
        actions.add_parser("status", help="print the phase, the flags and the criteria")
        advance = actions.add_parser("advance", help="move to the next phase")
        advance.add_argument(
            "--force", action="store_true", help="advance even though criteria do not hold"
        )
        advance.add_argument("--reason", default="", help="why (required with --force)")
        manual = actions.add_parser("set", help="set the share of predefined interviews")
        manual.add_argument("--percentage", type=int, required=True, help="0 to 100")
        manual.add_argument("--reason", required=True, help="why; kept in the flag history")
        rollback = actions.add_parser(
            "rollback", help="put the share back to its value before the last change"
        )
        rollback.add_argument("--reason", default="", help="why; kept in the flag history")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] in ("set", "rollback"):
            source = f"manage.py rollout {options['action']}"
            try:
                flag = (
                    predefined_percentage_set(
                        percentage=options["percentage"], reason=options["reason"], source=source
                    )
                    if options["action"] == "set"
                    else predefined_rollback(reason=options["reason"], source=source)
                )
            except RolloutError as exc:
                raise CommandError(exc.message) from exc
            self._audit(flag.name, source, flag.percentage)
            self.stdout.write(
                self.style.SUCCESS(
                    f"{flag.percentage} % of new interviews now get predefined questions "
                    "(recorded in the flag history)."
                )
            )
        if options["action"] == "advance":
            try:
                change = phase_advance(
                    source="manage.py rollout advance",
                    force=options["force"],
                    reason=options["reason"],
                )
            except RolloutError as exc:
                raise CommandError(exc.message) from exc
            self._audit(
                PREDEFINED_QUESTIONS, "manage.py rollout advance", change.to_phase.target_percentage
            )
            forced = " (forced)" if change.forced else ""
            self.stdout.write(
                self.style.SUCCESS(
                    f"Now in {change.to_phase}{forced}: {change.to_phase.target_percentage} % "
                    "of new interviews get predefined questions."
                )
            )
        self._print_status(rollout_status_get())

    def _audit(self, flag: str, source: str, percentage: int) -> None:
        audit_record(
            action=AuditEntry.Action.FLAG_CHANGED,
            target=flag,
            detail={"change": source, "percentage": percentage},
        )

    def _print_status(self, status: RolloutStatus) -> None:
        write = self.stdout.write
        if status.current is None:
            write("Phase: not started")
        else:
            write(
                f"Phase {status.current.number} of {len(status.phases)}: {status.current.name} "
                f"({status.current.target_percentage} % predefined)"
            )
        if status.next_phase is not None:
            write(
                f"Next:  phase {status.next_phase.number}, {status.next_phase.name} "
                f"({status.next_phase.target_percentage} %)"
            )
        for flag in status.flags:
            departments = ", ".join(flag.departments) or "all departments"
            state = "on" if flag.enabled else "off"
            write(f"Flag {flag.name}: {state}, {flag.percentage} %, {departments}")
        write(f"LLM: {status.llm_model or 'not configured'}")
        split = status.split
        write(
            f"New interviews, last {len(split.days)} days: {split.total} "
            f"({split.predefined} predefined, {split.llm} LLM)"
        )
        since = timezone.localtime(status.criteria_since)
        write(f"Success criteria (data since {since:%Y-%m-%d %H:%M}):")
        for criterion in status.criteria:
            write(f"  {MARKS[criterion.status]} {criterion.name}: {criterion.value}")
            write(f"            target: {criterion.target}")
            for line in criterion.details:
                write(f"            {line}")
        verdict = "hold" if status.criteria_hold else "do not hold"
        write(f"The criteria {verdict}.")
