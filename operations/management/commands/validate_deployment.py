from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations.snapshots import SnapshotError, snapshot_restore
from operations.validation import DeploymentValidator, ValidationFailure


class Command(BaseCommand):
    help = (
        "Validate a deployment: check /health/ready, complete interviews through the API, check "
        "every answer is stored once, time each call against thresholds; non-zero on failure, "
        "and with --rollback-on-failure restore the given snapshot."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", required=True, help="e.g. https://exitbot.example.com")
        parser.add_argument("--token", required=True, help="an API token (HR-system user)")
        parser.add_argument("--iterations", type=int, default=10, help="interviews to run")
        parser.add_argument(
            "--threshold-ms",
            type=float,
            default=None,
            help="p95 limit for messages (VALIDATION_MESSAGE_P95_MS) and creation "
            "(VALIDATION_CREATION_P95_MS) alike",
        )
        parser.add_argument(
            "--rollback-on-failure",
            metavar="SNAPSHOT_FILE",
            default=None,
            help="restore this db_snapshot file when validation fails",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        threshold = options["threshold_ms"]
        limits = {
            "creation": threshold or settings.VALIDATION_CREATION_P95_MS,
            "message": threshold or settings.VALIDATION_MESSAGE_P95_MS,
        }
        validator = DeploymentValidator(base_url=options["base_url"], token=options["token"])
        try:
            self._validate(validator, max(1, options["iterations"]), limits)
        except ValidationFailure as exc:
            self.stdout.write(self.style.ERROR(f"FAIL: {exc.message}"))
            self._roll_back(options["rollback_on_failure"])
            raise CommandError(f"Deployment validation failed: {exc.message}") from exc
        finally:
            validator.clean_up()
        self.stdout.write(self.style.SUCCESS("PASS: the deployment is healthy."))

    def _validate(
        self, validator: DeploymentValidator, iterations: int, limits: dict[str, float]
    ) -> None:
        validator.check_ready()
        self.stdout.write(f"/health/ready: ok. Running {iterations} interviews...")
        expected = dict(validator.run_interview(n) for n in range(iterations))
        validator.check_stored(expected)
        self.stdout.write(f"Stored: {sum(expected.values())} answers, each exactly once.")
        missed = self._table(validator, limits)
        if missed:
            raise ValidationFailure("p95 over the threshold for " + ", ".join(missed) + ".")

    def _table(self, validator: DeploymentValidator, limits: dict[str, float]) -> list[str]:
        self.stdout.write(
            f"{'call':<11}{'avg ms':>9}{'min ms':>9}{'max ms':>9}{'p95 ms':>9}{'n':>5}  limit"
        )
        missed = []
        for name, avg, low, high, p95, n in validator.timings.rows():
            limit = limits.get(name)
            verdict = ""
            if limit is not None:
                ok = p95 <= limit
                verdict = f"p95 <= {limit:g} ms {'ok' if ok else 'MISSED'}"
                if not ok:
                    missed.append(f"{name} ({p95:.1f} ms > {limit:g} ms)")
            self.stdout.write(
                f"{name:<11}{avg:>9.1f}{low:>9.1f}{high:>9.1f}{p95:>9.1f}{n:>5}  {verdict}"
            )
        return missed

    def _roll_back(self, snapshot: str | None) -> None:
        if not snapshot:
            return
        self.stdout.write(f"Rolling back: restoring {snapshot} ...")
        try:
            snapshot_restore(path=Path(snapshot))
        except SnapshotError as exc:
            raise CommandError(f"Validation failed AND the rollback failed: {exc.message}") from exc
        self.stdout.write(
            self.style.WARNING(
                f"Restored {snapshot}. Now redeploy the previous release (docs/operations.md)."
            )
        )
