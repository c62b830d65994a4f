from __future__ import annotations

from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "analytics"

    def ready(self) -> None:
        from analytics.comments import answer_text_stored_receiver
        from interviews.signals import text_answer_stored

        text_answer_stored.connect(answer_text_stored_receiver, dispatch_uid="analytics-themes")
