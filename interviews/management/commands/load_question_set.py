from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interviews.question_set_io import QuestionSetDocumentError, document_parse
from interviews.services.question_sets import question_set_load


class Command(BaseCommand):
    help = (
        "Install a question set from a YAML or JSON file as a new version (published unless "
        "--draft). Loading the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="YAML or JSON question set document")
        parser.add_argument("--draft", action="store_true", help="leave the new version a draft")

    def handle(self, *args: Any, file: Path, draft: bool, **options: Any) -> None:
        try:
            spec = document_parse(file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        except QuestionSetDocumentError as exc:
            raise CommandError(
                f"{file} is not a valid question set:\n  " + "\n  ".join(exc.problems)
            ) from exc
        question_set, created = question_set_load(spec=spec, publish=not draft)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Installed {question_set}."))
        else:
            self.stdout.write(f"{question_set} already has these questions; nothing changed.")
