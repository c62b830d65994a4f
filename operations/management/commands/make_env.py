from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone

from interviews.selectors import question_set_default_get
from operations.envfile import INITIAL_FLAGS, EnvFileError, env_file_write, masked, staging_values
from rollout.models import Flag
from rollout.services import flag_save


class Command(BaseCommand):
    help = (
        "Write the env file of a staging deployment (mode 0600) from DB_USER, DB_PASSWORD, "
        "DB_HOST, DB_NAME, SITE_URL and the LLM settings; secrets are never printed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("environment", choices=["staging"])
        parser.add_argument("--output", default="staging.env", help="file to write")
        parser.add_argument("--force", action="store_true", help="overwrite an existing file")
        parser.add_argument(
            "--apply-flags",
            action="store_true",
            help="also write the initial flag values to this database (recorded in history)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["output"])
        try:
            default_set = question_set_default_get()
        except DatabaseError:
            default_set = None  # writing a staging file needs no database of its own
            self.stderr.write("No database to read the default question set from: slug left empty.")
        try:
            values = staging_values(
                today=timezone.localdate(),
                question_set_slug=default_set.slug if default_set else "",
            )
            env_file_write(path=path, values=values, force=options["force"])
        except EnvFileError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Wrote {path} (mode 0600):")
        for key, value in values.items():
            self.stdout.write(f"  {key}={masked(key, value)}")
        if options["apply_flags"]:
            for name, percentage in INITIAL_FLAGS.items():
                flag = Flag.objects.filter(name=name).first() or Flag(name=name)
                flag.enabled, flag.percentage = True, percentage
                flag_save(flag=flag, source="manage.py make_env", reason="initial staging values")
                self.stdout.write(f"Flag {name}: on, {percentage} %")
