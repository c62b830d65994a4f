from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission, User
from django.core.management.base import BaseCommand, CommandParser
from rest_framework.authtoken.models import Token

# What validate_deployment does through the API: create employees and interviews, answer, read.
PERMISSIONS = [
    "add_employee",
    "change_employee",
    "add_interview",
    "change_interview",
    "view_interview",
]


class Command(BaseCommand):
    help = (
        "Create (or reuse) the API user validate_deployment runs as, with only the interview "
        "permissions it needs, and print its token."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="deploy-validation")

    def handle(self, *args: Any, **options: Any) -> None:
        user, _ = User.objects.get_or_create(username=options["username"])
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="interviews", codename__in=PERMISSIONS
            )
        )
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
