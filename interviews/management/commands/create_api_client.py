from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interviews.api.permissions import API_PERMISSIONS
from interviews.services.api_clients import ApiClientError, api_client_create


class Command(BaseCommand):
    help = (
        "Create the user an HR system calls /api/v1/ as, with exactly the API permissions, and "
        "print its token. Safe to run again: the token stays, the permissions are set anew."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="user name of the API client, e.g. hris")
        parser.add_argument(
            "--permission",
            action="append",
            dest="permissions",
            choices=API_PERMISSIONS,
            help="grant only this permission (repeatable); every API permission if omitted",
        )

    def handle(self, *args: Any, name: str, permissions: list[str] | None, **options: Any) -> None:
        try:
            user, token = api_client_create(
                username=name, permissions=permissions or API_PERMISSIONS
            )
        except ApiClientError as exc:
            raise CommandError(str(exc)) from exc
        granted = sorted(user.get_all_permissions())
        self.stderr.write(f"API client {user.username} may: {', '.join(granted)}")
        self.stdout.write(token)
