from __future__ import annotations

from django.apps import AppConfig


class OperationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from operations import metrics

        metrics.celery_signals_connect()
