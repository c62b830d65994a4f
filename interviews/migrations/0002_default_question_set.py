"""Install the default question set from interviews/question_sets/default.yaml."""

from __future__ import annotations

from pathlib import Path

from django.db import migrations
from django.utils import timezone

from interviews.question_set_io import document_parse

DEFAULT_SET = Path(__file__).resolve().parent.parent / "question_sets" / "default.yaml"


def install(apps, schema_editor):
    QuestionSet = apps.get_model("interviews", "QuestionSet")
    Question = apps.get_model("interviews", "Question")
    spec = document_parse(DEFAULT_SET.read_text(encoding="utf-8"))
    if QuestionSet.objects.filter(slug=spec.slug).exists():
        return
    question_set = QuestionSet.objects.create(
        name=spec.name,
        slug=spec.slug,
        language=spec.language,
        description=spec.description,
        version=1,
        status="published",
        is_default=not QuestionSet.objects.filter(is_default=True).exists(),
        published_at=timezone.now(),
    )
    for number, q in enumerate(spec.questions, start=1):
        Question.objects.create(
            question_set=question_set,
            key=q.key,
            text=q.text,
            help_text=q.help_text,
            kind=q.kind,
            choices=q.choices,
            required=q.required,
            order=number * 10,
            show_if_key=q.show_if_key,
            show_if_values=q.show_if_values,
        )


class Migration(migrations.Migration):
    dependencies = [("interviews", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
