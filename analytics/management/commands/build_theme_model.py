"""Train the theme and sensitive-comment classifiers and write them for fast start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Train the classifiers on analytics/corpus/train.jsonl, report held-out scores, save."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="", help="Defaults to THEME_MODEL_PATH.")

    def handle(self, *args: Any, output: str, **options: Any) -> None:
        from analytics.theme_training import evaluate, models_train
        from analytics.themes import corpus_load, models_save

        path = Path(output or settings.THEME_MODEL_PATH)
        models = models_train(corpus_load("train"))
        scores = evaluate(models, corpus_load("test"))
        path.parent.mkdir(parents=True, exist_ok=True)
        models_save(models, str(path))
        self.stdout.write(
            f"Held-out ({scores.examples} comments): theme macro-F1 {scores.macro_f1:.3f}, "
            f"sensitive recall {scores.sensitive_recall:.2f}, "
            f"precision {scores.sensitive_precision:.2f}. Saved to {path}."
        )
