from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interviews.models import QuestionSet
from interviews.question_set_io import document_dump
from interviews.selectors import question_list


class Command(BaseCommand):
    help = "Print a question set (the newest version, or --version N) as YAML or JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--set-version", type=int, dest="set_version", help="version number")
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")

    def handle(
        self, *args: Any, slug: str, set_version: int | None, format: str, **options: Any
    ) -> None:
        versions = QuestionSet.objects.filter(slug=slug).order_by("-version")
        if set_version is not None:
            versions = versions.filter(version=set_version)
        question_set = versions.first()
        if question_set is None:
            raise CommandError(
                f"No question set '{slug}'"
                + (f" version {set_version}" if set_version else "")
                + "."
            )
        self.stdout.write(
            document_dump(question_set, question_list(question_set=question_set), format), ending=""
        )
