from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate


class InterviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interviews"
    verbose_name = "Exit interviews"

    def ready(self) -> None:
        # The default cache is a database table; every `migrate` makes sure it exists.
        post_migrate.connect(cache_table_create, sender=self)


def cache_table_create(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Create the database cache's table if the cache is configured to use one."""
    call_command("createcachetable", database=using, verbosity=0)
