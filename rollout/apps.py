from __future__ import annotations

from django.apps import AppConfig


class RolloutConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rollout"

    def ready(self) -> None:
        from interviews.modes import mode_chooser_register
        from rollout.selectors import interview_mode_choose

        mode_chooser_register(interview_mode_choose)
