"""A question set's language is one the interface speaks."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0011_question_kind_choices_from_registry"),
    ]

    operations = [
        migrations.AlterField(
            model_name="questionset",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("de", "German")],
                default="en",
                help_text="The interview page and its e-mails speak this language.",
                max_length=10,
                verbose_name="language",
            ),
        ),
    ]
