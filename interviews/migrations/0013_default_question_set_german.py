"""Install the German default question set from interviews/question_sets/default_de.yaml.

It has the English default set's keys, so analytics joins the answers of both languages.
The English set stays the default; HR picks the German one for German-speaking leavers.
"""

from __future__ import annotations

from pathlib import Path

from django.db import migrations
from django.utils import timezone

from interviews.question_set_io import document_parse

GERMAN_SET = Path(__file__).resolve().parent.parent / "question_sets" / "default_de.yaml"


def install(apps, schema_editor):
    QuestionSet = apps.get_model("interviews", "QuestionSet")
    Question = apps.get_model("interviews", "Question")
    spec = document_parse(GERMAN_SET.read_text(encoding="utf-8"))
    if QuestionSet.objects.filter(slug=spec.slug).exists():
        return
    question_set = QuestionSet.objects.create(
        name=spec.name,
        slug=spec.slug,
        language=spec.language,
        description=spec.description,
        version=1,
        status="published",
        is_default=False,
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
    dependencies = [("interviews", "0012_question_set_language")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
