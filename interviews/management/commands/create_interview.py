from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from interviews.models import Interview
from interviews.selectors import question_set_published_get
from interviews.services.interviews import InterviewError, interview_create_for_employee


class Command(BaseCommand):
    help = "Create an interview for an employee (created or updated) and print its invite URL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employee-id", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--email", default="", help="work e-mail")
        parser.add_argument("--department", default="")
        parser.add_argument("--question-set", default="", help="slug; the default set if omitted")
        parser.add_argument(
            "--mode",
            choices=Interview.Mode.values,
            default=None,
            help="predefined or llm; the rollout flags decide if omitted",
        )
        parser.add_argument("--send", action="store_true", help="also e-mail an invite")

    def handle(self, *args: Any, **options: Any) -> None:
        question_set = None
        if options["question_set"]:
            question_set = question_set_published_get(slug=options["question_set"])
            if question_set is None:
                raise CommandError(f"No published question set '{options['question_set']}'.")
        fields = {"name": options["name"]}
        fields.update(
            {
                k: options[o]
                for k, o in [("work_email", "email"), ("department", "department")]
                if options[o]
            }
        )
        try:
            created = interview_create_for_employee(
                employee_id=options["employee_id"],
                employee_fields=fields,
                question_set=question_set,
                mode=options["mode"],
                send_invite=options["send"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        except InterviewError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Interview #{created.interview.pk} for {created.employee.name} "
            f"({created.interview.get_mode_display()}): {created.invite_url}"
        )
