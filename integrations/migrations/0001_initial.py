"""Leavers' scheduled invites and webhooks move here from interviews, tables and all.

State only: the tables keep their interviews_* names (Meta.db_table), so no row is copied
and nothing is locked. The content types follow, so permissions and admin history stay.
"""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ["webhook", "webhookdelivery", "scheduledinvite"]


def content_types_move(old, new):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in MODELS:
            if not ContentType.objects.filter(app_label=new, model=model).exists():
                ContentType.objects.filter(app_label=old, model=model).update(app_label=new)

    return move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("interviews", "0008_experienceevent_from_analytics"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Webhook",
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
                        ("url", models.URLField(max_length=500)),
                        (
                            "secret",
                            models.CharField(
                                help_text="Signs each body with HMAC-SHA256.", max_length=200
                            ),
                        ),
                        (
                            "events",
                            models.JSONField(default=list, help_text="Event names to send."),
                        ),
                        (
                            "include_answers",
                            models.BooleanField(
                                default=False,
                                help_text="Send the answer text too (personal data: only if needed).",
                            ),
                        ),
                        ("active", models.BooleanField(default=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "db_table": "interviews_webhook",
                    },
                ),
                migrations.CreateModel(
                    name="WebhookDelivery",
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
                            "event",
                            models.CharField(
                                choices=[
                                    ("interview.completed", "Interview completed"),
                                    ("interview.expired", "Interview expired"),
                                ],
                                max_length=40,
                            ),
                        ),
                        ("payload", models.JSONField()),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Pending"),
                                    ("delivered", "Delivered"),
                                    ("failed", "Failed"),
                                ],
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        (
                            "attempts",
                            models.JSONField(
                                default=list, help_text="Time, status code or error, per try."
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("delivered_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "webhook",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="deliveries",
                                to="integrations.webhook",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "webhook deliveries",
                        "db_table": "interviews_webhookdelivery",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="ScheduledInvite",
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
                        ("question_set_slug", models.SlugField(max_length=80)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "employee",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="interviews.employee",
                            ),
                        ),
                        (
                            "interview",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="interviews.interview",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interviews_scheduledinvite",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("employee", "question_set_slug"),
                                name="scheduled_invite_once",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(
            content_types_move("interviews", "integrations"),
            content_types_move("integrations", "interviews"),
        ),
    ]
