"""The interview event log moves here from analytics, which now only reads it.

State only: the table keeps its name analytics_experienceevent (Meta.db_table), so no row
is copied. The content type follows, so the Analysts group keeps its view permission.
"""

import django.db.models.deletion
from django.db import migrations, models


def content_type_move(old, new):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        if not ContentType.objects.filter(app_label=new, model="experienceevent").exists():
            ContentType.objects.filter(app_label=old, model="experienceevent").update(app_label=new)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0003_additive_partials_and_computed_days"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("interviews", "0007_scheduled_invites_and_webhooks"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ExperienceEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "type",
                            models.CharField(
                                choices=[
                                    ("interview_opened", "Interview opened"),
                                    ("interview_resumed", "Interview resumed"),
                                    ("question_viewed", "Question viewed"),
                                    ("answer_submitted", "Answer submitted"),
                                    ("interview_completed", "Interview completed"),
                                ],
                                max_length=24,
                            ),
                        ),
                        ("data", models.JSONField(blank=True, default=dict)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        (
                            "interview",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="interviews.interview",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "analytics_experienceevent",
                        "ordering": ["created_at", "id"],
                        "indexes": [
                            models.Index(
                                fields=["interview", "created_at"],
                                name="analytics_e_intervi_591b32_idx",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(
            content_type_move("analytics", "interviews"),
            content_type_move("interviews", "analytics"),
        ),
    ]
